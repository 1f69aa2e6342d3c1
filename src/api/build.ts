/** `build()`: what `certgen build` does, returning the sets with their certificates, stores and pins. */
import { resolve } from 'node:path';
import { checkOptions } from './arguments.js';
import { buildSets } from './build-sets.js';
import { createHandle, deepFreeze } from './handle.js';
import { issuedParts } from './issued-handles.js';
import { loadSet } from './load.js';
import type { StreamedSet } from './pipeline.js';
import type { EngineName } from './options.js';
import { certificatePaths, storePaths, type FixtureSet } from './set-view.js';

export interface BuildOptions {
  /** Template files or folders; default `templates`. */
  readonly templates?: string | readonly string[];
  /** Output folder; each set goes to `OUT/<set>/`. Default `out`. */
  readonly out?: string;
  /** Rebuild sets that are up to date. Default false. */
  readonly force?: boolean;
  /** Default `node` (Node's built-in crypto). */
  readonly engine?: EngineName;
  /** Where `password: {env: VAR}` is looked up; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A set after `build()`: written now, or left as it was because it was up to date. */
export interface BuiltSet extends FixtureSet {
  /** The template file the set came from. */
  readonly template: string;
  readonly status: 'built' | 'up-to-date';
  /** Why the set was rebuilt (empty when up to date). */
  readonly reasons: readonly string[];
  /** What `certgen build` prints as warnings (seeded keys, certificates expiring within 30 days). */
  readonly warnings: readonly string[];
}

export interface BuildResult {
  /** Set name → set. */
  readonly sets: Readonly<Record<string, BuiltSet>>;
}

/**
 * Builds template sets into `OUT/<set>/` exactly as `certgen build` does (sets that are up to date
 * are left alone and read back) and returns them.
 *
 * @throws {CertgenError} with the message the CLI prints (`file`: the template, `path`: the field).
 * @example
 * const { sets } = await build({ templates: 'templates', out: 'out' });
 * const server = sets.mtls.certificates.server; // certPem, keyPem, fullchainPem, paths…
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  checkOptions(options, 'build()', { templates: 'paths', out: 'path', force: 'boolean', engine: 'engine', env: 'env' });
  const outcomes = await buildSets(options);
  const sets = await Promise.all(
    outcomes.map(async (o): Promise<BuiltSet> => {
      const set = o.packaged !== null ? fromMemory(o.dir, o.packaged) : await loadSet(o.dir, o.manifest!);
      return Object.freeze({ ...set, template: o.file, status: o.status as BuiltSet['status'], reasons: o.reasons, warnings: o.warnings });
    }),
  );
  return Object.freeze({ sets: Object.freeze(Object.fromEntries(sets.map((s) => [s.name, s]))) });
}

/** The set just written, from memory: the same handles `load()` would read back. */
function fromMemory(folder: string, packaged: StreamedSet): FixtureSet {
  const dir = resolve(folder);
  const certs = packaged.issued.certificates;
  const pins = packaged.manifest;
  return {
    name: pins.set,
    dir,
    certificates: Object.freeze(
      Object.fromEntries(
        [...certs.keys()].map((n) => [n, createHandle(issuedParts(n, certs, pins.certificates[n]!), { paths: certificatePaths(dir, pins.certificates[n]!) })]),
      ),
    ),
    stores: storePaths(dir, packaged.fileNames, pins),
    pins: deepFreeze(pins),
  };
}
