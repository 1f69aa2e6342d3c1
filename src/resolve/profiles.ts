import type { ExtensionKind, ProfileName } from './types.js';
import type { HashName, KeySpec, KeyUsageName } from '../values/types.js';

export interface ProfileDefaults {
  /** basicConstraints to write (always critical), or null for none. */
  readonly basicConstraints: { readonly ca: boolean } | null;
  /** keyUsage (critical), or null for none. */
  readonly keyUsage: readonly KeyUsageName[] | null;
  /** RSA keys also get keyEncipherment (RSA key transport in TLS 1.2 and earlier). */
  readonly rsaKeyEncipherment: boolean;
  /** extKeyUsage names, or null for none. */
  readonly extKeyUsage: readonly string[] | null;
  /** Whether a missing `san` means `localhost, 127.0.0.1, ::1`. */
  readonly defaultSan: boolean;
  /** The TLS purposes `verify` checks a leaf of this profile for. */
  readonly purposes: readonly ('server' | 'client')[];
  /** Adds id-pkix-ocsp-nocheck (the `ocsp` profile: a delegated responder, RFC 6960 4.2.2.2.1). */
  readonly ocspNoCheck?: true;
}

const CA_USAGES: readonly KeyUsageName[] = ['keyCertSign', 'cRLSign', 'digitalSignature'];

/** The profile table (docs/templates.md), one row per profile. CA profiles carry no EKU (EKU on CAs narrows everything below). */
export const PROFILES: Readonly<Record<ProfileName, ProfileDefaults>> = {
  root: { basicConstraints: { ca: true }, keyUsage: CA_USAGES, rsaKeyEncipherment: false, extKeyUsage: null, defaultSan: false, purposes: [] },
  intermediate: { basicConstraints: { ca: true }, keyUsage: CA_USAGES, rsaKeyEncipherment: false, extKeyUsage: null, defaultSan: false, purposes: [] },
  server: { basicConstraints: { ca: false }, keyUsage: ['digitalSignature'], rsaKeyEncipherment: true, extKeyUsage: ['serverAuth'], defaultSan: true, purposes: ['server'] },
  client: { basicConstraints: { ca: false }, keyUsage: ['digitalSignature'], rsaKeyEncipherment: false, extKeyUsage: ['clientAuth'], defaultSan: false, purposes: ['client'] },
  dual: { basicConstraints: { ca: false }, keyUsage: ['digitalSignature'], rsaKeyEncipherment: true, extKeyUsage: ['serverAuth', 'clientAuth'], defaultSan: true, purposes: ['server', 'client'] },
  ocsp: { basicConstraints: { ca: false }, keyUsage: ['digitalSignature'], rsaKeyEncipherment: false, extKeyUsage: ['OCSPSigning'], defaultSan: false, purposes: [], ocspNoCheck: true },
  none: { basicConstraints: null, keyUsage: null, rsaKeyEncipherment: false, extKeyUsage: null, defaultSan: false, purposes: [] },
};

export const DEFAULT_SAN: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** Fixed emission order of computed extensions (Go's order, roughly); raw extensions follow. */
export const EXTENSION_ORDER = [
  'basicConstraints',
  'keyUsage',
  'extKeyUsage',
  'subjectKeyIdentifier',
  'authorityKeyIdentifier',
  'subjectAltName',
  'nameConstraints',
  'crlDistributionPoints',
  'authorityInfoAccess',
  'ocspNoCheck',
] as const satisfies readonly Exclude<ExtensionKind, 'raw'>[];

/** The default hash follows the signing key: sha384 for P-384, sha512 for P-521, else sha256. */
export function defaultHash(signingKey: KeySpec): HashName {
  if (signingKey.type === 'ec' && signingKey.curve === 'P-384') return 'sha384';
  if (signingKey.type === 'ec' && signingKey.curve === 'P-521') return 'sha512';
  return 'sha256';
}

/** Seeded sets start before Apple's 825-day rule (notBefore after 2019-07-01) applies. */
export const DETERMINISTIC_EPOCH = new Date('2019-06-01T00:00:00Z');
/** RFC 5280 4.1.2.5: "no well-defined expiration date"; also the last second X.509 can encode. */
export const NO_EXPIRY = new Date('9999-12-31T23:59:59Z');
/**
 * `from` plus a default period, stopping at NO_EXPIRY: a default (a certificate's 397 days, a
 * CRL's or an OCSP response's next update) never makes a time X.509 cannot encode, where the
 * template gave none. A period the template gives is not cut short: it is refused.
 */
export const defaultEnd = (from: Date, periodMs: number): Date => new Date(Math.min(from.getTime() + periodMs, NO_EXPIRY.getTime()));
export const DEFAULT_DAYS = 397;
export const DEFAULT_NOT_BEFORE = '-1h';
export const DEFAULT_PASSWORD = 'changeit';
export const DEFAULT_ITERATIONS = 2048;
/** private keys 0600 unless the template asks otherwise (`keyMode`). */
export const DEFAULT_KEY_MODE = 0o600;
