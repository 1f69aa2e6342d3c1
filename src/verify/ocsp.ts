/**
 * `certgen verify` for a set's OCSP response fixtures (docs/templates.md: `ocspResponse`'s `expect`): each
 * `<name>.ocsp.der` is judged as a client judges a stapled response, at the set's epoch, in this
 * order: `error` (a non-successful responseStatus), `unauthorized` (RFC 6960 4.2.2.2: signed
 * neither by the CA nor by a responder certificate the CA issued with id-kp-OCSPSigning, or a
 * signature that does not verify), `notYetValid` (thisUpdate after the time), `expired`
 * (nextUpdate before it). A response judged `valid` must also agree with the issuer's CRL: `good`
 * for a listed certificate or `revoked` for an unlisted one (or with another revocation time or
 * reason) is a failure. `unknown` contradicts no CRL.
 */
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { childItems, singleItem } from '../der/read.js';
import { CertgenError } from '../errors.js';
import { decodeOcspResponse, type DecodedBasicResponse } from '../ocsp/decode.js';
import { ocspCertId } from '../ocsp/cert-id.js';
import { ocspResponseFile } from '../layout/file-names.js';
import type { OcspExpectation, ResolvedOcspResponse, ResolvedSet } from '../resolve/types.js';
import { serialHex } from '../values/hex.js';
import { isoSeconds } from '../values/time.js';
import { OID } from './oids.js';
import { REASON_CODES } from '../x509/crl.js';
import { subjectPublicKeyBits } from '../x509/spki.js';
import { signatureHashOf, verifyWith } from './algorithms.js';
import type { CrlFacts } from './crl.js';


export interface OcspVerifyRow {
  readonly set: string;
  /** The certificate the response is about. */
  readonly cert: string;
  /** `<cert>.ocsp.der`. */
  readonly file: string;
  readonly expect: OcspExpectation;
  readonly observed: OcspExpectation;
  /** The certStatus of a successful response (`good`, `revoked`, `unknown`), else null. */
  readonly status: string | null;
  readonly ok: boolean;
  /** Why it was refused, or where it disagrees with the CRL (empty otherwise). */
  readonly detail: string;
}

interface Finding {
  readonly observed: OcspExpectation;
  readonly detail: string;
}

/**
 * One row per response, in template order. `certificates` and `responses` hold the built DER by
 * certificate name; `crls` the parsed CRLs by issuer name.
 *
 * @throws {CertgenError} a response file is missing or cannot be parsed.
 */
export function verifyOcspResponses(
  set: ResolvedSet,
  certificates: ReadonlyMap<string, Uint8Array>,
  responses: ReadonlyMap<string, Uint8Array>,
  crls: ReadonlyMap<string, CrlFacts>,
  at: Date,
): OcspVerifyRow[] {
  return set.ocspResponses.map((r) => {
    const file = ocspResponseFile(r.cert);
    const der = responses.get(r.cert);
    if (der === undefined) throw new CertgenError(`${file} is missing: build first`, { file: set.name });
    const issuer = new X509Certificate(certificates.get(r.issuer)!);
    const subject = new X509Certificate(certificates.get(r.cert)!);
    let decoded;
    let finding: Finding | null;
    try {
      // A certificate in `certs` that does not parse throws from authorization() too.
      decoded = decodeOcspResponse(der);
      finding =
        decoded.basic === null
          ? { observed: 'error', detail: `responseStatus ${decoded.responseStatus}` }
          : (authorization(decoded.basic, issuer, at) ?? answersFor(decoded.basic, issuer, subject, r) ?? timing(decoded.basic, at));
    } catch (e) {
      throw new CertgenError(`cannot parse (${(e as Error).message}): rebuild the set`, { file: `${set.name}/${file}` }, { cause: e });
    }
    const single = decoded.basic?.responses[0];
    const observed = finding?.observed ?? 'valid';
    const disagreement = observed === 'valid' ? crlDisagreement(single!.status, subject, crls.get(r.issuer), r.issuer) : null;
    return {
      set: set.name,
      cert: r.cert,
      file,
      expect: r.expect,
      observed,
      status: single?.status.status ?? null,
      ok: observed === r.expect && disagreement === null,
      detail: finding?.detail ?? disagreement ?? '',
    };
  });
}

/** SHA-1 of a public key's bits: what ResponderID byKey holds. */
function keyHash(key: KeyObject): string {
  const spki = new Uint8Array(key.export({ type: 'spki', format: 'der' }));
  return createHash('sha1').update(subjectPublicKeyBits(spki)).digest('hex');
}

/**
 * RFC 6960 4.2.2.2: the response is signed by the CA, or by a certificate in `certs` that the CA
 * issued (its signature checks with the CA's key) with id-kp-OCSPSigning, valid at `at`.
 */
