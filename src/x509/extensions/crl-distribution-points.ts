import type { ExtensionSpec } from '../../resolve/types.js';
import { explicit, implicitConstructed, seq, seqOf } from '../../der/write.js';
import { encodeGeneralName } from './general-name.js';

/**
 * CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
 * DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL, ... }
 * DistributionPointName ::= CHOICE { fullName [0] GeneralNames, ... }   (RFC 5280 4.2.1.13)
 * One distribution point per URI, as OpenSSL writes `crlDistributionPoints=URI:a,URI:b`.
 */
export function encodeCrlDistributionPoints(spec: Extract<ExtensionSpec, { kind: 'crlDistributionPoints' }>): Uint8Array {
  return seqOf(spec.uris.map((uri) => seq(explicit(0, implicitConstructed(0, encodeGeneralName({ type: 'uri', value: uri }))))));
}
