/**
 * DER building blocks, written by hand: a certificate is a few dozen small TLVs, and building
 * them as asn1js objects cost more than signing it (and loading asn1js cost ~10 ms of start-up).
 * Constructed values are concatenations of already-encoded children, so pre-encoded parts (an
 * SPKI, an issuer Name, an AlgorithmIdentifier) are embedded as they are, never parsed and
 * re-encoded. The unit tests check every primitive against asn1js byte for byte.
 */

/** Values up to this size share slabs; larger ones (a CRL, a store) get a buffer of their own. */
const SLAB_VALUE_MAX = 1024;
const SLAB_SIZE = 64 * 1024;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/**
 * A new, zero-filled array for an encoding. A certificate is built of dozens of arrays under
 * 1 kB, most of them garbage once copied into the next TLV out: one ArrayBuffer each cost V8 a
 * backing store and its bookkeeping every time (about 6% of a 1,000-leaf `generate()`, and more
 * peak memory), where a view into a shared slab costs a bump of an offset. As with Node's pooled
 * Buffers, such a view's `.buffer` is the whole slab: every reader here goes by byteOffset, and a
 * handle's public `der` is a copy.
 */
function allocate(size: number): Uint8Array {
  if (size > SLAB_VALUE_MAX) return new Uint8Array(size);
  if (slabUsed + size > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, size);
  slabUsed += size;
  return out;
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = allocate(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Number of length octets after the first one (0 for the short form). */
function longLengthOctets(n: number): number {
  let count = 0;
  for (let v = n; v > 0; v = Math.floor(v / 256)) count++;
  return count;
}

/** One TLV with the given identifier octet around the concatenated contents (one allocation). */
export const tlv = (tag: number, ...contents: readonly Uint8Array[]): Uint8Array => tlvOf(tag, contents);

/**
 * `tlv` over a list: for lists of any length (100,000 SANs, a CRL's entries), which a spread
 * into arguments would overflow the stack with.
 */
export function tlvOf(tag: number, contents: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of contents) length += c.length;
  const extra = length < 0x80 ? 0 : longLengthOctets(length);
  const out = allocate(2 + extra + length);
  out[0] = tag;
  if (extra === 0) out[1] = length;
  else {
    out[1] = 0x80 | extra;
    for (let i = extra, v = length; i >= 1; i--, v = Math.floor(v / 256)) out[1 + i] = v & 0xff;
  }
  let offset = 2 + extra;
  for (const c of contents) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export const seq = (...items: readonly Uint8Array[]): Uint8Array => tlvOf(0x30, items);
export const set = (...items: readonly Uint8Array[]): Uint8Array => tlvOf(0x31, items);
/** SEQUENCE OF: a list of any length. */
export const seqOf = (items: readonly Uint8Array[]): Uint8Array => tlvOf(0x30, items);
/** [n] EXPLICIT (constructed, context-specific). */
export const explicit = (n: number, ...items: readonly Uint8Array[]): Uint8Array => tlvOf(0xa0 | n, items);
/** [n] IMPLICIT over a primitive's contents. */
export const implicitPrimitive = (n: number, contents: Uint8Array): Uint8Array => tlv(0x80 | n, contents);
/** [n] IMPLICIT over a constructed value's contents. */
export const implicitConstructed = (n: number, ...items: readonly Uint8Array[]): Uint8Array => tlvOf(0xa0 | n, items);
/** [n] IMPLICIT over a list of any length. */
export const implicitConstructedOf = (n: number, items: readonly Uint8Array[]): Uint8Array => tlvOf(0xa0 | n, items);

const oidCache = new Map<string, Uint8Array>();

/**
 * OBJECT IDENTIFIER from dotted text (X.690 8.19: the first two arcs as 40·a + b, each arc in
 * base 128 with the high bit on all but its last octet). Arcs of any size (2.25.<UUID>) are
 * handled as bigints. Encodings are cached: a set uses the same few dozen OIDs thousands of times.
 * The returned array is shared: callers embed it, never modify it.
 */
export function oid(dotted: string): Uint8Array {
  let encoded = oidCache.get(dotted);
  if (encoded === undefined) {
    encoded = tlv(0x06, oidContents(dotted));
    oidCache.set(dotted, encoded);
  }
  return encoded;
}

function oidContents(dotted: string): Uint8Array {
  if (!/^[0-2]\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(dotted)) throw new RangeError(`invalid OID "${dotted}"`);
  const arcs = dotted.split('.').map((a) => BigInt(a));
  if (arcs[0]! < 2n && arcs[1]! > 39n) throw new RangeError(`invalid OID "${dotted}": second arc above 39`);
  const octets: number[] = [];
  for (const arc of [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)]) {
    const base128: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) base128.unshift(Number(v & 0x7fn) | 0x80);
    octets.push(...base128);
  }
  return Uint8Array.from(octets);
}

