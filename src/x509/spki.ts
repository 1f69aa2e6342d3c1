/**
 * The subjectPublicKey BIT STRING contents of an SPKI (input to the key identifier), read by hand:
 * SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }.
 * Returns the key bits without the unused-bits octet (always 0 for public keys).
 */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const outer = readTlv(spki, 0, 0x30);
  if (outer.end !== spki.length) throw new Error('malformed SubjectPublicKeyInfo');
  const algorithm = readTlv(spki, outer.start, 0x30);
  const bits = readTlv(spki, algorithm.end, 0x03);
  if (bits.end !== outer.end || bits.end - bits.start < 1 || spki[bits.start] !== 0) throw new Error('malformed SubjectPublicKeyInfo');
  return spki.slice(bits.start + 1, bits.end);
}

/** The contents' [start, end) of the DER TLV at `offset`, which must have identifier `tag`. */
function readTlv(der: Uint8Array, offset: number, tag: number): { start: number; end: number } {
  if (der[offset] !== tag || offset + 1 >= der.length) throw new Error('malformed SubjectPublicKeyInfo');
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > der.length) throw new Error('malformed SubjectPublicKeyInfo');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > der.length) throw new Error('malformed SubjectPublicKeyInfo');
  return { start, end };
}
