/**
 * The live OCSP answer of one CA (docs/serve.md): signed as an `ocspResponse` fixture is,
 * but for now: thisUpdate one minute back (clock skew), nextUpdate one hour ahead, producedAt now,
 * and the request's nonce echoed. Every input maps to an OCSPResponse: a request that does not
 * parse (a CertID hash other than SHA-1/256/384/512 included) or whose nonce is not 1 to 32 octets
 * (RFC 8954 2.1) is `malformedRequest`, a CertID naming another issuer is `unauthorized`, a
 * serial the CA did not issue is `unknown`.
 */
import { singleItem } from '../der/read.js';
import { decodeOcspRequest, encodeOcspErrorResponse, encodeOcspResponse, ocspCertId, type DecodedOcspRequest, type OcspCertId } from '../ocsp/index.js';
import { serialHex } from '../values/hex.js';
import type { Signing } from '../x509/issue.js';
import type { ServedCa } from './served-set.js';

/** How far thisUpdate lies before the moment of answering (a client's clock may run behind). */
const THIS_UPDATE_SKEW_MS = 60_000;
/** How long a live response is valid after it was produced. */
const NEXT_UPDATE_MS = 3_600_000;

/** The DER OCSPResponse `ca`'s responder gives to the request `body` at `now`. */
export async function answerOcspRequest(ca: ServedCa, body: Uint8Array, now: Date, signing: Signing): Promise<Uint8Array> {
  let request: DecodedOcspRequest;
  try {
    // The decoder throws only `malformed OCSP …` errors, whatever the bytes.
    request = decodeOcspRequest(body);
  } catch {
    return encodeOcspErrorResponse('malformedRequest');
  }
  if (request.nonce !== null && !validNonce(request.nonce)) return encodeOcspErrorResponse('malformedRequest');
  if (!request.certIds.every((id) => sameIssuer(id, ca))) return encodeOcspErrorResponse('unauthorized');
  const responses = request.certIds.map((certId) => ({ certId, status: ca.issued.get(serialHex(certId.serial)) ?? { status: 'unknown' as const } }));
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

/** RFC 8954 2.1: the nonce's extnValue is an OCTET STRING of 1 to 32 octets. */
function validNonce(extnValue: Uint8Array): boolean {
  try {
    const nonce = singleItem(extnValue);
    return nonce.tag === 0x04 && nonce.contents.length >= 1 && nonce.contents.length <= 32;
  } catch {
    return false;
  }
}
