/**
 * The names of a set's files inside `out/<set>/`: each certificate's files, each CA's CRL files
 * and the pin manifest (stores are named by the template). One row per kind of file, its suffix
 * after the certificate's name; artefacts/ gives every row its bytes, and pins.json lists a
 * certificate's files by these keys. The resolver refuses a store named like any of them.
 */
export const CERTIFICATE_FILES = { cert: '.pem', key: '.key.pem', fullchain: '.fullchain.pem', pub: '.pub.pem' } as const;
export const CRL_FILES = { pem: '.crl.pem', der: '.crl.der' } as const;
/** Only for a certificate whose template asks for `ocspResponse`: its OCSP response (for stapling). */
export const OCSP_RESPONSE_FILE = '.ocsp.der';

export type CertificateFile = keyof typeof CERTIFICATE_FILES;
export type CrlFile = keyof typeof CRL_FILES;

export const PINS_FILE = 'pins.json';

export const certificateFiles = (name: string): { readonly [K in CertificateFile]: string } => named(name, CERTIFICATE_FILES);

export const crlFiles = (ca: string): { readonly [K in CrlFile]: string } => named(ca, CRL_FILES);

export const ocspResponseFile = (name: string): string => name + OCSP_RESPONSE_FILE;

function named<K extends string>(stem: string, suffixes: Readonly<Record<K, string>>): Record<K, string> {
  // A plain loop: called several times per certificate, and fromEntries(entries().map()) cost
  // more than the rest of a leaf's file naming.
  const names = {} as Record<K, string>;
  for (const kind in suffixes) names[kind] = stem + suffixes[kind];
  return names;
}
