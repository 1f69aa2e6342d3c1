import type { ExtensionSpec } from '../../resolve/types.js';
import { oid, seq, seqOf } from '../../der/write.js';
import { ACCESS_METHOD_OIDS } from '../../values/oids.js';
import { encodeGeneralName } from './general-name.js';

/**
 * AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
 * AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
 * (RFC 5280 4.2.2.1), one id-ad-ocsp entry per responder URI, then one id-ad-caIssuers entry per
 * URI where the issuer's certificate can be fetched.
 */
export function encodeAuthorityInfoAccess(spec: Extract<ExtensionSpec, { kind: 'authorityInfoAccess' }>): Uint8Array {
  const access = (method: string) => (uri: string) => seq(oid(method), encodeGeneralName({ type: 'uri', value: uri }));
  return seqOf([...spec.ocsp.map(access(ACCESS_METHOD_OIDS.ocsp)), ...spec.caIssuers.map(access(ACCESS_METHOD_OIDS.caIssuers))]);
}
