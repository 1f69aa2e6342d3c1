/**
 * Builds a template in memory with the real engine and writes its files to a temp folder, so
 * interop tests can hand them to openssl, keytool, Python and Node without the CLI.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { produceSet, type PipelineOptions } from '../../src/api/pipeline.js';
import type { PinManifest } from '../../src/pins/manifest.js';
import type { PackagedSet } from '../../src/stores/package-set.js';
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
