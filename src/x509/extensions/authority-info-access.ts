import type { ExtensionSpec } from '../../resolve/types.js';
import { oid, seq, seqOf } from '../../der/write.js';
import { encodeGeneralName } from './general-name.js';

export const ID_AD_OCSP = '1.3.6.1.5.5.7.48.1';

/**
 * AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
 * AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
 * (RFC 5280 4.2.2.1), one id-ad-ocsp entry per responder URI.
 */
export function encodeAuthorityInfoAccess(spec: Extract<ExtensionSpec, { kind: 'authorityInfoAccess' }>): Uint8Array {
  return seqOf(spec.ocsp.map((uri) => seq(oid(ID_AD_OCSP), encodeGeneralName({ type: 'uri', value: uri }))));
}
