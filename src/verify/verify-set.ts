/**
 * `certgen verify` for one set: every certificate of the built set against its template's
 * `expect` (valid, or the one reason it must be refused). Pure: the caller reads the files and chooses the time.
 */
import { CertgenError } from '../errors.js';
import { PROFILES } from '../resolve/profiles.js';
import type { Expectation, ResolvedSet } from '../resolve/types.js';
import { certificateFacts, type CertificateFacts } from './certificate.js';
import { firstRefusal, type Observation } from './chain.js';
import { crlFacts, type CrlFacts } from './crl.js';
import { verifyOcspResponses, type OcspVerifyRow } from './ocsp.js';

/** The DER of a built set's files, by certificate name and by CRL issuer name. */
export interface BuiltSetFiles {
  readonly certificates: ReadonlyMap<string, Uint8Array>;
  readonly crls: ReadonlyMap<string, Uint8Array>;
  /** `<name>.ocsp.der` by certificate name (needed only by verifySetResponses). */
  readonly ocspResponses?: ReadonlyMap<string, Uint8Array>;
}

export interface VerifyRow {
  readonly set: string;
  readonly cert: string;
  readonly expect: Expectation;
  /** `valid`, or the first reason the certificate is refused (see chain.ts for the order). */
  readonly observed: Observation;
  readonly ok: boolean;
  /** Why it was refused (empty when accepted). */
  readonly detail: string;
}

/**
 * One row per certificate, in template (issuer-first) order. `at` is the time validity and CRLs
 * are judged at: the set's epoch, which is the template's `epoch` (or the seeded default) and
 * otherwise the clock the set was resolved with.
 *
 * @throws {CertgenError} a certificate or CRL of the set is missing or cannot be parsed.
 */
export function verifySet(set: ResolvedSet, files: BuiltSetFiles, at: Date = set.epoch): VerifyRow[] {
  const facts = new Map<string, CertificateFacts>();
  for (const c of set.certificates) {
    const der = files.certificates.get(c.name);
    if (der === undefined) throw new CertgenError(`${c.name}.pem is missing: build first`, { file: set.name });
    facts.set(c.name, parsed(() => certificateFacts(der), `${set.name}/${c.name}.pem`));
  }
  const crls = parseCrls(set, files);
  const issuers = new Map(set.certificates.map((c) => [c.name, c.issuer]));
  const ctx = { facts: (n: string) => facts.get(n)!, issuerOf: (n: string) => issuers.get(n)!, trust: new Set(set.trust), crls, at };

  return set.certificates.map((c) => {
    // A leaf's purpose is its profile's; CAs are checked for none.
    const purposes = c.role === 'leaf' ? PROFILES[c.profile].purposes : [];
    const finding = firstRefusal({ name: c.name, purposes, checkHost: c.checkHost }, ctx);
    const observed = finding?.observed ?? 'valid';
    return { set: set.name, cert: c.name, expect: c.expect, observed, ok: observed === c.expect, detail: finding?.detail ?? '' };
  });
}

/**
 * One row per `ocspResponse` of the set (src/verify/ocsp.ts says how each is judged), at `at`.
 *
 * @throws {CertgenError} a response or CRL of the set is missing or cannot be parsed.
 */
export function verifySetResponses(set: ResolvedSet, files: BuiltSetFiles, at: Date = set.epoch): OcspVerifyRow[] {
  return verifyOcspResponses(set, files.certificates, files.ocspResponses ?? new Map(), parseCrls(set, files), at);
}

function parseCrls(set: ResolvedSet, files: BuiltSetFiles): Map<string, CrlFacts> {
  const crls = new Map<string, CrlFacts>();
  for (const crl of set.crls) {
    const der = files.crls.get(crl.issuer);
    if (der === undefined) throw new CertgenError(`${crl.issuer}.crl.der is missing: build first`, { file: set.name });
    crls.set(crl.issuer, parsed(() => crlFacts(der), `${set.name}/${crl.issuer}.crl.der`));
  }
  return crls;
}

function parsed<T>(parse: () => T, file: string): T {
  try {
    return parse();
  } catch (e) {
    throw new CertgenError(`cannot parse (${(e as Error).message}): rebuild the set`, { file }, { cause: e });
  }
}
