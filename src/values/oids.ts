/**
 * The object identifiers certgen writes and reads, in one table for the encoders (crypto, x509,
 * stores) and the inspector. `verify/` keeps its own copies on purpose: it is an independent
 * checker of what the writer produced. Format-private identifiers (PKCS#12 bag types) stay with
 * their format.
 */
import type { AttributeName, HashName } from './types.js';

/** X.520 / PKCS#9 / RFC 4519 attribute types certgen writes in names. */
export const ATTRIBUTE_OIDS: Record<AttributeName, string> = {
  CN: '2.5.4.3',
  serialNumber: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  E: '1.2.840.113549.1.9.1',
  DC: '0.9.2342.19200300.100.1.25',
};

/** Attribute types certgen does not write but names when it reads a certificate. */
export const READ_ONLY_ATTRIBUTE_OIDS = { street: '2.5.4.9', UID: '0.9.2342.19200300.100.1.1' } as const;

/** The certificate extensions certgen computes (RFC 5280 4.2); a raw extension with one of these replaces it. */
export const EXTENSION_OIDS = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

/** CRL and CRL-entry extensions (RFC 5280 5.2, 5.3). */
export const CRL_EXTENSION_OIDS = { cRLNumber: '2.5.29.20', cRLReasons: '2.5.29.21', authorityKeyIdentifier: EXTENSION_OIDS.authorityKeyIdentifier } as const;

/** RFC 5280 4.2.1.12 key purposes by the names the template uses. */
export const EKU_OIDS = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  any: '2.5.29.37.0',
} as const;

/** AccessDescription methods of authorityInfoAccess (RFC 5280 4.2.2.1). */
export const ACCESS_METHOD_OIDS = { ocsp: '1.3.6.1.5.5.7.48.1', caIssuers: '1.3.6.1.5.5.7.48.2' } as const;

/** OCSP response type and extensions (RFC 6960 4.2.1, 4.4.1). */
export const OCSP_OIDS = { basic: '1.3.6.1.5.5.7.48.1.1', nonce: '1.3.6.1.5.5.7.48.1.2' } as const;

export const HASH_OIDS: Record<HashName, string> = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

/** HMAC with each hash (RFC 8018 B.1), the PBKDF2 PRFs and PKCS#12 MACs. */
export const HMAC_OIDS: Record<HashName, string> = {
  sha1: '1.2.840.113549.2.7',
  sha256: '1.2.840.113549.2.9',
  sha384: '1.2.840.113549.2.10',
  sha512: '1.2.840.113549.2.11',
};

/** Signature algorithms (RFC 3279, 4055, 5758, 8410) and the key types they use. */
export const SIGNATURE_OIDS = {
  ecdsaWithSHA1: '1.2.840.10045.4.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  md5WithRSAEncryption: '1.2.840.113549.1.1.4',
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
} as const;

/** EC public keys and their named curves (RFC 5480). */
export const EC_OIDS = {
  ecPublicKey: '1.2.840.10045.2.1',
  'P-256': '1.2.840.10045.3.1.7',
  'P-384': '1.3.132.0.34',
  'P-521': '1.3.132.0.35',
} as const;
