/**
 * The live OCSP answer of one CA (SPEC: `certgen serve`): signed as an `ocspResponse` fixture is,
 * but for now: thisUpdate one minute back (clock skew), nextUpdate one hour ahead, producedAt now,
 * and the request's nonce echoed. Every input maps to an OCSPResponse: a request that does not
 * parse is `malformedRequest`, a CertID naming another issuer (or hashed with an algorithm
 * certgen cannot compute, so it cannot be matched) is `unauthorized`, a serial the CA did not
 * issue is `unknown`.
 */
import { encodeOcspErrorResponse, encodeOcspResponse, ocspCertId, type OcspCertId, type OcspSingleResponse } from '../ocsp/index.js';
import { decodeOcspRequest, OcspRequestError, type DecodedOcspRequest } from '../ocsp/request.js';
import { serialHex } from '../pins/manifest.js';
import type { Signing } from '../x509/issue.js';
import type { ServedCa } from './served-set.js';

/** How far thisUpdate lies before the moment of answering (a client's clock may run behind). */
export const THIS_UPDATE_SKEW_MS = 60_000;
/** How long a live response is valid after it was produced. */
export const NEXT_UPDATE_MS = 3_600_000;

/** The DER OCSPResponse `ca`'s responder gives to the request `body` at `now`. */
export async function answerOcspRequest(ca: ServedCa, body: Uint8Array, now: Date, signing: Signing): Promise<Uint8Array> {
  let request: DecodedOcspRequest;
  try {
    request = decodeOcspRequest(body);
  } catch (e) {
    if (e instanceof OcspRequestError) return encodeOcspErrorResponse('malformedRequest');
    throw e;
  }
  const certIds: OcspCertId[] = [];
  for (const r of request.requests) {
    if (!('certId' in r) || !sameIssuer(r.certId, ca)) return encodeOcspErrorResponse('unauthorized');
    certIds.push(r.certId);
  }
  if ('error' in ca.signer) return encodeOcspErrorResponse('internalError');
  const responses = certIds.map((certId): OcspSingleResponse => ({ certId, status: ca.issued.get(serialHex(certId.serial)) ?? { status: 'unknown' } }));
  return encodeOcspResponse(
    {
      signer: ca.signer,
      responses,
      thisUpdate: new Date(now.getTime() - THIS_UPDATE_SKEW_MS),
      nextUpdate: new Date(now.getTime() + NEXT_UPDATE_MS),
      producedAt: now,
      nonce: request.nonce,
    },
    signing,
  );
}

/** Whether the CertID's issuer hashes are this CA's (RFC 6960 4.1.1), with the hash the request chose. */
function sameIssuer(id: OcspCertId, ca: ServedCa): boolean {
  const own = ocspCertId(ca.issuer, id.serial, id.hash);
  return Buffer.from(own.issuerNameHash).equals(id.issuerNameHash) && Buffer.from(own.issuerKeyHash).equals(id.issuerKeyHash);
}
