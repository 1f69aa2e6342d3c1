/**
 * OCSP messages read back (RFC 6960 4.1.1 and 4.2.1), by hand on the shared DER reader: what
 * `certgen inspect` and `certgen verify` say about a `<name>.ocsp.der`, and what a responder reads
 * from a request. Every malformation throws an Error whose message starts `malformed OCSP`; callers
 * turn it into a CertgenError naming the file (or into a `malformedRequest` response).
 */
import { HASH_OIDS, OCSP_OIDS } from '../values/oids.js';
import { childItems, integerValue, oidValue, singleItem, timeValue, type DerItem } from '../der/read.js';
import { REASON_CODES } from '../x509/crl.js';
import type { HashName, RevocationReason } from '../values/types.js';
import { ID_PKIX_OCSP_BASIC, ID_PKIX_OCSP_NONCE } from './encode.js';
import { OCSP_RESPONSE_STATUS_CODES, type OcspCertId, type OcspCertStatus, type OcspResponseStatus } from './types.js';

export interface DecodedSingleResponse {
  readonly certId: OcspCertId;
  readonly status: OcspCertStatus;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | null;
}

export interface DecodedBasicResponse {
  /** The ResponseData TLV as signed. */
  readonly tbs: Uint8Array;
  readonly responderId: { readonly byKey: Uint8Array } | { readonly byName: Uint8Array };
  readonly producedAt: Date;
  readonly responses: readonly DecodedSingleResponse[];
  /** The nonce extension's value (extnValue contents), or null. */
  readonly nonce: Uint8Array | null;
  readonly signatureAlgorithm: { readonly oid: string; readonly der: Uint8Array };
  readonly signature: Uint8Array;
  /** The `certs` field: certificate DERs, in order. */
  readonly certs: readonly Uint8Array[];
}

export interface DecodedOcspResponse {
  readonly responseStatus: OcspResponseStatus;
  /** The BasicOCSPResponse of a successful response; null for error statuses. */
  readonly basic: DecodedBasicResponse | null;
}

export interface DecodedOcspRequest {
  readonly certIds: readonly OcspCertId[];
  /** The nonce extension's value (extnValue contents) to echo, or null. */
  readonly nonce: Uint8Array | null;
}

const HASH_BY_OID: Readonly<Record<string, HashName>> = Object.fromEntries(Object.entries(HASH_OIDS).map(([name, oid]) => [oid, name as HashName]));
const STATUS_BY_CODE = new Map(Object.entries(OCSP_RESPONSE_STATUS_CODES).map(([name, code]) => [code, name as OcspResponseStatus]));
const REASON_BY_CODE = new Map(Object.entries(REASON_CODES).map(([name, code]) => [code, name as RevocationReason]));

function malformed(what: string): never {
  throw new Error(`malformed OCSP ${what}`);
}

/** The item's children when it has exactly `tag`; throws `malformed OCSP <what>` otherwise. */
function children(item: DerItem | undefined, tag: number, what: string): DerItem[] {
  if (item?.tag !== tag) malformed(what);
  try {
    return childItems(item);
  } catch {
    return malformed(what);
  }
}

function parse(der: Uint8Array, what: string): DerItem {
  try {
    return singleItem(der);
  } catch {
    return malformed(what);
  }
}

function time(item: DerItem | undefined, what: string): Date {
  const t = item === undefined ? null : timeValue(item);
  return t ?? malformed(what);
}

/** OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL } */
export function decodeOcspResponse(der: Uint8Array): DecodedOcspResponse {
  const [status, bytes, ...rest] = children(parse(der, 'response'), 0x30, 'response');
  if (status?.tag !== 0x0a || status.contents.length !== 1 || rest.length > 0) malformed('response status');
  const responseStatus = STATUS_BY_CODE.get(status.contents[0]!) ?? malformed(`response status ${status.contents[0]}`);
  if (responseStatus !== 'successful') {
    if (bytes !== undefined) malformed('response: an error status with a body');
    return { responseStatus, basic: null };
  }
  const [responseBytes] = children(bytes, 0xa0, 'responseBytes');
  const [type, octets] = children(responseBytes, 0x30, 'responseBytes');
  if (type === undefined || oidValue(type) !== ID_PKIX_OCSP_BASIC || octets?.tag !== 0x04) malformed('responseBytes: not id-pkix-ocsp-basic');
  return { responseStatus, basic: decodeBasic(octets.contents) };
}

/** BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL } */
function decodeBasic(der: Uint8Array): DecodedBasicResponse {
  const [tbs, algorithm, signature, certsField] = children(parse(der, 'BasicOCSPResponse'), 0x30, 'BasicOCSPResponse');
  const [algorithmOid] = children(algorithm, 0x30, 'signatureAlgorithm');
  const oid = algorithmOid === undefined ? null : oidValue(algorithmOid);
  if (oid === null) malformed('signatureAlgorithm');
  if (signature?.tag !== 0x03 || signature.contents[0] !== 0) malformed('signature');
  const certs = certsField === undefined ? [] : children(children(certsField, 0xa0, 'certs')[0], 0x30, 'certs').map((c) => c.encoded);

  // ResponseData ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, responderID, producedAt, responses, responseExtensions [1] EXPLICIT OPTIONAL }
  let fields = children(tbs, 0x30, 'ResponseData');
  if (fields[0]?.tag === 0xa0) {
    const [version] = children(fields[0], 0xa0, 'version');
    if (version === undefined || integerValue(version) !== 0) malformed('version (only v1 exists)');
    fields = fields.slice(1);
  }
  const [responder, producedAt, list, extensions] = fields;
  const byKey = responder?.tag === 0xa2;
  const [keyOrName] = children(responder, byKey ? 0xa2 : 0xa1, 'responderID');
  if (keyOrName === undefined || (byKey && keyOrName.tag !== 0x04)) malformed('responderID');
  const responderId = byKey ? { byKey: keyOrName.contents } : { byName: keyOrName.encoded };
  return {
    tbs: tbs!.encoded,
    responderId,
    producedAt: time(producedAt, 'producedAt'),
    responses: children(list, 0x30, 'responses').map(decodeSingle),
    nonce: extensions === undefined ? null : nonceOf(children(extensions, 0xa1, 'responseExtensions')[0]),
    signatureAlgorithm: { oid, der: algorithm!.encoded },
    signature: signature.contents.subarray(1),
    certs,
  };
}

/** SingleResponse ::= SEQUENCE { certID, certStatus, thisUpdate, nextUpdate [0] EXPLICIT OPTIONAL, singleExtensions [1] EXPLICIT OPTIONAL } */
function decodeSingle(item: DerItem): DecodedSingleResponse {
  const [certId, status, thisUpdate, ...optional] = children(item, 0x30, 'SingleResponse');
  const next = optional[0]?.tag === 0xa0 ? children(optional[0], 0xa0, 'nextUpdate')[0] : undefined;
  return {
    certId: decodeCertId(certId),
    status: decodeCertStatus(status),
    thisUpdate: time(thisUpdate, 'thisUpdate'),
    nextUpdate: next === undefined ? null : time(next, 'nextUpdate'),
  };
}

/** CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL } */
function decodeCertStatus(item: DerItem | undefined): OcspCertStatus {
  if (item?.tag === 0x80 && item.contents.length === 0) return { status: 'good' };
  if (item?.tag === 0x82 && item.contents.length === 0) return { status: 'unknown' };
  const [revocationTime, reasonField] = children(item, 0xa1, 'certStatus');
  let reason: RevocationReason | null = null;
  if (reasonField !== undefined) {
    const [code] = children(reasonField, 0xa0, 'revocationReason');
    if (code?.tag !== 0x0a || code.contents.length !== 1) malformed('revocationReason');
    reason = REASON_BY_CODE.get(code.contents[0]!) ?? malformed(`revocationReason ${code.contents[0]}`);
  }
  return { status: 'revoked', revocationTime: time(revocationTime, 'revocationTime'), reason };
}

/** CertID ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING, issuerKeyHash OCTET STRING, serialNumber INTEGER } */
function decodeCertId(item: DerItem | undefined): OcspCertId {
  const [algorithm, nameHash, keyHash, serial] = children(item, 0x30, 'CertID');
  const [hashOid] = children(algorithm, 0x30, 'CertID hashAlgorithm');
  const hash = hashOid === undefined ? undefined : HASH_BY_OID[oidValue(hashOid) ?? ''];
  if (hash === undefined) malformed('CertID: unsupported hashAlgorithm');
  if (nameHash?.tag !== 0x04 || keyHash?.tag !== 0x04 || serial?.tag !== 0x02 || serial.contents.length === 0) malformed('CertID');
  return { hash, issuerNameHash: nameHash.contents, issuerKeyHash: keyHash.contents, serial: serial.contents };
}

/** The id-pkix-ocsp-nonce extension's value among Extensions (SEQUENCE OF Extension), or null. */
function nonceOf(extensions: DerItem | undefined): Uint8Array | null {
  for (const extension of children(extensions, 0x30, 'extensions')) {
    const fields = children(extension, 0x30, 'extension');
    const value = fields[fields.length - 1];
    if (fields[0] !== undefined && oidValue(fields[0]) === ID_PKIX_OCSP_NONCE && value?.tag === 0x04) return value.contents;
  }
  return null;
}

/**
 * OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
 * TBSRequest ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, requestorName [1] EXPLICIT GeneralName OPTIONAL,
 *   requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
 * Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
 * A request signature is not checked (RFC 6960 4.1.2: optional; certgen's responder does not require one).
 */
export function decodeOcspRequest(der: Uint8Array): DecodedOcspRequest {
  const [tbs] = children(parse(der, 'request'), 0x30, 'request');
  let fields = children(tbs, 0x30, 'TBSRequest');
  if (fields[0]?.tag === 0xa0) fields = fields.slice(1);
  if (fields[0]?.tag === 0xa1) fields = fields.slice(1);
  const [list, extensions] = fields;
  const certIds = children(list, 0x30, 'requestList').map((request) => decodeCertId(children(request, 0x30, 'Request')[0]));
  if (certIds.length === 0) malformed('request: empty requestList');
  return { certIds, nonce: extensions === undefined ? null : nonceOf(children(extensions, 0xa2, 'requestExtensions')[0]) };
}
