/**
 * A template as written (after schema validation): the input side of the spine. `shape.ts` checks
 * these types against the JSON Schema in `schema.ts`.
 */
import type { StoreType } from '../stores/formats.js';
import type { KeyName } from '../values/key.js';
import type { AttributeName, KeyUsageName, RevocationReason } from '../values/types.js';

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

export interface RawSharedFields {
  key?: RawKey;
  hash?: RawHash;
  pss?: boolean;
  validity?: RawValidity;
  crlDistributionPoints?: string[];
  ocsp?: string[];
}

export type RawRevoked = string | { cert: string; reason?: RevocationReason; date?: string };

export interface RawCertificate extends RawSharedFields {
  issuer?: string;
  profile?: 'root' | 'intermediate' | 'server' | 'client' | 'dual' | 'none';
  subject?: string | { [A in AttributeName]?: string | string[] };
  san?: string[];
  extKeyUsage?: string[];
  keyUsage?: KeyUsageName[];
  basicConstraints?: { ca?: boolean; pathLength?: number; critical?: boolean };
  pathLength?: number;
  nameConstraints?: { permitted?: string[]; excluded?: string[] };
  serial?: string;
  extensions?: { oid: string; critical?: boolean; value: string }[];
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
}

export type RawStoreEntry = string | { cert: string; alias?: string };

export interface RawStore {
  type?: StoreType;
  password?: string | number | { env: string };
  keys?: RawStoreEntry[];
  trusted?: RawStoreEntry[];
  encryption?: 'aes256' | 'legacy';
  iterations?: number;
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
}
