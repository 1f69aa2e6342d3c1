import * as asn1js from 'asn1js';

/** The subjectPublicKey BIT STRING contents of an SPKI (input to the key identifier). */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const parsed = asn1js.fromBER(spki);
  const bits = (parsed.result as asn1js.Sequence).valueBlock.value[1];
  if (parsed.offset === -1 || !(bits instanceof asn1js.BitString)) throw new Error('malformed SubjectPublicKeyInfo');
  return new Uint8Array(bits.valueBlock.valueHexView.slice());
}
