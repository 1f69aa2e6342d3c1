/**
 * The private-key file of a certificate (`<name>.key.pem`) in the form its template asks for
 * (docs/templates.md: keyFormat, keyPassword): PKCS#8 (default), the traditional PKCS#1 (RSA) or SEC 1 (EC)
 * form, or an encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC). Returns the PEM label
 * and the DER; armouring is the caller's.
 */
import { createPrivateKey } from 'node:crypto';
import { encryptedPrivateKeyInfo, sealPbes2 } from './pbes2.js';
import type { KeyPair, Rng } from './types.js';

export interface KeyFileForm {
  readonly format: 'pkcs8' | 'traditional';
  /** Encrypts the PKCS#8 when non-null (never with `traditional`: the resolver refuses it). */
  readonly password: string | null;
}

/** OpenSSL's PKCS5_DEFAULT_ITER: what `openssl pkcs8 -topk8 -v2 aes-256-cbc` and Node's export use. */
export const KEY_FILE_ITERATIONS = 2048;

export interface KeyFileDer {
  readonly label: 'PRIVATE KEY' | 'ENCRYPTED PRIVATE KEY' | 'RSA PRIVATE KEY' | 'EC PRIVATE KEY';
  readonly der: Uint8Array;
}

/** `rng` gives the PBES2 salt and IV (seeded: the same file every build); unused otherwise. */
export function encodeKeyFile(key: KeyPair, form: KeyFileForm, rng: Rng): KeyFileDer {
  if (form.password !== null) {
    if (form.format !== 'pkcs8') throw new RangeError('only a PKCS#8 key file is encrypted');
    return { label: 'ENCRYPTED PRIVATE KEY', der: encryptedPrivateKeyInfo(sealPbes2(key.pkcs8, form.password, KEY_FILE_ITERATIONS, rng)) };
  }
  if (form.format === 'pkcs8') return { label: 'PRIVATE KEY', der: key.pkcs8 };
  return traditionalKey(key);
}

/**
 * PKCS#1 RSAPrivateKey (RFC 8017 A.1.2) or SEC 1 ECPrivateKey (RFC 5915, with the curve's OID in
 * [0] parameters and the public key in [1]), exactly as OpenSSL writes them (`openssl rsa`,
 * `openssl ec`): node:crypto's export is OpenSSL's encoder. Ed25519 has no traditional form.
 */
function traditionalKey(key: KeyPair): KeyFileDer {
  const object = createPrivateKey({ key: Buffer.from(key.pkcs8), format: 'der', type: 'pkcs8' });
  switch (key.spec.type) {
    case 'rsa':
      return { label: 'RSA PRIVATE KEY', der: new Uint8Array(object.export({ format: 'der', type: 'pkcs1' })) };
    case 'ec':
      return { label: 'EC PRIVATE KEY', der: new Uint8Array(object.export({ format: 'der', type: 'sec1' })) };
    case 'ed25519':
      throw new RangeError('an Ed25519 key has no traditional (PKCS#1/SEC 1) form');
  }
}
