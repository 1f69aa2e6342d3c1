/**
 * A minimal DER reader for decoding raw extensions (pins.json describes the extensions a
 * certificate carries). Hand-written so that building a set never loads asn1js (~10 ms).
 */

/** One TLV: its identifier octet split as X.690 8.1.2 does, and its contents. */
export interface DerItem {
  /** The identifier octet (single-octet tags only: tag numbers up to 30). */
  readonly tag: number;
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly tagClass: number;
  readonly tagNumber: number;
  readonly constructed: boolean;
  readonly contents: Uint8Array;
  /** The whole TLV (identifier, length and contents): what a signature covers. */
  readonly encoded: Uint8Array;
}

/** The TLV at `offset` and where the next one starts; throws on truncation or unsupported forms. */
function readItem(der: Uint8Array, offset: number): { item: DerItem; end: number } {
  if (offset + 2 > der.length) throw new Error('truncated DER');
  const tag = der[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('multi-octet DER tags are not supported');
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    if (start + count > der.length) throw new Error('truncated DER');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > der.length) throw new Error('truncated DER');
  return {
    item: { tag, tagClass: tag >> 6, tagNumber: tag & 0x1f, constructed: (tag & 0x20) !== 0, contents: der.subarray(start, end), encoded: der.subarray(offset, end) },
    end,
  };
}

/** The items of a DER SEQUENCE (decoding raw extensions); throws when malformed. */
export function sequenceItems(der: Uint8Array): DerItem[] {
  const { item: outer } = readItem(der, 0);
  if (outer.tag !== 0x30) throw new Error('not a DER SEQUENCE');
  return childItems(outer);
}

/** The one TLV that `der` is, with nothing after it; throws when malformed or followed by more bytes. */
export function singleItem(der: Uint8Array): DerItem {
  const { item, end } = readItem(der, 0);
  if (end !== der.length) throw new Error('trailing bytes after the DER value');
  return item;
}

/** The TLVs inside a constructed item, in order; throws when malformed. */
export function childItems(parent: DerItem): DerItem[] {
  if (!parent.constructed) throw new Error('not a constructed DER value');
  const items: DerItem[] = [];
  for (let offset = 0; offset < parent.contents.length; ) {
    const { item, end } = readItem(parent.contents, offset);
    items.push(item);
    offset = end;
  }
  return items;
}

/**
 * A UTCTime (YYMMDDHHMMSSZ, RFC 5280: 50-99 mean 19xx) or GeneralizedTime (YYYYMMDDHHMMSS[.f]Z)
 * in UTC; null for any other tag or form.
 */
export function timeValue(item: DerItem): Date | null {
  if (item.contents.length > 32) return null;
  const text = String.fromCharCode(...item.contents);
  const m =
    item.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : item.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(text) : null;
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const fullYear = item.tag === 0x17 ? (year < 50 ? 2000 + year : 1900 + year) : year;
  const date = new Date(Date.UTC(fullYear, month - 1, day, hour, minute, second));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** A BOOLEAN's value (X.690 8.2: any non-zero octet is TRUE). */
export function booleanValue(item: DerItem): boolean | null {
  return item.tag === 0x01 && item.contents.length === 1 ? item.contents[0] !== 0 : null;
}

/** A non-negative INTEGER that fits a JavaScript number; null otherwise. */
export function integerValue(item: DerItem): number | null {
  if (item.tag !== 0x02 || item.contents.length === 0 || item.contents.length > 6 || item.contents[0]! & 0x80) return null;
  let value = 0;
  for (const octet of item.contents) value = value * 256 + octet;
  return value;
}

/** An OBJECT IDENTIFIER in dotted form (the first subidentifier split as X.690 8.19.4 says). */
export function oidValue(item: DerItem): string | null {
  if (item.tag !== 0x06 || item.contents.length === 0) return null;
  const arcs: bigint[] = [];
  let arc = 0n;
  for (const octet of item.contents) {
    arc = (arc << 7n) | BigInt(octet & 0x7f);
    if ((octet & 0x80) === 0) {
      arcs.push(arc);
      arc = 0n;
    }
  }
  if (item.contents[item.contents.length - 1]! & 0x80) return null;
  const first = arcs[0]!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

/** How deep `derTlvProblem` follows nested constructed values (real extensions nest a handful). */
const MAX_DEPTH = 64;

/**
 * Why `der` is not exactly one DER TLV, or null when it is: a truncated or non-minimal length,
 * an indefinite length (BER), trailing bytes, or any of these inside a constructed value. Tags of
 * any number are accepted (X.690 8.1.2.4).
 */
export function derTlvProblem(der: Uint8Array): string | null {
  if (der.length === 0) return 'empty';
  const problem = (start: number, end: number, depth: number): string | null => {
    let offset = start;
    while (offset < end) {
      const at = offset;
      const tag = der[offset++]!;
      if ((tag & 0x1f) === 0x1f) {
        // High tag number: base-128 octets, the last without the top bit.
        do {
          if (offset >= end) return `truncated tag at byte ${at}`;
        } while (der[offset++]! & 0x80);
      }
      if (offset >= end) return `missing length at byte ${at}`;
      let length = der[offset++]!;
      if (length === 0x80) return `indefinite length at byte ${at} (BER, not DER)`;
      if (length & 0x80) {
        const count = length & 0x7f;
        if (count > 4 || offset + count > end) return `bad length at byte ${at}`;
        length = 0;
        for (let i = 0; i < count; i++) length = length * 256 + der[offset + i]!;
        if (length < 0x80 || der[offset] === 0) return `non-minimal length at byte ${at} (BER, not DER)`;
        offset += count;
      }
      if (offset + length > end) return `length ${length} at byte ${at} runs past the end (${end - offset} bytes left)`;
      if (tag & 0x20) {
        if (depth >= MAX_DEPTH) return `nested deeper than ${MAX_DEPTH} levels`;
        const inner = problem(offset, offset + length, depth + 1);
        if (inner !== null) return inner;
      }
      offset += length;
      if (depth === 0 && offset < end) return `${end - offset} trailing bytes after the first TLV`;
    }
    return null;
  };
  return problem(0, der.length, 0);
}
