import type { ExtensionSpec } from '../../resolve/types.js';
import type { KeyUsageName } from '../../values/types.js';
import { tlv } from '../../der/write.js';

/** KeyUsage bit positions (RFC 5280 4.2.1.3). */
export const KEY_USAGE_BITS: Record<KeyUsageName, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
};

/**
 * KeyUsage ::= BIT STRING { digitalSignature (0), ... decipherOnly (8) }
 * A named BIT STRING in DER drops trailing zero bits (X.690 11.2.2), so the length and the
 * unused-bits count depend on the highest bit set; hand-made because no verifier catches a wrong one.
 */
export function encodeKeyUsage(spec: Extract<ExtensionSpec, { kind: 'keyUsage' }>): Uint8Array {
  const positions = spec.usages.map((u) => KEY_USAGE_BITS[u]);
  const highest = Math.max(...positions);
  const octets = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of positions) octets[bit >> 3]! |= 0x80 >> (bit & 7);
  const unused = 7 - (highest % 8);
  return tlv(0x03, Uint8Array.of(unused), octets);
}

/** The usages set in a KeyUsage BIT STRING's contents (bit 0 = the first octet's top bit), in bit order. */
export function decodeKeyUsage(octets: Uint8Array): KeyUsageName[] {
  return (Object.entries(KEY_USAGE_BITS) as [KeyUsageName, number][])
    .filter(([, bit]) => ((octets[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0)
    .map(([name]) => name);
}
