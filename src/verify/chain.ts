/**
 * Why one certificate of a built set would be refused, if it would: the chain is built by name
 * from the set's own certificates to its trust anchors, then checked in the order OpenSSL 3.0's
 * X509_verify_cert checks it, so the first reason found is the one OpenSSL reports first:
 *
 *  1. the certificate's own key (`weakKey`; OpenSSL checks the end-entity key before anything else)
 *  2. the chain reaches a trust anchor (`selfSigned` when the certificate is a self-signed one
 *     outside `trust`, `untrusted` when its chain ends at one)
 *  3. per certificate, leaf first: issuers are CAs with keyCertSign (`notCA`), EKU and keyUsage
 *     allow the leaf's purpose (`purpose`), pathLength holds (`pathLength`)
 *  4. issuers' keys and every signature below the anchor (`weakKey`, `weakSignature`: SHA-1, MD5)
 *  5. the host name, from SAN only, never the CN (`hostname`)
 *  6. the set's CRLs, leaf first (`revoked`; an expired or not yet valid CRL is `crlExpired`,
 *     `crlNotYetValid`, which no `expect` can name: OpenSSL and Node, checking CRLs, refuse
 *     every certificate under that CA then)
 *  7. signatures and validity, anchor first (`badSignature`, `notYetValid`, `expired`)
 *  8. name constraints (`nameConstraints`)
 *
 * Strength is checked at 112 bits (OpenSSL security level 2), which OpenSSL and Node apply only
 * when asked (`-auth_level 2`, `SECLEVEL=2`); docs/negative-fixtures.md says what each stack does
 * at its defaults. Purposes follow OpenSSL's sslserver/sslclient rules, which also read keyUsage
 * and the EKU of CAs, and do not accept anyExtendedKeyUsage in place of serverAuth/clientAuth.
 */
import { isIP } from 'node:net';
import type { Expectation } from '../resolve/types.js';
import { extKeyUsageName } from '../values/usage.js';
import type { CertificateFacts } from './certificate.js';
import type { CrlFacts } from './crl.js';
import { WEAK_HASHES } from './algorithms.js';
import { OID } from './oids.js';
import { nameConstraintViolation } from './name-constraints.js';

/** What verify saw: an `expect` value, or a refusal no `expect` names. */
export type Observation = Expectation | 'crlExpired' | 'crlNotYetValid' | 'badSignature';

export interface Finding {
  readonly observed: Observation;
  readonly detail: string;
}

export type Purpose = 'server' | 'client';

export interface ChainContext {
  /** The parsed certificate of every name in the set. */
  readonly facts: (name: string) => CertificateFacts;
  /** The issuer's name from the template (a self-signed certificate names itself). */
  readonly issuerOf: (name: string) => string;
  readonly trust: ReadonlySet<string>;
  /** CA name → its CRL. */
  readonly crls: ReadonlyMap<string, CrlFacts>;
  /** The time validity is judged at. */
  readonly at: Date;
}

export interface Target {
  readonly name: string;
  readonly purposes: readonly Purpose[];
  readonly checkHost: string | null;
}

/** 112-bit security: RSA 2048, P-224 (`weakKey` means under 112 bits). */
const MIN_SECURITY_BITS = 112;

/** OpenSSL's XKU_SSL_SERVER | XKU_SGC and XKU_SSL_CLIENT. */
const PURPOSE_EKUS: Record<Purpose, readonly string[]> = { server: [OID.serverAuth, OID.nsSgc, OID.msSgc], client: [OID.clientAuth] };
/** OpenSSL's KU_TLS for servers; clients sign (or agree). */
const PURPOSE_KEY_USAGES = { server: ['digitalSignature', 'keyEncipherment', 'keyAgreement'], client: ['digitalSignature', 'keyAgreement'] } as const;

export interface Chain {
  /** The target first, then its issuers, by name. */
  readonly names: readonly string[];
  /** Whether the last name is a trust anchor. */
  readonly anchored: boolean;
}

/** Follows `issuer` names until a trust anchor (a name in `trust`) or a self-signed certificate. */
export function buildChain(name: string, ctx: Pick<ChainContext, 'issuerOf' | 'trust'>): Chain {
  const names = [name];
  for (let current = name; !ctx.trust.has(current); ) {
    const issuer = ctx.issuerOf(current);
    if (issuer === current || names.includes(issuer)) return { names, anchored: false };
    names.push(issuer);
    current = issuer;
  }
  return { names, anchored: true };
}

