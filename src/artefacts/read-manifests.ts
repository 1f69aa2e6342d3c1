import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CertgenError, type FieldPath } from '../errors.js';
import { PIN_SCHEMA, type PinManifest } from '../pins/manifest.js';
import { PINS_FILE } from '../layout/file-names.js';
import { unknownName } from '../suggest.js';
import { NAME_PATTERN } from '../template/schema.js';

const SET_NAME = new RegExp(NAME_PATTERN);

/** Where a set name came from, for the message: `--set`, or an API call's argument. */
export interface SetNameSource {
  readonly file: string;
  readonly path?: FieldPath;
}

/**
 * Reads `OUT/<set>/pins.json` for one set, or for every built set under OUT (sorted by name). A
 * set name is checked as a template's is, so `../x` cannot read outside OUT.
 */
export async function readManifests(out: string, set: string | undefined, source: SetNameSource): Promise<PinManifest[]> {
  if (set !== undefined && !SET_NAME.test(set)) {
    throw new CertgenError(`invalid set name ${JSON.stringify(set)}: a set name is [a-z0-9][a-z0-9_-]*, at most 64 characters`, source);
  }
  const names = set !== undefined ? [set] : await builtSets(out);
  if (names.length === 0) throw new CertgenError('no built sets here: run certgen build first', { file: out });
  return Promise.all(names.map((n) => readManifest(join(out, n, PINS_FILE))));
}

async function builtSets(out: string): Promise<string[]> {
  const entries = await readdir(out, { withFileTypes: true }).catch(() => []);
  const sets: string[] = [];
  for (const e of entries.filter((d) => d.isDirectory() && !d.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) {
    if (await readFile(join(out, e.name, PINS_FILE)).then(() => true, () => false)) sets.push(e.name);
  }
  return sets;
}

async function readManifest(file: string): Promise<PinManifest> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CertgenError('no pin manifest: build this set first', { file });
  });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new CertgenError('not valid JSON', { file });
  }
  if ((doc as { schema?: unknown }).schema !== PIN_SCHEMA) throw new CertgenError(`not a ${PIN_SCHEMA} manifest`, { file, path: ['schema'] });
  return doc as PinManifest;
}

/** Keeps only the named certificates; a name found in no set is an error. */
export function selectCertificates(manifests: readonly PinManifest[], names: readonly string[]): PinManifest[] {
  if (names.length === 0) return [...manifests];
  for (const n of names) {
    if (!manifests.some((m) => n in m.certificates)) {
      const known = [...new Set(manifests.flatMap((m) => Object.keys(m.certificates)))];
      throw new CertgenError(unknownName('certificate', n, known), { file: '--cert' });
    }
  }
  return manifests
    .map((m) => ({ ...m, certificates: Object.fromEntries(Object.entries(m.certificates).filter(([k]) => names.includes(k))) }))
    .filter((m) => Object.keys(m.certificates).length > 0);
}
