/** `certgen verify`: checks the built sets' certificates against their templates' `expect`. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CertgenError } from '../errors.js';
import type { ResolvedSet } from '../resolve/types.js';
import { pemBlocks } from '../stores/pem.js';
import { loadTemplates } from '../template/load.js';
import { ocspResponseFile } from '../layout/file-names.js';
import type { OcspVerifyRow } from '../verify/ocsp.js';
import { verifySet, verifySetResponses, type BuiltSetFiles, type VerifyRow } from '../verify/verify-set.js';
import { buildSets } from './build-sets.js';
import { resolveTemplate, type PipelineOptions } from './pipeline.js';

/** How output/freshness.ts words "a certificate meant to be valid has expired". */
const EXPIRED_REASON = /^certificate \S+ expired /;

export interface VerifySetsOptions extends Pick<PipelineOptions, 'now' | 'env'> {
  /** Template files or folders; default `templates`. */
  readonly templates?: string | readonly string[];
  /** Where the sets were built; default `out`. */
  readonly out?: string;
}

export interface SetVerification {
  readonly name: string;
  /** The template file. */
  readonly file: string;
  readonly dir: string;
  /** The time validity and CRLs were judged at: the set's epoch, or now. */
  readonly at: Date;
  readonly rows: readonly VerifyRow[];
  /** One row per `<name>.ocsp.der`. */
  readonly ocspRows: readonly OcspVerifyRow[];
}

/**
 * Reads the templates like `build`, requires every set to be built and up to date under `out`
 * (as `certgen check` decides), and verifies each certificate of each set.
 *
 * @throws {CertgenError} a set is missing or stale ("build first"), or a template is invalid.
 */
export async function verifySets(options: VerifySetsOptions = {}): Promise<SetVerification[]> {
  const paths = typeof options.templates === 'string' ? [options.templates] : options.templates ?? ['templates'];
  const out = options.out ?? 'out';
  const now = options.now ?? new Date();
  const env = options.env ?? process.env;

  const freshness = await buildSets({ templates: paths, out, now, env, checkOnly: true });
  // A certificate meant to be valid that has expired makes a set stale for `build`, but a rebuild
  // does not always cure it (a template may say `expect: valid` of a certificate that ended 30
  // days ago): verify reports such a certificate as a failing row instead, with what it observed.
  const stale = freshness.filter((o) => o.status !== 'up-to-date' && !(o.reasons.length > 0 && o.reasons.every((r) => EXPIRED_REASON.test(r))));
  if (stale.length > 0) {
    const what = stale.map((o) => `${o.name} (${o.reasons.join('; ')})`).join(', ');
    throw new CertgenError(`not built or not up to date: ${what}: run certgen build first`, { file: out });
  }

  const loaded = await loadTemplates(paths);
  return Promise.all(
    loaded.map(async (t) => {
      const set = resolveTemplate(t, { now, env });
      const dir = join(out, set.name);
      const files = await readBuiltFiles(dir, set);
      const rows = verifySet(set, files, set.epoch);
      const ocspRows = verifySetResponses(set, files, set.epoch);
      return { name: set.name, file: t.file, dir, at: set.epoch, rows, ocspRows };
    }),
  );
}

async function readBuiltFiles(dir: string, set: ResolvedSet): Promise<BuiltSetFiles> {
  const read = (name: string) =>
    readFile(join(dir, name)).catch((e: NodeJS.ErrnoException) => {
      throw new CertgenError(`cannot read (${e.code ?? e.message}): run certgen build first`, { file: join(dir, name) });
    });
  const certificates = new Map<string, Uint8Array>();
  for (const c of set.certificates) {
    const block = pemBlocks((await read(`${c.name}.pem`)).toString('utf8')).find((b) => b.label === 'CERTIFICATE');
    if (block === undefined) throw new CertgenError('no CERTIFICATE block: run certgen build first', { file: join(dir, `${c.name}.pem`) });
    certificates.set(c.name, block.der);
  }
  const crls = new Map<string, Uint8Array>();
  for (const crl of set.crls) crls.set(crl.issuer, new Uint8Array(await read(`${crl.issuer}.crl.der`)));
  const ocspResponses = new Map<string, Uint8Array>();
  for (const r of set.ocspResponses) ocspResponses.set(r.cert, new Uint8Array(await read(ocspResponseFile(r.cert))));
  return { certificates, crls, ocspResponses };
}
