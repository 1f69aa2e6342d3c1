import { fail, type Where } from './where.js';

/** Hex text (optionally 0x-prefixed or colon-separated) to bytes. */
export function parseHex(text: string, where: Where): Uint8Array {
  const clean = text.replace(/^0x/i, '').replace(/:/g, '');
  if (clean.length % 2 !== 0) fail(where, 'hex must have an even number of digits');
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

/**
 * A serial as written: hex of a positive integer. Returned minimally DER-encoded (a 0x00 is kept
 * only when the top bit would otherwise make it negative): undici broke on a needless 0x00.
 */
export function parseSerial(text: string, where: Where): Uint8Array {
  let bytes = parseHex(text.length % 2 === 1 && !text.includes(':') ? `0${text.replace(/^0x/i, '')}` : text, where);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.slice(start);
  if (bytes.length === 0) fail(where, 'a serial needs at least one hex digit');
  if (bytes.length === 1 && bytes[0] === 0) fail(where, 'a serial must be positive (RFC 5280 4.1.2.2)');
  if (bytes[0]! & 0x80) bytes = Uint8Array.from([0, ...bytes]);
  if (bytes.length > 20) fail(where, 'a serial may have at most 20 octets (RFC 5280 4.1.2.2)');
  return bytes;
}

/** Serial as OpenSSL prints it (`x509 -serial`), lowercase: the integer's octets without sign padding. */
export function serialHex(serial: Uint8Array): string {
  let start = 0;
  while (start < serial.length - 1 && serial[start] === 0) start++;
  return Buffer.from(serial.subarray(start)).toString('hex');
}
