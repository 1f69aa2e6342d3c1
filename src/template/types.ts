/**
 * A template as written (after schema validation): the input side of the spine. `shape.ts` checks
 * these types against the JSON Schema in `schema.ts`.
 */
import type { StoreType } from '../stores/formats.js';
import type { KeyName } from '../values/key.js';
import type { AttributeName, KeyUsageName, RevocationReason } from '../values/types.js';
import type { FieldPath } from '../errors.js';

export type RawKey =
  | KeyName
  | { type: 'rsa'; size: number }
  | { type: 'ec'; curve: 'P-256' | 'P-384' | 'P-521' }
  | { type: 'ed25519' }
  | { sameAs: string };

export interface RawValidity {
  notBefore?: string;
  notAfter?: string;
  days?: number;
}

export type RawHash = 'sha256' | 'sha384' | 'sha512' | 'sha1';

/** A password as written: text, a YAML number (its digits), or `{env: VAR}` read at build time. */
export type RawPassword = string | number | { env: string };

export interface RawSharedFields {
  key?: RawKey;
  /** `<name>.key.pem` as PKCS#8 (default) or traditional: PKCS#1 for RSA, SEC 1 for EC (an error for Ed25519). */
  keyFormat?: 'pkcs8' | 'traditional';
  /** Encrypts `<name>.key.pem` (PKCS#8, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC); not with `keyFormat: traditional`. */
  keyPassword?: RawPassword;
  /** The mode of `<name>.key.pem`, an octal string; default "0600". */
  keyMode?: '0600' | '0640' | '0644' | '0400' | '0440' | '0444';
  hash?: RawHash;
  pss?: boolean;
  validity?: RawValidity;
  crlDistributionPoints?: string[];
  ocsp?: string[];
  /** AIA caIssuers URIs (where the issuer's certificate is), beside `ocsp`. */
  caIssuers?: string[];
}

export type RawRevoked = string | { cert: string; reason?: RevocationReason; date?: string };

export interface RawCertificate extends RawSharedFields {
  issuer?: string;
  profile?: 'root' | 'intermediate' | 'server' | 'client' | 'dual' | 'none' | 'ocsp';
  subject?: string | { [A in AttributeName]?: string | string[] };
  san?: string[];
  extKeyUsage?: string[];
  keyUsage?: KeyUsageName[];
  basicConstraints?: { ca?: boolean; pathLength?: number; critical?: boolean };
  pathLength?: number;
  nameConstraints?: { permitted?: string[]; excluded?: string[] };
  serial?: string;
  /** Raw extensions; `value` must be exactly one DER TLV unless `malformed: true` (written unchecked). */
  extensions?: { oid: string; critical?: boolean; value: string; malformed?: boolean }[];
  expect?:
    | 'valid'
    | 'expired'
    | 'notYetValid'
    | 'hostname'
    | 'purpose'
    | 'untrusted'
    | 'revoked'
    | 'pathLength'
    | 'nameConstraints'
    | 'notCA'
    | 'weakKey'
    | 'weakSignature'
    | 'selfSigned';
  checkHost?: string;
  crl?: { revoked?: RawRevoked[]; thisUpdate?: string; nextUpdate?: string };
  ocspSigner?: string;
  ocspResponse?: true | RawOcspResponse;
}

export interface RawOcspResponse {
  status?: 'good' | 'revoked' | 'unknown';
  revocationReason?: RevocationReason;
  thisUpdate?: string;
  nextUpdate?: string;
  producedAt?: string;
  signer?: string;
  responseStatus?: 'successful' | 'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized';
  expect?: 'valid' | 'expired' | 'notYetValid' | 'unauthorized' | 'error';
}

export type RawStoreEntry = string | { cert: string; alias?: string };

export interface RawStore {
  type?: StoreType;
  password?: RawPassword;
  keys?: RawStoreEntry[];
  trusted?: RawStoreEntry[];
  encryption?: 'aes256' | 'legacy';
  iterations?: number;
  /** false: each key entry with its certificate alone, no issuers (default true). */
  chain?: boolean;
}

export interface RawTemplate {
  version: 1;
  name?: string;
  seed?: string;
  epoch?: string;
  defaults?: RawSharedFields;
  certificates: Record<string, RawCertificate>;
  stores?: Record<string, RawStore>;
  trust?: string[];
  publish?: string;
}

/** A validated template and where it came from. */
export interface LoadedTemplate {
  /** The path as given by the user (used in messages). */
  readonly file: string;
  /** The set name: `name`, or the file name without extension. */
  readonly name: string;
  readonly template: RawTemplate;
  /** The line and column of the node at a field path, where the template came from text. */
  readonly locate?: (path: FieldPath) => { readonly line: number; readonly column: number } | undefined;
}
