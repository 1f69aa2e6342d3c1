import { createHash } from 'node:crypto';

const digest = (algorithm: 'sha1' | 'sha256', data: Uint8Array): Buffer => createHash(algorithm).update(data).digest();

/**
 * The pin OkHttp, curl `--pinnedpubkey`, Envoy and HPKP use: SHA-256 over the whole
 * SubjectPublicKeyInfo DER (not the RSAPublicKey, not the BIT STRING).
 */
export interface Fingerprints {
  /** base64 */
  readonly spkiSha256: string;
  readonly spkiSha256Hex: string;
  /** lowercase hex over the certificate DER */
  readonly certSha256: string;
  readonly certSha1: string;
}

export function fingerprints(certDer: Uint8Array, spki: Uint8Array): Fingerprints {
  const spkiHash = digest('sha256', spki);
  return {
    spkiSha256: spkiHash.toString('base64'),
    spkiSha256Hex: spkiHash.toString('hex'),
    certSha256: digest('sha256', certDer).toString('hex'),
    certSha1: digest('sha1', certDer).toString('hex'),
  };
}
