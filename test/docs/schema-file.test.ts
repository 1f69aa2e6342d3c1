/**
 * Editor support: the package ships the JSON Schema as a file, equal to what `certgen schema`
 * prints, and `certgen init` names that file on the starter's first line by a path that resolves
 * once certgen is installed under node_modules/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { REPO, certgen } from '../helpers/cli.js';
import { docBlock } from '../helpers/doc-blocks.js';
import { tmpDir } from '../helpers/tools.js';

const SCHEMA_FILE = join(REPO, 'schema', 'certgen.schema.json');
const SCHEMA_LINE = /^# yaml-language-server: \$schema=(\S+)\n/;

test('schema/certgen.schema.json equals `certgen schema` and is in the package files', () => {
  const printed = certgen(['schema']);
  assert.equal(printed.status, 0, printed.stderr);
  assert.deepEqual(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')), JSON.parse(printed.stdout), 'run `npx certgen schema > schema/certgen.schema.json`');
  const files = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).files as string[];
  assert.ok(files.includes('schema'));
});

test('the shipped starter names the schema beside it in the package', () => {
  const line = SCHEMA_LINE.exec(readFileSync(join(REPO, 'templates', 'mtls.yaml'), 'utf8'));
  assert.ok(line, 'templates/mtls.yaml has no yaml-language-server line');
  assert.equal(resolve(join(REPO, 'templates'), line[1]!), SCHEMA_FILE);
});

test('init writes the line the docs show, and it resolves to the schema in an installed package', () => {
  const project = tmpDir();
  const r = certgen(['init', project]);
  assert.equal(r.status, 0, r.stderr);
  const starter = join(project, 'templates', 'mtls.yaml');
  const text = readFileSync(starter, 'utf8');
  assert.equal(text.split('\n')[0] + '\n', docBlock('docs/templates.md', 'schema-line'));
  const path = SCHEMA_LINE.exec(text)![1]!;
  const target = resolve(dirname(starter), path);
  // Negative control: before the package is installed, the path names nothing.
  assert.equal(existsSync(target), false);
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(REPO, join(project, 'node_modules', 'certgen'));
  assert.equal(readFileSync(target, 'utf8'), readFileSync(SCHEMA_FILE, 'utf8'));
});
