import * as asn1js from 'asn1js';

/** The items of a DER SEQUENCE (decoding raw extensions); throws when malformed. */
export function sequenceItems(der: Uint8Array): asn1js.AsnType[] {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw new Error('not a DER SEQUENCE');
  return parsed.result.valueBlock.value;
}
