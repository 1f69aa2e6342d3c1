/**
 * Signature algorithms as verify reads them: which hash a certificate or CRL signature uses (SHA-1
 * and MD5 are `weakSignature`), and how node:crypto checks a CRL's signature (Node has no CRL
 * API; certificates are checked with X509Certificate#verify).
 */
import { constants, verify as verifySignature, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { OID } from './oids.js';

export type SignatureHash = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'none' | 'unknown';

const BY_OID: Record<string, SignatureHash> = {
  [OID.md5WithRSAEncryption]: 'md5',
  [OID.sha1WithRSAEncryption]: 'sha1',
  [OID.ecdsaWithSHA1]: 'sha1',
  [OID.dsaWithSha1]: 'sha1',
  [OID.sha256WithRSAEncryption]: 'sha256',
  [OID.sha384WithRSAEncryption]: 'sha384',
  [OID.sha512WithRSAEncryption]: 'sha512',
  [OID.ecdsaWithSHA256]: 'sha256',
  [OID.ecdsaWithSHA384]: 'sha384',
  [OID.ecdsaWithSHA512]: 'sha512',
  [OID.ed25519]: 'none',
  [OID.ed448]: 'none',
};

const HASH_BY_OID: Record<string, SignatureHash> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

/** Hashes under 112-bit collision resistance, which OpenSSL refuses from security level 1 (SHA-1 counts as 63 bits in 3.0). */
export const WEAK_HASHES: ReadonlySet<SignatureHash> = new Set(['md5', 'sha1']);

/**
 * The hash of a signature AlgorithmIdentifier. RSASSA-PSS names its hash in the parameters
 * (RFC 4055 3.1: hashAlgorithm [0], DEFAULT sha1 — an empty SEQUENCE means SHA-1).
 */
export function signatureHashOf(algorithm: string, params: unknown): SignatureHash {
  if (algorithm === OID.rsassaPss) {
    const seq = params instanceof asn1js.Sequence ? params : null;
    const hashField = seq?.valueBlock.value.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 0) as asn1js.Constructed | undefined;
    const hashAlg = hashField?.valueBlock.value[0] as asn1js.Sequence | undefined;
    const oid = (hashAlg?.valueBlock.value[0] as asn1js.ObjectIdentifier | undefined)?.valueBlock.toString();
    return oid === undefined ? 'sha1' : HASH_BY_OID[oid] ?? 'unknown';
  }
  return BY_OID[algorithm] ?? 'unknown';
}

/** Checks a signature over `data` (a CRL's TBSCertList) with the issuer's public key. */
export function verifyWith(algorithm: string, hash: SignatureHash, data: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  if (hash === 'unknown') return false;
  const digest = hash === 'none' ? null : hash;
  try {
    if (algorithm === OID.rsassaPss) {
      return verifySignature(digest, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
    }
    return verifySignature(digest, data, key, signature);
  } catch {
    // A key that cannot check this algorithm (say an EC key and an RSA signature) does not verify it.
    return false;
  }
}
