/**
 * OCSP responses (RFC 6960): the encoder used for `<name>.ocsp.der` fixtures and by
 * `certgen serve`'s live responder.
 */
export { encodeOcspResponse, encodeOcspErrorResponse, ID_PKIX_OCSP_BASIC, ID_PKIX_OCSP_NONCE } from './encode.js';
export { ocspCertId, encodeCertId, responderKeyHash, type OcspIssuer } from './cert-id.js';
export * from './types.js';
export { decodeOcspRequest, decodeOcspResponse, type DecodedBasicResponse, type DecodedOcspRequest, type DecodedOcspResponse, type DecodedSingleResponse } from './decode.js';
