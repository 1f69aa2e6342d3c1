import type { AttributeName, NameAttribute } from '../values/types.js';
import { ia5String, oid, printableString, seq, set, utf8String } from '../der/write.js';

/** X.520 / PKCS#9 / RFC 4519 attribute types. */
export const ATTRIBUTE_OIDS: Record<AttributeName, string> = {
  CN: '2.5.4.3',
  serialNumber: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  E: '1.2.840.113549.1.9.1',
  DC: '0.9.2342.19200300.100.1.25',
};

/**
 * Name ::= SEQUENCE OF RelativeDistinguishedName; RDN ::= SET OF AttributeTypeAndValue.
 * One attribute per RDN (PITFALLS: pkijs' single multi-valued RDN is refused by Python). C and
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
