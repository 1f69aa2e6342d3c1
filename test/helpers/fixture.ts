/**
 * Builds a template in memory with the real engine and writes its files to a temp folder, so
 * interop tests can hand them to openssl, keytool, Python and Node without the CLI.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { stringify } from 'yaml';
import { produceSet, type PipelineOptions } from '../../src/api/pipeline.js';
import type { PinManifest } from '../../src/pins/manifest.js';
import type { PackagedSet } from '../../src/artefacts/package-set.js';
import { parseTemplate } from '../../src/template/load.js';
import { tmpDir } from './tools.js';

export interface WrittenFixture {
  readonly dir: string;
  readonly manifest: PinManifest;
  readonly packaged: PackagedSet;
  /** Absolute path of a file of the set. */
  readonly path: (name: string) => string;
}

/** `template` is YAML text or a template object; `file` names it in errors (default `fixture.yaml`). */
export async function writeFixture(template: string | object, options: PipelineOptions & { file?: string; dir?: string } = {}): Promise<WrittenFixture> {
  const text = typeof template === 'string' ? template : stringify(template);
  const loaded = parseTemplate(text, options.file ?? 'fixture.yaml');
  const packaged = await produceSet(loaded, options);
  const dir = options.dir ?? tmpDir();
  mkdirSync(dir, { recursive: true });
  for (const f of packaged.files) writeFileSync(join(dir, f.name), f.bytes, { mode: f.mode });
  return { dir, manifest: packaged.manifest, packaged, path: (name) => join(dir, name) };
}

export interface FixtureBuilder {
  /** `writeFixture`, its folder removed when the test file's tests are done. */
  (template: string | object, options?: PipelineOptions & { file?: string }): Promise<WrittenFixture>;
  /** Removes `dir` (any other temp folder of the test file) at the same time; returns it. */
  track(dir: string): string;
}

/**
 * A `writeFixture` for one test file: call it at the file's top level, where it registers the
 * `after` hook that removes every folder it wrote (and the ones given to `track`).
 */
export function fixtureBuilder(): FixtureBuilder {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const track = (dir: string): string => {
    dirs.push(dir);
    return dir;
  };
  const build = async (template: string | object, options: PipelineOptions & { file?: string } = {}): Promise<WrittenFixture> => {
    const f = await writeFixture(template, options);
    track(f.dir);
    return f;
  };
  return Object.assign(build, { track });
}
