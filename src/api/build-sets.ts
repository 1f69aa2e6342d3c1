import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFreshness } from '../output/freshness.js';
import { withSetLock } from '../output/lock.js';
import { envDigest, envNames, ensureKey } from '../output/secrets.js';
import { THREAD_FROM_FILES, openVersion } from '../output/write-set.js';
import { spawnWriterThread, type WriterThread } from '../output/writer-thread.js';
import type { PinManifest } from '../pins/manifest.js';
import { isoSeconds } from '../values/time.js';
import { readTemplateText } from '../template/find.js';
import { loadTemplates } from '../template/load.js';
import type { ResolvedSet } from '../resolve/types.js';
import type { LoadedTemplate } from '../template/types.js';
import { VERSION } from '../version.js';
import { templateHash } from './template-hash.js';
import { inputsHash, produceStreamed, resolveTemplate, type PipelineOptions, type StreamedSet } from './pipeline.js';
import { PINS_FILE, ocspResponseFile } from '../layout/file-names.js';

export interface BuildSetsOptions extends PipelineOptions {
  /** Template files or folders; default `templates`. */
  readonly templates?: string | readonly string[];
  /** Output folder; default `out`. */
  readonly out?: string;
  /** Rebuild even when up to date. */
  readonly force?: boolean;
  /** Warn about certificates meant to be valid that expire within this many days; default 30. */
  readonly expiryWarningDays?: number;
  /** Only decide and report; write nothing (`certgen check`). */
  readonly checkOnly?: boolean;
}

export interface SetOutcome {
  readonly name: string;
  readonly file: string;
  readonly dir: string;
  /** `built` (written now), `up-to-date` (left as it was), `stale` (check only: would be rebuilt). */
  readonly status: 'built' | 'up-to-date' | 'stale';
  /** Why the set was (or would be) rebuilt. */
  readonly reasons: readonly string[];
  readonly warnings: readonly string[];
  /** The set's pins (read back from disk when the set was up to date; absent for a stale check). */
  readonly manifest: PinManifest | null;
  /** The set in memory (its certificates, manifest and file names), when it was built in this call. */
  readonly packaged: StreamedSet | null;
}

/** `certgen build` / `certgen check`: loads templates, skips up-to-date sets, writes the others atomically. */
export async function buildSets(options: BuildSetsOptions = {}): Promise<SetOutcome[]> {
  const paths = typeof options.templates === 'string' ? [options.templates] : options.templates ?? ['templates'];
  const out = options.out ?? 'out';
  const now = options.now ?? new Date();
  const loaded = await loadTemplates(paths);
  // A large set's writer thread starts now: it takes about as long to start as resolving takes.
  const threads = loaded.map((t) => (!options.checkOnly && Object.keys(t.template.certificates).length * 4 >= THREAD_FROM_FILES ? spawnWriterThread() : null)); // four files a certificate
  try {
    // Every template is resolved before the first set is written: a bad one leaves nothing half-built.
    const resolved = loaded.map((t) => ({ loaded: t, set: resolveTemplate(t, { ...options, now }) }));
    const outcomes: SetOutcome[] = [];
    for (const [i, r] of resolved.entries()) outcomes.push(await buildOne(r.loaded, r.set, out, { ...options, now }, threads[i]!));
    return outcomes;
  } finally {
    await Promise.all(threads.map((t) => t?.stop())); // those a set did not use (a finished one has stopped)
  }
}

async function buildOne(loaded: LoadedTemplate, set: ResolvedSet, out: string, options: BuildSetsOptions & { now: Date }, thread: WriterThread | null): Promise<SetOutcome> {
  const rawHash = templateHash(readTemplateText(loaded.file));
  const inputs = inputsHash(loaded);
  const env = options.env ?? process.env;
  const names = envNames(loaded.template);
  const dir = join(out, set.name);
  const base = { name: set.name, file: loaded.file, dir };
  const deterministicWarning = set.seed !== null ? [`${set.name}: seeded keys are predictable: for tests only`] : [];

  const decide = () =>
    checkFreshness({ outDir: out, set: set.name, version: VERSION, templateHash: rawHash, inputsHash: inputs, now: options.now, expiryWarningDays: options.expiryWarningDays ?? 30, env });
  const expiryWarnings = (soon: readonly { cert: string; notAfter: string }[]) => soon.map((s) => `${set.name}: certificate ${s.cert} expires ${s.notAfter}`);

  if (options.checkOnly) {
    const fresh = await decide();
    return { ...base, status: fresh.upToDate ? 'up-to-date' : 'stale', reasons: fresh.reasons, warnings: expiryWarnings(fresh.expiringSoon), manifest: null, packaged: null };
  }
  return withSetLock(out, set.name, async () => {
    // Decided under the lock: a parallel worker may have just built this very set.
    const fresh = await decide();
    if (fresh.upToDate && !options.force) {
      const manifest = JSON.parse(readFileSync(join(dir, PINS_FILE), 'utf8')) as PinManifest;
      return { ...base, status: 'up-to-date', reasons: [], warnings: [...deterministicWarning, ...expiryWarnings(fresh.expiringSoon)], manifest, packaged: null };
    }
    // Each certificate's files are written (by the writer thread) while the next ones are issued.
    const version = openVersion(out, set.name, { thread });
    let packaged: StreamedSet;
    let state: Parameters<typeof version.commit>[0];
    try {
      packaged = await produceStreamed(set, options, version.add);
      state = {
        version: VERSION,
        templateHash: rawHash,
        inputsHash: inputs,
        ...(names.length > 0 ? { env: { names, digest: envDigest(ensureKey(dir), names, env) } } : {}),
        notAfter: Object.fromEntries(set.certificates.map((c) => [c.name, isoSeconds(c.notAfter)])),
        expectValid: set.certificates.filter((c) => c.expect === 'valid').map((c) => c.name),
        ...staleAfter(set, loaded, options.now),
      };
    } catch (e) {
      await version.abort(); // nothing half-written: the previous set stays current
      throw e;
    }
    await version.commit(state);
    const valid = set.certificates.filter((c) => c.expect === 'valid');
    const soon = valid.filter((c) => c.notAfter.getTime() - options.now.getTime() < (options.expiryWarningDays ?? 30) * 86400e3);
    return {
      ...base,
      status: 'built',
      reasons: options.force && fresh.upToDate ? ['--force'] : fresh.reasons,
      warnings: [...deterministicWarning, ...expiryWarnings(soon.map((c) => ({ cert: c.name, notAfter: isoSeconds(c.notAfter) })))],
      manifest: packaged.manifest,
      packaged,
    };
  });
}

/**
 * The OCSP responses meant valid, by file, with the nextUpdate after which a rebuild is due
 * (SetState.staleAfter). Only when the epoch is the clock and the response is current now: with a
 * `seed` or a fixed `epoch` a rebuild gives the same times, and one already past its nextUpdate
 * when built is past it on every rebuild (`certgen verify` reports it instead).
 */
function staleAfter(set: ResolvedSet, loaded: LoadedTemplate, now: Date): { staleAfter?: Record<string, string> } {
  if (set.seed !== null || loaded.template.epoch !== undefined) return {};
  const current = set.ocspResponses.filter((r) => r.expect === 'valid' && r.responseStatus === 'successful' && r.nextUpdate > now);
  return current.length === 0 ? {} : { staleAfter: Object.fromEntries(current.map((r) => [ocspResponseFile(r.cert), isoSeconds(r.nextUpdate)])) };
}