/** The first reason the target would be refused, in the order above, or null when it is accepted. */
export function firstRefusal(target: Target, ctx: ChainContext): Finding | null {
  const chain = buildChain(target.name, ctx);
  const certs = chain.names.map((n) => ({ name: n, facts: ctx.facts(n) }));
  const steps = [
    () => endEntityKey(certs[0]!),
    () => anchoring(chain, certs),
    () => extensions(certs, target.purposes),
    () => strength(certs, chain.anchored),
    () => hostname(certs[0]!, target.checkHost),
    () => revocation(certs, ctx),
    () => signaturesAndValidity(certs, ctx.at),
    () => nameConstraints(certs),
  ];
  for (const step of steps) {
    const finding = step();
    if (finding) return finding;
  }
  return null;
}

type Link = { readonly name: string; readonly facts: CertificateFacts };

function endEntityKey(cert: Link): Finding | null {
  if (cert.facts.keySecurityBits >= MIN_SECURITY_BITS) return null;
  return { observed: 'weakKey', detail: `${cert.name}: ${cert.facts.keyDescription} key (${cert.facts.keySecurityBits}-bit security, under ${MIN_SECURITY_BITS})` };
}

function anchoring(chain: Chain, certs: readonly Link[]): Finding | null {
  for (let i = 0; i + 1 < certs.length; i++) {
    const child = certs[i]!.facts;
    const parent = certs[i + 1]!.facts;
    // X509_check_issued (behind checkIssued) also refuses an issuer whose keyUsage lacks
    // keyCertSign; that is step 3's `notCA`, so such a link is judged by its names here.
    const linked = child.x509.checkIssued(parent.x509) || (parent.keyUsage?.has('keyCertSign') === false && child.x509.issuer === parent.x509.subject);
    if (!linked) {
      return { observed: 'untrusted', detail: `${certs[i]!.name} does not name ${certs[i + 1]!.name} as its issuer (subject/AKI mismatch)` };
    }
  }
  if (chain.anchored) return null;
  const last = chain.names[chain.names.length - 1]!;
  if (chain.names.length === 1) return { observed: 'selfSigned', detail: `${last} is self-signed and not a trust anchor` };
  return { observed: 'untrusted', detail: `the chain ends at ${last}, which is not a trust anchor` };
}

function extensions(certs: readonly Link[], purposes: readonly Purpose[]): Finding | null {
  let pathLength = 0; // non-self-issued intermediates seen so far (OpenSSL's plen)
  for (let i = 0; i < certs.length; i++) {
    const { name, facts } = certs[i]!;
    if (i > 0) {
      const bc = facts.basicConstraints;
      if (bc === null || !bc.ca) return { observed: 'notCA', detail: `issuer ${name} is not a CA (basicConstraints ${bc === null ? 'absent' : 'CA:FALSE'})` };
      if (facts.keyUsage !== null && !facts.keyUsage.has('keyCertSign')) return { observed: 'notCA', detail: `issuer ${name}: keyUsage lacks keyCertSign` };
    }
    for (const purpose of purposes) {
      const refused = purposeRefusal(facts, purpose, i === 0);
      if (refused) return { observed: 'purpose', detail: `${name}: ${refused} (TLS ${purpose})` };
    }
    const limit = facts.basicConstraints?.pathLength ?? null;
    if (i > 1 && limit !== null && pathLength > limit) {
      return { observed: 'pathLength', detail: `${name} allows ${limit} intermediate(s) below it, the chain has ${pathLength}` };
    }
    if (i > 0 && !facts.selfIssued) pathLength++;
  }
  return null;
}

function purposeRefusal(facts: CertificateFacts, purpose: Purpose, leaf: boolean): string | null {
  const eku = facts.extKeyUsage;
  if (eku !== null && !eku.some((o) => PURPOSE_EKUS[purpose].includes(o))) {
    return `extKeyUsage [${eku.map(extKeyUsageName).join(', ')}] lacks ${purpose === 'server' ? 'serverAuth' : 'clientAuth'}`;
  }
  const ku = facts.keyUsage;
  if (leaf && ku !== null && !PURPOSE_KEY_USAGES[purpose].some((u) => ku.has(u))) {
    return `keyUsage lacks ${PURPOSE_KEY_USAGES[purpose].join('/')}`;
  }
  return null;
}

