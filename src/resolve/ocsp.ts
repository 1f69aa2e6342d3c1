/**
 * OCSP in the resolved plan (docs/templates.md: profile `ocsp`, `ocspSigner`, `ocspResponse`): which responder
 * signs each CA's responses, and every `<name>.ocsp.der` fixture with its defaults applied. The
 * status of a response defaults to what the issuer's CRL says, so a fixture and the CRL agree
 * unless the template says otherwise.
 */
import { unknownName } from '../suggest.js';
import type { RawCertificate, RawOcspResponse } from '../template/types.js';
import { parseTime } from '../values/time.js';
import { at, fail, type Where } from '../values/where.js';
import { DEFAULT_NOT_BEFORE, defaultEnd } from './profiles.js';
import type { OcspExpectation, ResolvedCertificate, ResolvedCrl, ResolvedOcspResponse } from './types.js';
import type { RevocationReason } from '../values/types.js';

/** nextUpdate = thisUpdate + 7 days by default. */
const DEFAULT_NEXT_UPDATE_MS = 7 * 86400e3;

export interface OcspContext {
  readonly certificates: readonly ResolvedCertificate[];
  readonly byName: ReadonlyMap<string, ResolvedCertificate>;
  readonly crls: readonly ResolvedCrl[];
  readonly raw: (name: string) => RawCertificate;
  readonly where: (name: string) => Where;
  readonly epoch: Date;
}

/** The certificate `name`, which must exist and be issued by `ca` (not `ca` itself); fails at `where` otherwise. */
export function issuedBy(ca: string, name: string, byName: ReadonlyMap<string, ResolvedCertificate>, where: Where): ResolvedCertificate {
  const cert = byName.get(name);
  if (!cert) fail(where, unknownName('certificate', name, [...byName.keys()]));
  if (cert.issuer !== ca || cert.name === ca) fail(where, `"${name}" is not issued by ${ca}`);
  return cert;
}

/** CA name → its `ocspSigner`, for the CAs that name one (it must be a certificate the CA issued). */
export function resolveOcspSigners(ctx: OcspContext): Map<string, string> {
  const signers = new Map<string, string>();
  for (const c of ctx.certificates) {
    const signer = ctx.raw(c.name).ocspSigner;
    if (signer === undefined) continue;
    const where = at(ctx.where(c.name), 'ocspSigner');
    if (c.role === 'leaf') fail(where, 'only a CA has an OCSP signer');
    signers.set(c.name, issuedBy(c.name, signer, ctx.byName, where).name);
  }
  return signers;
}

/** Every certificate's `ocspResponse`, in the set's (issuer-first) order. */
export function resolveOcspResponses(ctx: OcspContext, signers: ReadonlyMap<string, string>): ResolvedOcspResponse[] {
  return ctx.certificates.flatMap((c) => {
    const raw = ctx.raw(c.name).ocspResponse;
    return raw === undefined ? [] : [resolveOcspResponse(c, raw === true ? {} : raw, at(ctx.where(c.name), 'ocspResponse'), ctx, signers)];
  });
}

function resolveOcspResponse(cert: ResolvedCertificate, r: RawOcspResponse, where: Where, ctx: OcspContext, signers: ReadonlyMap<string, string>): ResolvedOcspResponse {
  if (cert.issuer === cert.name) fail(where, 'a self-signed certificate has no issuer to answer for it');
  const thisUpdate = parseTime(r.thisUpdate ?? DEFAULT_NOT_BEFORE, ctx.epoch, at(where, 'thisUpdate'));
  const nextUpdate = r.nextUpdate !== undefined ? parseTime(r.nextUpdate, ctx.epoch, at(where, 'nextUpdate')) : defaultEnd(thisUpdate, DEFAULT_NEXT_UPDATE_MS);
  if (nextUpdate < thisUpdate) fail(at(where, 'nextUpdate'), 'nextUpdate is before thisUpdate');
  const producedAt = r.producedAt !== undefined ? parseTime(r.producedAt, ctx.epoch, at(where, 'producedAt')) : thisUpdate;

  const entry = ctx.crls.find((crl) => crl.issuer === cert.issuer)?.revoked.find((e) => e.cert === cert.name) ?? null;
  const status = r.status ?? (entry ? 'revoked' : 'good');
  if (r.revocationReason !== undefined && status !== 'revoked') fail(at(where, 'revocationReason'), `a reason needs status revoked, not ${status}`);
  const revoked = status === 'revoked';

  const signer = r.signer ?? signers.get(cert.issuer) ?? cert.issuer;
  if (!ctx.byName.has(signer)) fail(at(where, 'signer'), unknownName('certificate', signer, [...ctx.byName.keys()]));

  return {
    cert: cert.name,
    issuer: cert.issuer,
    signer,
    responseStatus: r.responseStatus ?? 'successful',
    status,
    revocationTime: revoked ? (entry?.date ?? thisUpdate) : null,
    revocationReason: revoked ? ((r.revocationReason as RevocationReason | undefined) ?? entry?.reason ?? null) : null,
    thisUpdate,
    nextUpdate,
    producedAt,
    expect: (r.expect ?? 'valid') as OcspExpectation,
  };
}
