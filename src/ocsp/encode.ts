/**
 * DER OCSPResponse encoder (RFC 6960 4.2.1), by hand on the shared DER writer: a response is a
 * dozen small TLVs, and `certgen serve` signs one per request. The RFC's ASN.1 module uses
 * EXPLICIT tags throughout, except where it writes IMPLICIT (CertStatus).
 *
 *   OCSPResponse ::= SEQUENCE { responseStatus OCSPResponseStatus, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
 *   ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER, response OCTET STRING }
 *   BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm AlgorithmIdentifier,
 *     signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
 *   ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID,
 *     producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse, responseExtensions [1] EXPLICIT Extensions OPTIONAL }
 *   ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
 *   SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
 *     nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT Extensions OPTIONAL }
 *   RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
 */
import { defaultHash, signatureAlgorithm } from '../crypto/algorithms.js';
import { bitString, explicit, generalizedTime, implicitConstructed, implicitPrimitive, octetString, oid, seq, seqOf, tlv } from '../der/write.js';
import { OCSP_OIDS } from '../values/oids.js';
import { REASON_CODES } from '../x509/crl.js';
import type { Signing } from '../x509/issue.js';
import { encodeCertId, responderKeyHash } from './cert-id.js';
import { OCSP_RESPONSE_STATUS_CODES, type OcspCertStatus, type OcspErrorStatus, type OcspResponseInput } from './types.js';

export const ID_PKIX_OCSP_BASIC = OCSP_OIDS.basic;
export const ID_PKIX_OCSP_NONCE = OCSP_OIDS.nonce;

const EMPTY = new Uint8Array(0);
const enumerated = (value: number): Uint8Array => tlv(0x0a, Uint8Array.of(value));

/**
 * A signed, successful OCSPResponse holding a BasicOCSPResponse: version v1 (the default, so
 * omitted), ResponderID byKey (the signer's key hash), every time a GeneralizedTime, the nonce
 * echoed when given, and the signer's certificate in `certs` when it is a delegated responder.
 * `signing.rng` supplies RSA-PSS salts; with `signing.deterministic` the bytes depend only on the
 * inputs.
 */
export async function encodeOcspResponse(input: OcspResponseInput, signing: Signing): Promise<Uint8Array> {
  const { signer } = input;
  const signature = signer.signature ?? { hash: defaultHash(signer.key.spec), pss: false };
  const algorithm = signatureAlgorithm(signer.key.spec, signature);
  const nextUpdate = input.nextUpdate === null ? [] : [explicit(0, generalizedTime(input.nextUpdate))];
  const thisUpdate = generalizedTime(input.thisUpdate);
  const singles = input.responses.map((r) => seq(encodeCertId(r.certId), encodeCertStatus(r.status), thisUpdate, ...nextUpdate));
  const nonce = input.nonce ? [explicit(1, seq(seq(oid(ID_PKIX_OCSP_NONCE), octetString(input.nonce))))] : [];
  const tbs = seq(explicit(2, octetString(responderKeyHash(signer.key.spki))), generalizedTime(input.producedAt), seqOf(singles), ...nonce);
  const signatureValue = await signing.engine.sign(signer.key, signature, tbs, signing.rng, signing.deterministic);
  const certs = signer.certificate === null ? [] : [explicit(0, seq(signer.certificate))];
  const basic = seq(tbs, algorithm.der, bitString(signatureValue), ...certs);
  return seq(enumerated(OCSP_RESPONSE_STATUS_CODES.successful), explicit(0, seq(oid(ID_PKIX_OCSP_BASIC), octetString(basic))));
}

/** An OCSPResponse with a non-successful status and no responseBytes (RFC 6960 4.2.1). */
export function encodeOcspErrorResponse(status: OcspErrorStatus): Uint8Array {
  const code = OCSP_RESPONSE_STATUS_CODES[status];
  if (code === undefined || code === 0) throw new RangeError(`not an OCSP error status: ${String(status)}`);
  return seq(enumerated(code));
}

/** CertStatus: good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL. */
function encodeCertStatus(s: OcspCertStatus): Uint8Array {
  switch (s.status) {
    case 'good':
      return implicitPrimitive(0, EMPTY);
    case 'revoked':
      return implicitConstructed(
        1,
        generalizedTime(s.revocationTime),
        ...(s.reason === null ? [] : [explicit(0, enumerated(REASON_CODES[s.reason]))]),
      );
    case 'unknown':
      return implicitPrimitive(2, EMPTY);
  }
}
