/** PEM armour (RFC 7468): base64 in 64-character lines between BEGIN/END labels. */
export function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  // One join, not a string grown line by line (a set armours thousands of PEMs).
  return `-----BEGIN ${label}-----\n${lines.length === 0 ? '' : lines.join('\n')}\n-----END ${label}-----\n`;
}

export const certificatePem = (der: Uint8Array): string => pem('CERTIFICATE', der);

const armoured = new WeakMap<Uint8Array, string>();
/**
 * A certificate's PEM, armoured once per DER array (which must not change): a thousand leaves'
 * fullchains and handles repeat the same issuers. Weak: the text dies with its DER.
 */
export function sharedCertificatePem(der: Uint8Array): string {
  let text = armoured.get(der);
  if (text === undefined) armoured.set(der, (text = certificatePem(der)));
  return text;
}
export const privateKeyPem = (pkcs8: Uint8Array): string => pem('PRIVATE KEY', pkcs8);
/** SubjectPublicKeyInfo (RFC 7468 section 13): what `curl --pinnedpubkey FILE` and JWT libraries read. */
export const publicKeyPem = (spki: Uint8Array): string => pem('PUBLIC KEY', spki);
export const crlPem = (der: Uint8Array): string => pem('X509 CRL', der);

/** Every DER block of a PEM text, in order, with its label. */
export function pemBlocks(text: string): { label: string; der: Uint8Array }[] {
  const blocks: { label: string; der: Uint8Array }[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    blocks.push({ label: m[1]!, der: new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')) });
  }
  return blocks;
}
