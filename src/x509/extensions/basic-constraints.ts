import type { ExtensionSpec } from '../../resolve/types.js';
import { bool, seq, smallInteger } from '../der.js';

/**
 * BasicConstraints ::= SEQUENCE {
 *   cA                 BOOLEAN DEFAULT FALSE,
 *   pathLenConstraint  INTEGER (0..MAX) OPTIONAL }
 * DER omits a DEFAULT value, so CA:FALSE is an empty SEQUENCE (RFC 5280 4.2.1.9).
 */
export function encodeBasicConstraints(spec: Extract<ExtensionSpec, { kind: 'basicConstraints' }>): Uint8Array {
  const parts = spec.ca ? [bool(true)] : [];
  if (spec.pathLength !== null) parts.push(smallInteger(spec.pathLength));
  return seq(...parts);
}
