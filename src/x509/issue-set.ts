import type { Engine, KeyPair, RngFactory } from '../crypto/types.js';
import type { ResolvedCertificate, ResolvedSet } from '../resolve/types.js';
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
  /** Called after each certificate is issued (after its issuers), with how many of the set's `total` are done. */
  readonly onProgress?: (done: number, total: number, issued: IssuedCertificate) => void;
}

/**
 * How many key generations may be in flight at once. Enough to keep libuv's thread pool (4
 * threads by default) busy on any core count, few enough that certificates get signed while later
 * keys are still being generated (a pipeline, not "all keys, then all certificates") and that a
 * 10,000-leaf set does not queue 10,000 jobs at once.
 */
const KEYS_IN_FLIGHT = 16;

/**
 * The key pair of certificate `owner`, from its own Rng stream (`key:<owner>`). `issueSet` and
 * `ca.issue()` both come here, so a seeded certificate is the same bytes whichever made it.
 */
export function generateKey(owner: string, spec: ResolvedCertificate['key'], deps: Pick<IssueDeps, 'engine' | 'rng'>): Promise<KeyPair> {
  return deps.engine.generateKeyPair(spec, deps.rng.forLabel(`key:${owner}`), deps.rng.deterministic);
}

/** Signs one certificate with serial and signature drawn from its own streams (`serial:`, `signature:`). */
export function signCertificate(cert: ResolvedCertificate, key: KeyPair, issuer: IssuedCertificate | null, deps: Pick<IssueDeps, 'engine' | 'rng'>): Promise<IssuedCertificate> {
  const { engine, rng } = deps;
  const serial = cert.serial ?? randomSerial(rng.forLabel(`serial:${cert.name}`));
  return issueCertificate(cert, key, issuer, serial, { engine, rng: rng.forLabel(`signature:${cert.name}`), deterministic: rng.deterministic });
}

/**
 * Issues every certificate of a set as a pipeline: key pairs are generated concurrently (in
 * libuv's thread pool, so RSA keys use every core), and each certificate is signed as soon as its
 * key and its issuer's certificate exist, so a thousand leaves of one intermediate are signed
 * concurrently too. Every Rng stream is labelled by purpose and certificate name, so in seeded
 * mode each value depends only on (seed, name), never on the order in which work finishes.
 */
export async function issueSet(set: ResolvedSet, deps: IssueDeps): Promise<IssuedSet> {
  const { engine, rng, onProgress } = deps;
  const total = set.certificates.length;
  const owners = [...new Set(set.certificates.map((c) => c.keyOwner))];
  const specs = new Map(set.certificates.map((c) => [c.name, c.key]));
  const limit = limiter(KEYS_IN_FLIGHT);
  // Owners come in issuer-first order, and the limiter is FIFO: CA keys are made first.
  const keys = new Map<string, Promise<KeyPair>>(
    owners.map((o) => [o, limit(() => generateKey(o, specs.get(o)!, deps))]),
  );

  let done = 0;
  const issuing = new Map<string, Promise<IssuedCertificate>>();
  const issueOne = async (cert: ResolvedCertificate): Promise<IssuedCertificate> => {
    const [key, issuer] = await Promise.all([keys.get(cert.keyOwner)!, cert.issuer === cert.name ? null : issuing.get(cert.issuer)!]);
    const issued = await signCertificate(cert, key, issuer, deps);
    onProgress?.(++done, total, issued);
    return issued;
  };
  // Issuer-first order: an issuer's promise exists before any certificate that waits for it.
  for (const cert of set.certificates) issuing.set(cert.name, issueOne(cert));
  const results = await Promise.allSettled([...issuing.values(), ...keys.values()]);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;

  const issued = new Map<string, IssuedCertificate>();
  for (const cert of set.certificates) issued.set(cert.name, await issuing.get(cert.name)!);
  const crls = await Promise.all(
    set.crls.map((crl) =>
      issueCrl(crl, issued, { engine, rng: rng.forLabel(`crl:${crl.issuer}`), deterministic: rng.deterministic }),
    ),
  );
  return { resolved: set, certificates: issued, crls };
}

/** Runs at most `concurrency` of the given tasks at once, in the order they were submitted. */
function limiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        running++;
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(release);
      };
      if (running < concurrency) start();
      else waiting.push(start);
    });
}
