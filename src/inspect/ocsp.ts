/**
 * `certgen inspect` of a DER OCSPResponse (`<name>.ocsp.der`): its status, each answer with the
 * serial it is about, the times, the responder, the signature algorithm and the certificates it
 * carries. Read with src/ocsp's decoder; nothing is verified here (`certgen verify` does that).
 */
import { CertgenError } from '../errors.js';
import { decodeOcspResponse, type DecodedOcspResponse } from '../ocsp/decode.js';
import { serialHex } from '../values/hex.js';
import { isoSeconds } from '../values/time.js';
import { SIGNATURE_NAMES, describeCertificate, renderName, type CertificateDescription } from './x509.js';

export interface OcspSingleResponseDescription {
  /** Lowercase hex, as `openssl x509 -serial` and pins.json write it. */
  readonly serialNumber: string;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revocationTime: string | null;
  readonly revocationReason: string | null;
  readonly thisUpdate: string;
  readonly nextUpdate: string | null;
  /** The CertID: its hash algorithm and the issuer's name and key hashes (hex). */
  readonly certId: { readonly hashAlgorithm: string; readonly issuerNameHash: string; readonly issuerKeyHash: string };
}

export interface OcspResponseDescription {
  readonly file: string;
  readonly format: 'ocsp';
  readonly responseStatus: string;
  /** `byKey <SHA-1 hex>` or `byName <RFC 4514 name>`; null for an error response. */
  readonly responderId: string | null;
  readonly producedAt: string | null;
  readonly signatureAlgorithm: string | null;
  readonly responses: readonly OcspSingleResponseDescription[];
  /** The nonce extension's value in hex, or null. */
  readonly nonce: string | null;
  /** The `certs` field: a delegated responder's certificate, usually. */
  readonly certificates: readonly CertificateDescription[];
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Whether `der` is meant to be an OCSPResponse: a SEQUENCE whose first element is an ENUMERATED
 * (no certificate, CRL, key or PKCS#12 starts so), so a broken one is reported as a broken OCSP
 * response rather than as an unknown file.
 */
export function looksLikeOcspResponse(der: Uint8Array): boolean {
  if (der[0] !== 0x30 || der.length < 2) return false;
  const lengthOctets = der[1]! & 0x80 ? 1 + (der[1]! & 0x7f) : 1;
  return der[1 + lengthOctets] === 0x0a;
}

/** @throws {CertgenError} the bytes are not a well-formed OCSPResponse. */
export function describeOcspResponse(der: Uint8Array, file: string): OcspResponseDescription {
  let decoded: DecodedOcspResponse;
  try {
    decoded = decodeOcspResponse(der);
  } catch (error) {
    throw new CertgenError((error as Error).message, {}, { cause: error });
  }
  const basic = decoded.basic;
  if (basic === null) {
    return { file, format: 'ocsp', responseStatus: decoded.responseStatus, responderId: null, producedAt: null, signatureAlgorithm: null, responses: [], nonce: null, certificates: [] };
  }
  let certificates: CertificateDescription[];
  try {
    certificates = basic.certs.map((c) => describeCertificate(c));
  } catch (error) {
    throw new CertgenError(`malformed OCSP response: a certificate in certs does not parse (${(error as Error).message})`, {}, { cause: error });
  }
  return {
    file,
    format: 'ocsp',
    responseStatus: decoded.responseStatus,
    responderId: 'byKey' in basic.responderId ? `byKey ${hex(basic.responderId.byKey)}` : `byName ${nameOf(basic.responderId.byName)}`,
    producedAt: isoSeconds(basic.producedAt),
    signatureAlgorithm: SIGNATURE_NAMES[basic.signatureAlgorithm.oid] ?? basic.signatureAlgorithm.oid,
    responses: basic.responses.map((r) => ({
      serialNumber: serialHex(r.certId.serial),
      status: r.status.status,
      revocationTime: r.status.status === 'revoked' ? isoSeconds(r.status.revocationTime) : null,
      revocationReason: r.status.status === 'revoked' ? r.status.reason : null,
      thisUpdate: isoSeconds(r.thisUpdate),
      nextUpdate: r.nextUpdate === null ? null : isoSeconds(r.nextUpdate),
      certId: { hashAlgorithm: r.certId.hash, issuerNameHash: hex(r.certId.issuerNameHash), issuerKeyHash: hex(r.certId.issuerKeyHash) },
    })),
    nonce: basic.nonce === null ? null : hex(basic.nonce),
    certificates,
  };
}

function nameOf(der: Uint8Array): string {
  try {
    return renderName(der);
  } catch (error) {
    throw new CertgenError('malformed OCSP responderID byName', {}, { cause: error });
  }
}