function strength(certs: readonly Link[], anchored: boolean): Finding | null {
  for (let i = 0; i < certs.length; i++) {
    const { name, facts } = certs[i]!;
    if (i > 0 && facts.keySecurityBits < MIN_SECURITY_BITS) {
      return { observed: 'weakKey', detail: `issuer ${name}: ${facts.keyDescription} key (${facts.keySecurityBits}-bit security)` };
    }
    // The trust anchor's own signature is never checked, so its hash does not matter.
    const isAnchor = anchored && i === certs.length - 1;
    if (!isAnchor && WEAK_HASHES.has(facts.signatureHash)) {
      return { observed: 'weakSignature', detail: `${name} is signed with ${facts.signatureHash.toUpperCase()} (${facts.signatureAlgorithm})` };
    }
  }
  return null;
}

function hostname(cert: Link, host: string | null): Finding | null {
  if (host === null) return null;
  const x509 = cert.facts.x509;
  // RFC 6125 6.4.4 / CA/Browser Forum: the CN is not consulted (OpenSSL and Node's tls still do).
  const matched = isIP(host) !== 0 ? x509.checkIP(host) : x509.checkHost(host, { subject: 'never' });
  if (matched !== undefined) return null;
  const san = x509.subjectAltName;
  return { observed: 'hostname', detail: `${cert.name} is not valid for ${host} (${san === undefined ? 'no subjectAltName' : `SAN ${san}`})` };
}

function revocation(certs: readonly Link[], ctx: ChainContext): Finding | null {
  for (let i = 0; i < certs.length; i++) {
    const { name, facts } = certs[i]!;
    // The last certificate is checked against its own CRL only when it is self-signed (a root).
    const issuer = i + 1 < certs.length ? certs[i + 1]! : ctx.issuerOf(name) === name ? certs[i]! : null;
    const crl = issuer ? ctx.crls.get(issuer.name) : undefined;
    if (!issuer || !crl) continue;
    if (!crl.signedBy(issuer.facts.x509.publicKey)) return { observed: 'badSignature', detail: `the CRL of ${issuer.name} does not verify with its key` };
    if (crl.thisUpdate > ctx.at) return { observed: 'crlNotYetValid', detail: `the CRL of ${issuer.name} starts ${iso(crl.thisUpdate)}, after ${iso(ctx.at)}` };
    if (crl.nextUpdate !== null && crl.nextUpdate < ctx.at) {
      return { observed: 'crlExpired', detail: `the CRL of ${issuer.name} expired ${iso(crl.nextUpdate)} (nextUpdate), before ${iso(ctx.at)}` };
    }
    const date = crl.revoked.get(facts.serialHex);
    if (date) return { observed: 'revoked', detail: `${name} (serial ${facts.serialHex}) is on the CRL of ${issuer.name}, revoked ${iso(date)}` };
  }
  return null;
}

function signaturesAndValidity(certs: readonly Link[], at: Date): Finding | null {
  for (let i = certs.length - 1; i >= 0; i--) {
    const { name, facts } = certs[i]!;
    const issuer = certs[i + 1];
    if (issuer && !facts.x509.verify(issuer.facts.x509.publicKey)) return { observed: 'badSignature', detail: `${name}: the signature does not verify with ${issuer.name}'s key` };
    if (facts.notBefore > at) return { observed: 'notYetValid', detail: `${name}: notBefore ${iso(facts.notBefore)} is after ${iso(at)}` };
    if (facts.notAfter < at) return { observed: 'expired', detail: `${name}: notAfter ${iso(facts.notAfter)} is before ${iso(at)}` };
  }
  return null;
}

function nameConstraints(certs: readonly Link[]): Finding | null {
  for (let j = certs.length - 1; j >= 1; j--) {
    const constraints = certs[j]!.facts.nameConstraints;
    if (constraints === null) continue;
    for (let i = j - 1; i >= 0; i--) {
      const { name, facts } = certs[i]!;
      // RFC 5280 6.1.3 (b), (c): self-issued intermediates are not subject to the constraints.
      if (i > 0 && facts.selfIssued) continue;
      const violation = nameConstraintViolation(constraints, facts, i === 0);
      if (violation) {
        return { observed: 'nameConstraints', detail: `${name}: ${violation.name} is ${violation.kind === 'permitted' ? 'outside the permitted' : 'in the excluded'} subtrees of ${certs[j]!.name}` };
      }
    }
  }
  return null;
}

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
