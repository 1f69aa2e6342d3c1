import { EXTENSION_OIDS } from '../../values/oids.js';
import type { ExtensionSpec } from '../../resolve/types.js';
import { bool, nullValue, octetString, oid, seq } from '../../der/write.js';
import { encodeAuthorityInfoAccess } from './authority-info-access.js';
import { decodeBasicConstraints, encodeBasicConstraints } from './basic-constraints.js';
import { encodeCrlDistributionPoints } from './crl-distribution-points.js';
import { decodeExtKeyUsage, encodeExtKeyUsage } from './ext-key-usage.js';
import { encodeAuthorityKeyIdentifier, encodeSubjectKeyIdentifier } from './key-identifiers.js';
import { encodeKeyUsage } from './key-usage.js';
import { encodeNameConstraints } from './name-constraints.js';
import { decodeSubjectAltName, encodeSubjectAltName } from './subject-alt-name.js';

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
  ocspNoCheck: () => nullValue(), // OCSPNoCheck ::= NULL
  raw: (spec) => spec.value,
} satisfies Encoders;

/** Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
export function encodeExtension(spec: ExtensionSpec, ctx: EncodeContext): Uint8Array {
  const value = (ENCODERS[spec.kind] as (s: ExtensionSpec, c: EncodeContext) => Uint8Array)(spec, ctx);
  const id = spec.kind === 'raw' ? spec.oid : EXTENSION_OIDS[spec.kind];
  return seq(oid(id), ...(spec.critical ? [bool(true)] : []), octetString(value));
}

/**
 * What a certificate really carries for the extensions others read (EKU, SAN, basicConstraints):
 * a raw extension that replaced a computed one is decoded back into its typed form, so pins.json
 * describes the certificate, not the template's plan. Undecodable raw values stay raw.
 */
export function effectiveExtension(spec: ExtensionSpec): ExtensionSpec {
  if (spec.kind !== 'raw') return spec;
  try {
    switch (spec.oid) {
      case EXTENSION_OIDS.extKeyUsage:
        return { kind: 'extKeyUsage', critical: spec.critical, oids: decodeExtKeyUsage(spec.value) };
      case EXTENSION_OIDS.subjectAltName:
        return { kind: 'subjectAltName', critical: spec.critical, names: decodeSubjectAltName(spec.value) };
      case EXTENSION_OIDS.basicConstraints:
        return { kind: 'basicConstraints', critical: spec.critical, ...decodeBasicConstraints(spec.value) };
      default:
        return spec;
    }
  } catch {
    return spec;
  }
}
