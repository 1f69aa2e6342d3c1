import type { ExtensionSpec } from '../../resolve/types.js';
import { bool, seq, smallInteger } from '../../der/write.js';
import { booleanValue, integerValue, sequenceItems } from '../../der/read.js';

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

/** cA and pathLenConstraint of a DER BasicConstraints. */
export function decodeBasicConstraints(value: Uint8Array): { ca: boolean; pathLength: number | null } {
  const items = sequenceItems(value);
  const ca = (items[0] && booleanValue(items[0])) ?? false;
  const last = items[items.length - 1];
  return { ca, pathLength: last ? integerValue(last) : null };
}
