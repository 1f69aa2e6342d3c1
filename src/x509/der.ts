/**
 * DER building blocks. asn1js encodes the primitives (INTEGER, OID, strings, times); constructed
 * values are concatenations of already-encoded children, so pre-encoded parts (an SPKI, an issuer
 * Name, an AlgorithmIdentifier) are embedded as they are, never parsed and re-encoded.
 */
import * as asn1js from 'asn1js';

const bytes = (b: ArrayBuffer): Uint8Array => new Uint8Array(b);

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function lengthOctets(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const octets: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) octets.unshift(v & 0xff);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

/** One TLV with the given identifier octet around the concatenated contents. */
export function tlv(tag: number, ...contents: readonly Uint8Array[]): Uint8Array {
  const body = concat(contents);
  return concat([Uint8Array.of(tag), lengthOctets(body.length), body]);
}

export const seq = (...items: readonly Uint8Array[]): Uint8Array => tlv(0x30, ...items);
export const set = (...items: readonly Uint8Array[]): Uint8Array => tlv(0x31, ...items);
/** [n] EXPLICIT (constructed, context-specific). */
export const explicit = (n: number, ...items: readonly Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...items);
/** [n] IMPLICIT over a primitive's contents. */
export const implicitPrimitive = (n: number, contents: Uint8Array): Uint8Array => tlv(0x80 | n, contents);
/** [n] IMPLICIT over a constructed value's contents. */
export const implicitConstructed = (n: number, ...items: readonly Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...items);

export const oid = (dotted: string): Uint8Array => bytes(new asn1js.ObjectIdentifier({ value: dotted }).toBER());
export const nullValue = (): Uint8Array => Uint8Array.of(0x05, 0x00);
export const bool = (value: boolean): Uint8Array => Uint8Array.of(0x01, 0x01, value ? 0xff : 0x00);
export const octetString = (contents: Uint8Array): Uint8Array => tlv(0x04, contents);
/** A BIT STRING with no unused bits (signatures, key identifiers' sources). */
export const bitString = (contents: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), contents);
/** INTEGER from its two's-complement content octets (already minimal and positive). */
export const integerBytes = (contents: Uint8Array): Uint8Array => tlv(0x02, contents);
export const smallInteger = (n: number): Uint8Array => bytes(new asn1js.Integer({ value: n }).toBER());
export const utf8String = (s: string): Uint8Array => bytes(new asn1js.Utf8String({ value: s }).toBER());
export const printableString = (s: string): Uint8Array => bytes(new asn1js.PrintableString({ value: s }).toBER());
export const ia5String = (s: string): Uint8Array => tlv(0x16, new TextEncoder().encode(s));

/**
 * RFC 5280 4.1.2.5: "CAs conforming to this profile MUST always encode certificate validity dates
 * through the year 2049 as UTCTime; certificate validity dates in 2050 or later MUST be encoded as
 * GeneralizedTime." Milliseconds are dropped by the template layer (they break OpenSSL and Go).
 */
export function time(date: Date): Uint8Array {
  const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return whole.getUTCFullYear() < 2050
    ? bytes(new asn1js.UTCTime({ valueDate: whole }).toBER())
    : bytes(new asn1js.GeneralizedTime({ valueDate: whole }).toBER());
}
