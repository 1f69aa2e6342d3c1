import type { Engine, KeyPair, RngFactory } from '../crypto/types.js';
import type { ResolvedSet } from '../resolve/types.js';
import { issueCrl, type IssuedCrl } from './crl.js';
import { issueCertificate, type IssuedCertificate } from './issue.js';
import { randomSerial } from './serial.js';

export interface IssuedSet {
  readonly resolved: ResolvedSet;
  /** In the resolved (issuer-first) order. */
  readonly certificates: ReadonlyMap<string, IssuedCertificate>;
  readonly crls: readonly IssuedCrl[];
}

export interface IssueDeps {
  readonly engine: Engine;
  readonly rng: RngFactory;
}

/**
 * Issues every certificate of a set. All key pairs are generated concurrently first (RSA keys
 * then use every core); certificates are signed in issuer-first order. Every Rng stream is labelled
 * by purpose and certificate name, so in seeded mode each value depends only on (seed, name).
 */
export async function issueSet(set: ResolvedSet, deps: IssueDeps): Promise<IssuedSet> {
  const { engine, rng } = deps;
  const owners = [...new Set(set.certificates.map((c) => c.keyOwner))];
  const specs = new Map(set.certificates.map((c) => [c.name, c.key]));
  const generated = await Promise.all(owners.map((o) => engine.generateKeyPair(specs.get(o)!, rng.forLabel(`key:${o}`), rng.deterministic)));
  const keys = new Map<string, KeyPair>(owners.map((o, i) => [o, generated[i]!]));

  const issued = new Map<string, IssuedCertificate>();
  for (const cert of set.certificates) {
    const issuer = cert.issuer === cert.name ? null : issued.get(cert.issuer)!;
    const serial = cert.serial ?? randomSerial(rng.forLabel(`serial:${cert.name}`));
    const signing = { engine, rng: rng.forLabel(`signature:${cert.name}`), deterministic: rng.deterministic };
    issued.set(cert.name, await issueCertificate(cert, keys.get(cert.keyOwner)!, issuer, serial, signing));
  }

  const crls = await Promise.all(
    set.crls.map((crl) =>
      issueCrl(crl, issued, { engine, rng: rng.forLabel(`crl:${crl.issuer}`), deterministic: rng.deterministic }),
    ),
  );
  return { resolved: set, certificates: issued, crls };
}
