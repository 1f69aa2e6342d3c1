import { digestBytes } from '../../crypto/digest.js';
import { implicitPrimitive, octetString, seq } from '../../der/write.js';

/**
 * RFC 5280 4.2.1.2 method (1): "the 160-bit SHA-1 hash of the value of the BIT STRING
 * subjectPublicKey (excluding the tag, length, and number of unused bits)" — what OpenSSL's
 * `subjectKeyIdentifier=hash` and Go compute.
 */
export function keyIdentifier(subjectPublicKey: Uint8Array): Uint8Array {
  return digestBytes('sha1', subjectPublicKey);
}

/** SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING */
export function encodeSubjectKeyIdentifier(id: Uint8Array): Uint8Array {
  return octetString(id);
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL, ... }: keyIdentifier only, as Go and rcgen write it. */
export function encodeAuthorityKeyIdentifier(issuerKeyId: Uint8Array): Uint8Array {
  return seq(implicitPrimitive(0, issuerKeyId));
}

/** The key identifier inside a DER SubjectKeyIdentifier (OCTET STRING). */
export function decodeSubjectKeyIdentifier(value: Uint8Array): Uint8Array {
  if (value[0] !== 0x04 || value.length < 2 || value[1]! >= 0x80 || value[1]! + 2 !== value.length) throw new Error('not a short OCTET STRING');
  return value.slice(2);
}
