/** The files a certificate and a CRL are written to inside `out/<set>/` (SPEC: Files written). */
export function certificateFiles(name: string): { readonly cert: string; readonly key: string; readonly fullchain: string; readonly pub: string } {
  return { cert: `${name}.pem`, key: `${name}.key.pem`, fullchain: `${name}.fullchain.pem`, pub: `${name}.pub.pem` };
}

export function crlFiles(ca: string): { readonly pem: string; readonly der: string } {
  return { pem: `${ca}.crl.pem`, der: `${ca}.crl.der` };
}

export const PINS_FILE = 'pins.json';
