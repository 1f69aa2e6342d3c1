import type { ExtensionSpec } from '../../resolve/types.js';
import { oid, seq } from '../../der/write.js';
import { ACCESS_METHOD_OIDS } from '../../values/oids.js';
import { encodeGeneralName } from './general-name.js';

/**
 * AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
 * AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
 * (RFC 5280 4.2.2.1), one id-ad-ocsp entry per responder URI.
 */
export function encodeAuthorityInfoAccess(spec: Extract<ExtensionSpec, { kind: 'authorityInfoAccess' }>): Uint8Array {
  return seq(...spec.ocsp.map((uri) => seq(oid(ACCESS_METHOD_OIDS.ocsp), encodeGeneralName({ type: 'uri', value: uri }))));
}
