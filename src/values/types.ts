/**
 * The value types of a certificate, shared by every layer from crypto up: what a key, a name, a
 * general name, a key usage or a revocation reason is once parsed, independent of templates.
 */

export type KeySpec =
  | { readonly type: 'ec'; readonly curve: 'P-256' | 'P-384' | 'P-521' }
  | { readonly type: 'rsa'; readonly size: number }
  | { readonly type: 'ed25519' };

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** How a certificate is signed: the issuer's key type decides the algorithm family. */
export interface SignatureSpec {
  readonly hash: HashName;
  /** RSA-PSS instead of PKCS#1 v1.5 (RSA issuers only). */
  readonly pss: boolean;
}

/** Subject attribute types by the names templates use (the order the schema lists them in). */
export const ATTRIBUTE_NAMES = ['CN', 'O', 'OU', 'C', 'ST', 'L', 'E', 'DC', 'serialNumber'] as const;
export type AttributeName = (typeof ATTRIBUTE_NAMES)[number];

/** One attribute; certgen writes one attribute per RDN (multi-valued RDNs break Python). */
export interface NameAttribute {
  readonly type: AttributeName;
  readonly value: string;
}

/** A GeneralName as written in SAN and name constraints, in the user's order. */
export type GeneralName =
  | { readonly type: 'dns'; readonly value: string }
  /** `bytes` is 4 or 16 octets for a SAN; 8 or 32 (address + mask) in name constraints. */
  | { readonly type: 'ip'; readonly value: string; readonly bytes: Uint8Array }
  | { readonly type: 'email'; readonly value: string }
  | { readonly type: 'uri'; readonly value: string };

/** RFC 5280 4.2.1.3 key usages, in bit order. */
export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_NAMES)[number];

/** RFC 5280 5.3.1 CRL reasons by name (their codes are written in x509/crl.ts). */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];