function authorization(basic: DecodedBasicResponse, issuer: X509Certificate, at: Date): Finding | null {
  const id = basic.responderId;
  const responderMatches = (cert: X509Certificate): boolean =>
    'byKey' in id ? Buffer.from(id.byKey).toString('hex') === keyHash(cert.publicKey) : Buffer.from(id.byName).equals(Buffer.from(subjectDer(cert)));
  let signerKey: KeyObject;
  if (responderMatches(issuer)) signerKey = issuer.publicKey;
  else {
    const candidates = basic.certs.map((der) => new X509Certificate(der)).filter(responderMatches);
    const responder = candidates[0];
    if (responder === undefined) return { observed: 'unauthorized', detail: 'signed neither by the issuer nor by a responder certificate included in the response' };
    const name = responder.subject.replace(/\n/g, ', ');
    if (!responder.checkIssued(issuer) || !responder.verify(issuer.publicKey)) return { observed: 'unauthorized', detail: `the responder (${name}) is not issued by the certificate's issuer` };
    if (!(responder.keyUsage ?? []).includes(OID.ocspSigning)) return { observed: 'unauthorized', detail: `the responder (${name}) lacks extKeyUsage OCSPSigning` };
    if (new Date(responder.validFrom) > at || new Date(responder.validTo) < at) return { observed: 'unauthorized', detail: `the responder (${name}) is not valid at ${isoSeconds(at)}` };
    signerKey = responder.publicKey;
  }
  const algorithm = asn1js.fromBER(basic.signatureAlgorithm.der).result as asn1js.Sequence;
  const hash = signatureHashOf(basic.signatureAlgorithm.oid, algorithm.valueBlock.value[1]);
  if (!verifyWith(basic.signatureAlgorithm.oid, hash, basic.tbs, signerKey, basic.signature)) return { observed: 'unauthorized', detail: 'the signature does not verify with the responder\'s key' };
  return null;
}

/** The response must hold exactly one answer, about this certificate under this issuer. */
function answersFor(basic: DecodedBasicResponse, issuer: X509Certificate, subject: X509Certificate, r: ResolvedOcspResponse): Finding | null {
  const [single, ...more] = basic.responses;
  const spki = new Uint8Array(issuer.publicKey.export({ type: 'spki', format: 'der' }));
  const expected = ocspCertId({ subjectDer: subjectDer(issuer), spki }, new Uint8Array(Buffer.from(subject.serialNumber, 'hex')), single?.certId.hash);
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
  if (
    single === undefined ||
    more.length > 0 ||
    !same(single.certId.issuerNameHash, expected.issuerNameHash) ||
    !same(single.certId.issuerKeyHash, expected.issuerKeyHash) ||
    serialHex(single.certId.serial) !== serialHex(expected.serial)
  ) {
    return { observed: 'error', detail: `the response does not answer for ${r.cert} alone (CertID mismatch)` };
  }
  return null;
}

/** The subject Name DER of a certificate: TBSCertificate's sixth field (after the optional [0] version). */
function subjectDer(cert: X509Certificate): Uint8Array {
  const [tbs] = childItems(singleItem(new Uint8Array(cert.raw)));
  const fields = childItems(tbs!);
  return fields[fields[0]!.tag === 0xa0 ? 5 : 4]!.encoded;
}

function timing(basic: DecodedBasicResponse, at: Date): Finding | null {
  const single = basic.responses[0]!;
  if (single.thisUpdate > at) return { observed: 'notYetValid', detail: `thisUpdate ${isoSeconds(single.thisUpdate)} is after ${isoSeconds(at)}` };
  if (single.nextUpdate !== null && single.nextUpdate < at) return { observed: 'expired', detail: `nextUpdate ${isoSeconds(single.nextUpdate)} is before ${isoSeconds(at)}` };
  return null;
}

function crlDisagreement(status: NonNullable<DecodedBasicResponse['responses'][0]>['status'], subject: X509Certificate, crl: CrlFacts | undefined, issuer: string): string | null {
  if (crl === undefined || status.status === 'unknown') return null;
  const serial = serialHex(new Uint8Array(Buffer.from(subject.serialNumber, 'hex')));
  const listed = crl.revoked.get(serial);
  if (status.status === 'good' && listed !== undefined) return `says good, but ${issuer}'s CRL lists it as revoked`;
  if (status.status === 'revoked' && listed === undefined) return `says revoked, but ${issuer}'s CRL does not list it`;
  if (status.status === 'revoked' && listed!.getTime() !== status.revocationTime.getTime()) {
    return `revocation time ${isoSeconds(status.revocationTime)} differs from ${issuer}'s CRL (${isoSeconds(listed!)})`;
  }
  if (status.status === 'revoked') {
    const code = crl.reasonCodes.get(serial);
    const reason = code === undefined ? null : (Object.entries(REASON_CODES).find(([, c]) => c === code)?.[0] ?? `reason ${code}`);
    if (reason !== status.reason) return `revocation reason ${status.reason ?? 'none'} differs from ${issuer}'s CRL (${reason ?? 'none'})`;
  }
  return null;
}
