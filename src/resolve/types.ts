/**
 * The resolved model: what a template means once every default, profile and reference has been
 * applied. Nothing here is optional in the sense of "pick a default later": the x509 and stores
 * layers read these values and serialise them, they decide nothing.
 */

import type { StoreType } from '../stores/formats.js';
import type { RawCertificate } from '../template/types.js';
import type { GeneralName, KeySpec, KeyUsageName, NameAttribute, RevocationReason, SignatureSpec } from '../values/types.js';
import type { LoopbackOrigin } from '../values/publish.js';

export type ProfileName = 'root' | 'intermediate' | 'server' | 'client' | 'dual' | 'none' | 'ocsp';
export type Role = 'root' | 'intermediate' | 'leaf';

/** Every extension certgen can write, as a tagged union; `x509/extensions/index.ts` is exhaustive over `kind`. */
export type ExtensionSpec =
  | { readonly kind: 'basicConstraints'; readonly critical: boolean; readonly ca: boolean; readonly pathLength: number | null }
  | { readonly kind: 'keyUsage'; readonly critical: boolean; readonly usages: readonly KeyUsageName[] }
  | { readonly kind: 'extKeyUsage'; readonly critical: boolean; readonly oids: readonly string[] }
  | { readonly kind: 'subjectKeyIdentifier'; readonly critical: false }
  | { readonly kind: 'authorityKeyIdentifier'; readonly critical: false }
  | { readonly kind: 'subjectAltName'; readonly critical: boolean; readonly names: readonly GeneralName[] }
  | {
      readonly kind: 'nameConstraints';
      readonly critical: boolean;
      readonly permitted: readonly GeneralName[];
      readonly excluded: readonly GeneralName[];
    }
  | { readonly kind: 'crlDistributionPoints'; readonly critical: false; readonly uris: readonly string[] }
  | { readonly kind: 'authorityInfoAccess'; readonly critical: false; readonly ocsp: readonly string[]; readonly caIssuers: readonly string[] }
  /** id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1): a delegated OCSP responder's certificate is not itself checked for revocation. */
  | { readonly kind: 'ocspNoCheck'; readonly critical: false }
  | { readonly kind: 'raw'; readonly oid: string; readonly critical: boolean; readonly value: Uint8Array };

export type ExtensionKind = ExtensionSpec['kind'];

/** What `certgen verify` expects of a certificate: valid, or the one reason it is refused (docs/templates.md). */
export type Expectation = NonNullable<RawCertificate['expect']>;

export interface ResolvedCertificate {
  readonly name: string;
  readonly role: Role;
  readonly profile: ProfileName;
  /** The issuing certificate's name; a self-signed certificate names itself. */
  readonly issuer: string;
  readonly subject: readonly NameAttribute[];
  /** The key this certificate's key is generated from: its own spec, or the spec of `keyOwner`. */
  readonly key: KeySpec;
  /** The certificate whose key pair this one uses: itself, or the end of a `sameAs` chain. */
  readonly keyOwner: string;
  readonly signature: SignatureSpec;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Given serial, or null: drawn from the set's Rng (16 bytes, positive, minimal DER). */
  readonly serial: Uint8Array | null;
  /** Final, ordered list (EXTENSION_ORDER), criticality decided. */
  readonly extensions: readonly ExtensionSpec[];
  readonly expect: Expectation;
  /** Host checked by `verify` (server and dual default to `localhost`), or null. */
  readonly checkHost: string | null;
  /** How `<name>.key.pem` is written (docs/templates.md: keyFormat, keyPassword, keyMode). */
  readonly keyFile: KeyFileSpec;
}

/** The form of a certificate's private-key file; keys inside stores are unaffected. */
export interface KeyFileSpec {
  /** PKCS#8 (default), or PKCS#1 for RSA / SEC 1 for EC. */
  readonly format: 'pkcs8' | 'traditional';
  /** `keyPassword`, resolved at build time (`{env: VAR}` read then): the PKCS#8 is encrypted. Never printed. */
  readonly password: string | null;
  /** File mode, 0o600 unless `keyMode` says otherwise. */
  readonly mode: number;
}

export interface ResolvedCrl {
  /** The CA that signs the CRL. */
  readonly issuer: string;
  /** Chosen from the CA's key as for the certificates it signs (not copied from the CA's own certificate). */
  readonly signature: SignatureSpec;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly revoked: readonly { readonly cert: string; readonly reason: RevocationReason | null; readonly date: Date }[];
}

/**
 * OCSPResponseStatus (RFC 6960 4.2.1): `successful`, or an error response without a body.
 */
export type OcspResponseStatus = 'successful' | 'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized';

/** What `certgen verify` expects of an OCSP response (docs/templates.md: `ocspResponse`'s `expect`). */
export type OcspExpectation = 'valid' | 'expired' | 'notYetValid' | 'unauthorized' | 'error';

/** One `<name>.ocsp.der` fixture: everything decided (docs/templates.md: `ocspResponse` and its defaults). */
export interface ResolvedOcspResponse {
  /** The certificate the response is about (the file is `<cert>.ocsp.der`). */
  readonly cert: string;
  /** The CA that issued `cert`: the CertID names it. */
  readonly issuer: string;
  /** The certificate whose key signs the response: `signer`, else the issuer's ocspSigner, else the issuer. */
  readonly signer: string;
  readonly responseStatus: OcspResponseStatus;
  readonly status: 'good' | 'revoked' | 'unknown';
  /** For `revoked`: the issuer's CRL entry's date, else thisUpdate. */
  readonly revocationTime: Date | null;
  readonly revocationReason: RevocationReason | null;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly producedAt: Date;
  readonly expect: OcspExpectation;
}

export interface StoreEntry {
  readonly cert: string;
  readonly alias: string;
}

export interface ResolvedStore {
  /** File name inside the set's folder. */
  readonly file: string;
  readonly type: StoreType;
  /** Resolved at build time (`{env: VAR}` read then); never printed. */
  readonly password: string;
  readonly passwordIsDefault: boolean;
  readonly keys: readonly StoreEntry[];
  readonly trusted: readonly StoreEntry[];
  readonly encryption: 'aes256' | 'legacy';
  readonly iterations: number;
  /** Key entries carry their issuers up to the root (true, the default) or their certificate alone. */
  readonly chain: boolean;
}

export interface ResolvedSet {
  readonly name: string;
  /** The template file it came from (or `<memory>` for `generate()`). */
  readonly file: string;
  /** Deterministic mode when non-null. */
  readonly seed: string | null;
  /** The "now" every relative time counted from. */
  readonly epoch: Date;
  /** Issuers before the certificates they sign. */
  readonly certificates: readonly ResolvedCertificate[];
  readonly trust: readonly string[];
  readonly stores: readonly ResolvedStore[];
  readonly crls: readonly ResolvedCrl[];
  /** CA name → the responder certificate its `ocspSigner` names; a CA not listed signs its own responses. */
  readonly ocspSigners: ReadonlyMap<string, string>;
  readonly ocspResponses: readonly ResolvedOcspResponse[];
  /** `publish`: the loopback origin `certgen serve` answers on for this set, or null. */
  readonly publish: LoopbackOrigin | null;
}
