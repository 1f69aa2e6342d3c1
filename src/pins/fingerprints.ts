import { hexDigest } from '../crypto/digest.js';

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

/** The SPKI pin, base64 and hex, of a SubjectPublicKeyInfo DER. */
export function spkiPins(spki: Uint8Array): Pick<Fingerprints, 'spkiSha256' | 'spkiSha256Hex'> {
  const spkiHex = hexDigest('sha256', spki);
  return { spkiSha256: Buffer.from(spkiHex, 'hex').toString('base64'), spkiSha256Hex: spkiHex };
}

export function fingerprints(certDer: Uint8Array, spki: Uint8Array): Fingerprints {
  return {
    ...spkiPins(spki),
    certSha256: hexDigest('sha256', certDer),
    certSha1: hexDigest('sha1', certDer),
  };
}
