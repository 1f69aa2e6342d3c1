import type { NameAttribute } from '../values/types.js';
import { ia5String, oid, printableString, seq, set, utf8String } from '../der/write.js';
import { ATTRIBUTE_OIDS } from '../values/oids.js';


/**
 * Name ::= SEQUENCE OF RelativeDistinguishedName; RDN ::= SET OF AttributeTypeAndValue.
 * One attribute per RDN (pkijs' single multi-valued RDN is refused by Python). C and
 * serialNumber are PrintableString (RFC 5280 appendix A), E and DC IA5String, the rest UTF8String.
 */
export function encodeName(attrs: readonly NameAttribute[]): Uint8Array {
  return seq(...attrs.map((a) => set(seq(oid(ATTRIBUTE_OIDS[a.type]), encodeValue(a)))));
}

function encodeValue(a: NameAttribute): Uint8Array {
  switch (a.type) {
    case 'C':
    case 'serialNumber':
      return printableString(a.value);
    case 'E':
    case 'DC':
      return ia5String(a.value);
    default:
      return utf8String(a.value);
  }
}
