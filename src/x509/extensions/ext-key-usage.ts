import type { ExtensionSpec } from '../../resolve/types.js';
import { oid, seq } from '../der.js';

/** ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (RFC 5280 4.2.1.12). */
export function encodeExtKeyUsage(spec: Extract<ExtensionSpec, { kind: 'extKeyUsage' }>): Uint8Array {
  return seq(...spec.oids.map(oid));
}
