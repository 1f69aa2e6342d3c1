/**
 * OCSPRequest decoder for `certgen serve`'s responder (RFC 6960 4.1.1):
 *
 *   OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
 *   TBSRequest ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, requestorName [1] EXPLICIT GeneralName OPTIONAL,
 *     requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
 *   Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
 *
 * The bytes come from anyone on loopback: every way they can be wrong ends in OcspRequestError
 * (answered `malformedRequest`), never in another exception. A request signature is ignored
 * (certgen's responder does not require one).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../crypto/algorithms.js';
import type { HashName } from '../resolve/types.js';
import { ID_PKIX_OCSP_NONCE } from './encode.js';
import type { OcspCertId } from './types.js';

/** One entry of the requestList: its CertID, or the hash OID certgen cannot compute (it then cannot match the issuer). */
export type RequestedCert = { readonly certId: OcspCertId } | { readonly unsupportedHash: string };

export interface DecodedOcspRequest {
  readonly requests: readonly RequestedCert[];
  /** The nonce extension's extnValue contents (a DER OCTET STRING), to echo; null when absent. */
  readonly nonce: Uint8Array | null;
}

/** Why a request is not a well-formed OCSPRequest. */
export class OcspRequestError extends Error {
  override readonly name = 'OcspRequestError';
}

const HASH_BY_OID: ReadonlyMap<string, HashName> = new Map((['sha1', 'sha256', 'sha384', 'sha512'] as const).map((h) => [OID[h], h]));

/** RFC 8954 2.1: a nonce is 1 to 32 octets; responders reject other lengths with malformedRequest. */
const MAX_NONCE = 32;

export function decodeOcspRequest(der: Uint8Array): DecodedOcspRequest {
  let request: pkijs.OCSPRequest;
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1 || asn1.offset !== der.length) throw new OcspRequestError('not one BER value');
    request = new pkijs.OCSPRequest({ schema: asn1.result });
  } catch (e) {
    throw e instanceof OcspRequestError ? e : new OcspRequestError(`not an OCSPRequest (${(e as Error).message})`);
  }
  const tbs = request.tbsRequest;
  if (tbs.requestList.length === 0) throw new OcspRequestError('the requestList is empty');
  const requests = tbs.requestList.map((r): RequestedCert => {
    const id = r.reqCert;
    const hash = HASH_BY_OID.get(id.hashAlgorithm.algorithmId);
    if (hash === undefined) return { unsupportedHash: id.hashAlgorithm.algorithmId };
    const certId = {
      hash,
      issuerNameHash: new Uint8Array(id.issuerNameHash.valueBlock.valueHexView),
      issuerKeyHash: new Uint8Array(id.issuerKeyHash.valueBlock.valueHexView),
      serial: new Uint8Array(id.serialNumber.valueBlock.valueHexView),
    };
    if (certId.serial.length === 0) throw new OcspRequestError('a CertID has an empty serialNumber');
    return { certId };
  });
  return { requests, nonce: nonceOf(tbs.requestExtensions ?? []) };
}

function nonceOf(extensions: readonly pkijs.Extension[]): Uint8Array | null {
  const ext = extensions.find((e) => e.extnID === ID_PKIX_OCSP_NONCE);
  if (ext === undefined) return null;
  const value = new Uint8Array(ext.extnValue.valueBlock.valueHexView);
  const inner = asn1js.fromBER(value);
  if (inner.offset !== value.length || !(inner.result instanceof asn1js.OctetString)) throw new OcspRequestError('the nonce is not an OCTET STRING');
  const length = inner.result.valueBlock.valueHexView.length;
  if (length < 1 || length > MAX_NONCE) throw new OcspRequestError(`a nonce of ${length} octets (RFC 8954: 1 to ${MAX_NONCE})`);
  return value;
}
