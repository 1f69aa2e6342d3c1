/**
 * The algorithm table: which signature algorithm a (key type, hash, pss) triple means, its exact
 * AlgorithmIdentifier DER, and the names other layers print. Encoded here by hand (a handful of
 * fixed byte strings, each computed once), not left to pkijs, whose RSA identifiers lack the NULL
 * parameters RFC 4055 requires.
 */
import type { HashName, KeySpec, SignatureSpec } from '../values/types.js';
import { nullValue, oid as oidDer, tlv } from '../der/write.js';
import { HASH_OIDS, SIGNATURE_OIDS } from '../values/oids.js';

const NULL = nullValue();
import type { AlgorithmIdentifierDer } from './types.js';

const ECDSA_OID: Record<HashName, string> = {
  sha1: SIGNATURE_OIDS.ecdsaWithSHA1,
  sha256: SIGNATURE_OIDS.ecdsaWithSHA256,
  sha384: SIGNATURE_OIDS.ecdsaWithSHA384,
  sha512: SIGNATURE_OIDS.ecdsaWithSHA512,
};

const RSA_PKCS1_OID: Record<HashName, string> = {
  sha1: SIGNATURE_OIDS.sha1WithRSAEncryption,
  sha256: SIGNATURE_OIDS.sha256WithRSAEncryption,
  sha384: SIGNATURE_OIDS.sha384WithRSAEncryption,
  sha512: SIGNATURE_OIDS.sha512WithRSAEncryption,
};

/** Output length in bytes; also the RSA-PSS salt length certgen uses (RFC 4055's recommendation). */
export const HASH_LENGTH: Record<HashName, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** WebCrypto's spelling of each hash. */
export const WEBCRYPTO_HASH: Record<HashName, 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/** sha256 by default, sha384 for a P-384 issuer, sha512 for a P-521 issuer. */
export function defaultHash(issuerKey: KeySpec): HashName {
  if (issuerKey.type === 'ec' && issuerKey.curve === 'P-384') return 'sha384';
  if (issuerKey.type === 'ec' && issuerKey.curve === 'P-521') return 'sha512';
  return 'sha256';
}

/** pins.json's `keyAlgorithm`: `ECDSA P-256|P-384|P-521`, `RSA <bits>` or `Ed25519`. */
export function keyAlgorithmName(spec: KeySpec): string {
  switch (spec.type) {
    case 'ec':
      return `ECDSA ${spec.curve}`;
    case 'rsa':
      return `RSA ${spec.size}`;
    case 'ed25519':
      return 'Ed25519';
  }
}

/**
 * The signatureAlgorithm a certificate (or CRL) signed by `issuerKey` carries.
 * ECDSA and Ed25519: parameters absent (RFC 5758, RFC 8410). PKCS#1 v1.5: parameters NULL
 * (RFC 4055). RSASSA-PSS: explicit parameters, salt = hash length (RFC 4055 section 3.1).
 * Ed25519 ignores `hash`; `pss` with a non-RSA key is an error (the resolver should not ask).
 * Each distinct identifier is encoded once and shared (callers embed the bytes, never modify them).
 */
export function signatureAlgorithm(issuerKey: KeySpec, sig: SignatureSpec): AlgorithmIdentifierDer {
  if (sig.pss && issuerKey.type !== 'rsa') throw new Error(`RSA-PSS needs an RSA key, not ${keyAlgorithmName(issuerKey)}`);
  const id = issuerKey.type === 'ed25519' ? 'ed25519' : `${issuerKey.type}/${sig.hash}/${sig.pss}`;
  let algorithm = algorithmCache.get(id);
  if (algorithm === undefined) {
    algorithm = encodeSignatureAlgorithm(issuerKey, sig);
    algorithmCache.set(id, algorithm);
  }
  return algorithm;
}

const algorithmCache = new Map<string, AlgorithmIdentifierDer>();

function encodeSignatureAlgorithm(issuerKey: KeySpec, sig: SignatureSpec): AlgorithmIdentifierDer {
  switch (issuerKey.type) {
    case 'ec':
      return algorithmIdentifier(ECDSA_OID[sig.hash], null);
    case 'ed25519':
      return algorithmIdentifier(SIGNATURE_OIDS.ed25519, null);
    case 'rsa':
      return sig.pss ? algorithmIdentifier(SIGNATURE_OIDS.rsassaPss, pssParams(sig.hash)) : algorithmIdentifier(RSA_PKCS1_OID[sig.hash], NULL);
  }
}

/**
 * RSASSA-PSS-params (RFC 4055 section 3.1, fields EXPLICIT-tagged). Fields equal to their
 * DEFAULT are omitted, as DER requires: for SHA-1 every field is the default (sha1, mgf1SHA1,
 * salt 20, trailer 1), so the parameters are an empty SEQUENCE. The trailer field is always 1.
 */
function pssParams(hash: HashName): Uint8Array {
  if (hash === 'sha1') return tlv(0x30);
  const hashAlgorithm = algorithmIdentifierDer(HASH_OIDS[hash], NULL);
  return tlv(
    0x30,
    tlv(0xa0, hashAlgorithm),
    tlv(0xa1, algorithmIdentifierDer(SIGNATURE_OIDS.mgf1, hashAlgorithm)),
    tlv(0xa2, tlv(0x02, Uint8Array.of(HASH_LENGTH[hash]))), // 20..64: one positive octet
  );
}

/**
 * A digest AlgorithmIdentifier with NULL parameters, as OpenSSL writes one (an OCSP CertID's
 * hashAlgorithm). Shared bytes: embed, never modify.
 */
export function digestAlgorithm(hash: HashName): Uint8Array {
  let der = digestCache.get(hash);
  if (der === undefined) digestCache.set(hash, (der = algorithmIdentifierDer(HASH_OIDS[hash], NULL)));
  return der;
}

const digestCache = new Map<HashName, Uint8Array>();

function algorithmIdentifierDer(oid: string, params: Uint8Array | null): Uint8Array {
  return params ? tlv(0x30, oidDer(oid), params) : tlv(0x30, oidDer(oid));
}

function algorithmIdentifier(oid: string, params: Uint8Array | null): AlgorithmIdentifierDer {
  return { oid, der: algorithmIdentifierDer(oid, params) };
}
