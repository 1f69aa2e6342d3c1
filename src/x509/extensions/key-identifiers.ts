import { createHash } from 'node:crypto';
import { implicitPrimitive, octetString, seq } from '../der.js';

/**
 * RFC 5280 4.2.1.2 method (1): "the 160-bit SHA-1 hash of the value of the BIT STRING
 * subjectPublicKey (excluding the tag, length, and number of unused bits)" — what OpenSSL's
 * `subjectKeyIdentifier=hash` and Go compute.
 */
export function keyIdentifier(subjectPublicKey: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(subjectPublicKey).digest());
}

/** SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING */
export function encodeSubjectKeyIdentifier(id: Uint8Array): Uint8Array {
  return octetString(id);
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL, ... }: keyIdentifier only, as Go and rcgen write it. */
export function encodeAuthorityKeyIdentifier(issuerKeyId: Uint8Array): Uint8Array {
  return seq(implicitPrimitive(0, issuerKeyId));
}
