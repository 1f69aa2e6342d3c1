/**
 * OCSP (RFC 6960) as certgen writes it: the values a response is built from. The encoder
 * (encode.ts) decides nothing: callers (a set's `ocspResponse` fixtures, `certgen serve`) pass the
 * times, statuses, signer and nonce.
 */
import type { KeyPair } from '../crypto/types.js';
import type { HashName, RevocationReason, SignatureSpec } from '../values/types.js';
import type { OcspResponseStatus } from '../resolve/types.js';

export type { OcspResponseStatus };

/** The statuses that carry no responseBytes (RFC 6960 4.2.1: only `successful` has a body). */
export type OcspErrorStatus = Exclude<OcspResponseStatus, 'successful'>;

/**
 * OCSPResponseStatus ::= ENUMERATED { successful (0), malformedRequest (1), internalError (2),
 *   tryLater (3), -- (4) is not used -- sigRequired (5), unauthorized (6) }
 */
export const OCSP_RESPONSE_STATUS_CODES: Readonly<Record<OcspResponseStatus, number>> = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
};

/**
 * CertID ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING,
 *   issuerKeyHash OCTET STRING, serialNumber CertificateSerialNumber }
 * `hash` is SHA-1 for the IDs certgen computes (OpenSSL's default); a responder echoes whatever
 * hash the request used.
 */
export interface OcspCertId {
  readonly hash: HashName;
  /** Hash of the issuer's subject Name DER. */
  readonly issuerNameHash: Uint8Array;
  /** Hash of the issuer's subjectPublicKey BIT STRING value (no tag, length or unused-bits octet). */
  readonly issuerKeyHash: Uint8Array;
  /** The serial INTEGER's content octets (minimal two's complement, as in the certificate). */
  readonly serial: Uint8Array;
}

/** CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo } */
export type OcspCertStatus =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly revocationTime: Date; readonly reason: RevocationReason | null }
  | { readonly status: 'unknown' };

export interface OcspSingleResponse {
  readonly certId: OcspCertId;
  readonly status: OcspCertStatus;
}

/** Who signs: the CA itself, or a delegated responder (profile `ocsp`) the CA issued. */
export interface OcspSigner {
  readonly key: KeyPair;
  /**
   * The signer's certificate DER, put into the response's `certs` (RFC 6960 4.2.2.2: a delegated
   * responder's certificate travels with the response); null when the signer is the CA itself.
   */
  readonly certificate: Uint8Array | null;
  /** The signature algorithm; default: as for a certificate signed by this key (sha256, sha384 for P-384, sha512 for P-521). */
  readonly signature?: SignatureSpec;
}

export interface OcspResponseInput {
  readonly signer: OcspSigner;
  /** One SingleResponse each, in this order; all share thisUpdate and nextUpdate. */
  readonly responses: readonly OcspSingleResponse[];
  readonly thisUpdate: Date;
  /** null leaves nextUpdate out ("newer information is always available", RFC 6960 4.2.2.1). */
  readonly nextUpdate: Date | null;
  readonly producedAt: Date;
  /**
   * The request's nonce extension value (the extnValue's contents, RFC 8954: a DER OCTET STRING
   * of 1 to 32 octets), echoed byte for byte in responseExtensions; null or absent: no nonce.
   */
  readonly nonce?: Uint8Array | null;
}
