import { EXTENSION_OIDS } from '../../resolve/profiles.js';
import type { ExtensionSpec } from '../../resolve/types.js';
import { bool, octetString, oid, seq } from '../der.js';
import { encodeAuthorityInfoAccess } from './authority-info-access.js';
import { encodeBasicConstraints } from './basic-constraints.js';
import { encodeCrlDistributionPoints } from './crl-distribution-points.js';
import { encodeExtKeyUsage } from './ext-key-usage.js';
import { encodeAuthorityKeyIdentifier, encodeSubjectKeyIdentifier } from './key-identifiers.js';
import { encodeKeyUsage } from './key-usage.js';
import { encodeNameConstraints } from './name-constraints.js';
import { encodeSubjectAltName } from './subject-alt-name.js';

/** What an extension may need besides its own spec. */
export interface EncodeContext {
  readonly subjectKeyId: Uint8Array;
  /** The issuer's subjectKeyIdentifier (equals subjectKeyId when self-signed). */
  readonly issuerKeyId: Uint8Array;
}

type Encoders = { [K in ExtensionSpec['kind']]: (spec: Extract<ExtensionSpec, { kind: K }>, ctx: EncodeContext) => Uint8Array };

/** Every extension kind has an encoder: adding a kind without one is a compile error. */
const ENCODERS = {
  basicConstraints: encodeBasicConstraints,
  keyUsage: encodeKeyUsage,
  extKeyUsage: encodeExtKeyUsage,
  subjectKeyIdentifier: (_spec, ctx) => encodeSubjectKeyIdentifier(ctx.subjectKeyId),
  authorityKeyIdentifier: (_spec, ctx) => encodeAuthorityKeyIdentifier(ctx.issuerKeyId),
  subjectAltName: encodeSubjectAltName,
  nameConstraints: encodeNameConstraints,
  crlDistributionPoints: encodeCrlDistributionPoints,
  authorityInfoAccess: encodeAuthorityInfoAccess,
  raw: (spec) => spec.value,
} satisfies Encoders;

/** Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
export function encodeExtension(spec: ExtensionSpec, ctx: EncodeContext): Uint8Array {
  const value = (ENCODERS[spec.kind] as (s: ExtensionSpec, c: EncodeContext) => Uint8Array)(spec, ctx);
  const id = spec.kind === 'raw' ? spec.oid : EXTENSION_OIDS[spec.kind];
  return seq(oid(id), ...(spec.critical ? [bool(true)] : []), octetString(value));
}
