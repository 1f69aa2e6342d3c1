import type { Rng } from '../crypto/types.js';

/**
 * A default serial: 16 bytes from the Rng with the top bit cleared and the first octet non-zero,
 * so it is positive and minimally DER-encoded in exactly 16 octets (RFC 5280 4.1.2.2;
 * a needless leading 0x00 broke undici's tests).
 */
export function randomSerial(rng: Rng): Uint8Array {
  const serial = rng.bytes(16).slice();
  serial[0] = (serial[0]! & 0x7f) || 0x01;
  return serial;
}
