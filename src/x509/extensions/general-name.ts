import type { GeneralName } from '../../values/types.js';
import { implicitPrimitive } from '../../der/write.js';

const encoder = new TextEncoder();
const ascii = (s: string): Uint8Array => encoder.encode(s);

/**
 * GeneralName ::= CHOICE { rfc822Name [1] IA5String, dNSName [2] IA5String,
 *   uniformResourceIdentifier [6] IA5String, iPAddress [7] OCTET STRING, ... } (RFC 5280 4.2.1.6)
 */
export function encodeGeneralName(name: GeneralName): Uint8Array {
  switch (name.type) {
    case 'email':
      return implicitPrimitive(1, ascii(name.value));
    case 'dns':
      return implicitPrimitive(2, ascii(name.value));
    case 'uri':
      return implicitPrimitive(6, ascii(name.value));
    case 'ip':
      return implicitPrimitive(7, name.bytes);
  }
}
