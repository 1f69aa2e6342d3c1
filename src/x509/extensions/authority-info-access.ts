import type { ExtensionSpec } from '../../resolve/types.js';
import { oid, seq } from '../../der/write.js';
import { encodeGeneralName } from './general-name.js';

export const ID_AD_OCSP = '1.3.6.1.5.5.7.48.1';
export const ID_AD_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';

/**
 * AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
 * AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
 * (RFC 5280 4.2.2.1), one id-ad-ocsp entry per responder URI, then one id-ad-caIssuers entry per
 * URI where the issuer's certificate can be fetched.
 */
export function encodeAuthorityInfoAccess(spec: Extract<ExtensionSpec, { kind: 'authorityInfoAccess' }>): Uint8Array {
  const access = (method: string) => (uri: string) => seq(oid(method), encodeGeneralName({ type: 'uri', value: uri }));
  return seq(...spec.ocsp.map(access(ID_AD_OCSP)), ...spec.caIssuers.map(access(ID_AD_CA_ISSUERS)));
}
