/**
 * The little DER the crypto layer writes itself: fixed AlgorithmIdentifiers and the PKCS#8 / SPKI
 * wrappers of generated keys. (x509/der.ts is the general writer; crypto/ does not import x509/.)
 * DER is canonical, so these bytes equal node:crypto's own encodings: the unit tests compare them.
 */

/** One TLV around the concatenated contents (definite length, short or long form). */
export function tlv(tag: number, ...contents: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of contents) length += c.length;
  const lengthOctets: number[] = [];
  if (length >= 0x80) for (let v = length; v > 0; v = Math.floor(v / 256)) lengthOctets.unshift(v & 0xff);
  const header = length < 0x80 ? [tag, length] : [tag, 0x80 | lengthOctets.length, ...lengthOctets];
  const out = new Uint8Array(header.length + length);
  out.set(header);
  let offset = header.length;
  for (const c of contents) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** OBJECT IDENTIFIER of a dotted OID whose arcs are below 2^53 (the first two as 40·a + b). */
export function oidDer(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const octets: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const base128 = [arc % 128];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) base128.unshift((v % 128) | 0x80);
    octets.push(...base128);
  }
  return tlv(0x06, Uint8Array.from(octets));
}

export const NULL_DER = Uint8Array.of(0x05, 0x00);