export const nullValue = (): Uint8Array => Uint8Array.of(0x05, 0x00);
export const bool = (value: boolean): Uint8Array => Uint8Array.of(0x01, 0x01, value ? 0xff : 0x00);
export const octetString = (contents: Uint8Array): Uint8Array => tlv(0x04, contents);
/** A BIT STRING with no unused bits (signatures, key identifiers' sources). */
export const bitString = (contents: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), contents);
/** INTEGER from its two's-complement content octets (already minimal and positive). */
export const integerBytes = (contents: Uint8Array): Uint8Array => tlv(0x02, contents);

/** INTEGER of a safe integer, minimal two's complement (X.690 8.3). */
export function smallInteger(n: number): Uint8Array {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  const octets: number[] = [];
  let v = BigInt(n);
  for (;;) {
    const octet = Number(BigInt.asUintN(8, v));
    octets.unshift(octet);
    v >>= 8n;
    // Done when the rest is pure sign extension of the octet just written.
    if ((v === 0n && (octet & 0x80) === 0) || (v === -1n && (octet & 0x80) !== 0)) break;
  }
  return tlv(0x02, Uint8Array.from(octets));
}

const utf8 = new TextEncoder();
export const utf8String = (s: string): Uint8Array => tlv(0x0c, utf8.encode(s));
/** One octet per UTF-16 unit, as asn1js writes it (the template layer admits only PrintableString characters). */
export const printableString = (s: string): Uint8Array => tlv(0x13, latin1(s));
export const ia5String = (s: string): Uint8Array => tlv(0x16, utf8.encode(s));

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * RFC 5280 4.1.2.5: "CAs conforming to this profile MUST always encode certificate validity dates
 * through the year 2049 as UTCTime; certificate validity dates in 2050 or later MUST be encoded as
 * GeneralizedTime." UTCTime (YYMMDDHHMMSSZ) covers only 1950-2049 (4.1.2.5.1), so earlier dates
 * are GeneralizedTime too (YYYYMMDDHHMMSSZ). Both without fractions: milliseconds are dropped
 * (they break OpenSSL and Go).
 */
export function time(date: Date): Uint8Array {
  const { year, rest } = timeParts(date);
  const utc = year >= 1950 && year < 2050;
  return utc ? tlv(0x17, latin1(`${pad(year % 100, 2)}${rest}`)) : tlv(0x18, latin1(`${pad(year, 4)}${rest}`));
}

/** GeneralizedTime whatever the year (RFC 6960 writes every OCSP time so), whole seconds, `Z`. */
export function generalizedTime(date: Date): Uint8Array {
  const { year, rest } = timeParts(date);
  return tlv(0x18, latin1(`${pad(year, 4)}${rest}`));
}

/** The year and the MMDDHHMMSSZ that follows it, milliseconds dropped. */
function timeParts(date: Date): { year: number; rest: string } {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid date');
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const year = d.getUTCFullYear();
  if (year < 1 || year > 9999) throw new RangeError(`X.509 times must lie in the years 0001 to 9999, not ${year}`);
  const rest = `${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}Z`;
  return { year, rest };
}
