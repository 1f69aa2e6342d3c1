import { createHash } from 'node:crypto';
import { digestAlgorithm } from '../crypto/algorithms.js';
import type { HashName } from '../values/types.js';
import { integerBytes, octetString, seq } from '../der/write.js';
import { subjectPublicKeyBits } from '../x509/spki.js';
import type { OcspCertId } from './types.js';

/** The issuing CA as a CertID needs it: its subject Name DER and its SubjectPublicKeyInfo DER. */
export interface OcspIssuer {
  readonly subjectDer: Uint8Array;
  readonly spki: Uint8Array;
}

const digest = (hash: HashName, data: Uint8Array): Uint8Array => new Uint8Array(createHash(hash).update(data).digest());

/**
 * The CertID of the certificate with content octets `serial` issued by `issuer` (RFC 6960 4.1.1):
 * issuerNameHash over the issuer's Name DER, issuerKeyHash over its public key bits. SHA-1 by
 * default, which is what `openssl ocsp -issuer … -serial/-cert` sends and matches.
 */
export function ocspCertId(issuer: OcspIssuer, serial: Uint8Array, hash: HashName = 'sha1'): OcspCertId {
  return {
    hash,
    issuerNameHash: digest(hash, issuer.subjectDer),
    issuerKeyHash: digest(hash, subjectPublicKeyBits(issuer.spki)),
    serial,
  };
}

/** CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash OCTET STRING, issuerKeyHash OCTET STRING, serialNumber INTEGER } */
export function encodeCertId(id: OcspCertId): Uint8Array {
  return seq(digestAlgorithm(id.hash), octetString(id.issuerNameHash), octetString(id.issuerKeyHash), integerBytes(id.serial));
}

/** ResponderID byKey: "SHA-1 hash of responder's public key (excluding the tag and length fields)" (RFC 6960 4.2.1). */
export function responderKeyHash(spki: Uint8Array): Uint8Array {
  return digest('sha1', subjectPublicKeyBits(spki));
}
