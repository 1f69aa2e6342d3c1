/**
 * docs/templates.md and the JSON Schema (`certgen schema`) describe the same fields: every
 * property of the schema, at any depth, has a row in one of the page's field tables, and every row
 * names a property the schema has. A table's `<!-- fields: PATH -->` line names the object it
 * describes (`certificates.*`: any certificate); its rows' first cells list field paths relative
 * to it in backticks (`validity.days`). Array items and oneOf/anyOf/allOf branches add no step.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, certgen, ensureBuilt } from '../helpers/cli.js';

type Schema = { [key: string]: unknown };

/** Every property path of `node`: `certificates.*.validity.days`. */
function schemaPaths(node: unknown, prefix = ''): string[] {
  if (node === null || typeof node !== 'object') return [];
  const s = node as Schema;
  const paths: string[] = [];
  for (const [name, child] of Object.entries((s['properties'] as Schema | undefined) ?? {})) {
    paths.push(prefix + name, ...schemaPaths(child, `${prefix}${name}.`));
  }
  for (const child of Object.values((s['patternProperties'] as Schema | undefined) ?? {})) paths.push(...schemaPaths(child, `${prefix}*.`));
  if (typeof s['additionalProperties'] === 'object') paths.push(...schemaPaths(s['additionalProperties'], `${prefix}*.`));
  if (typeof s['items'] === 'object') paths.push(...schemaPaths(s['items'], prefix));
  for (const key of ['oneOf', 'anyOf', 'allOf']) for (const branch of (s[key] as unknown[] | undefined) ?? []) paths.push(...schemaPaths(branch, prefix));
  return paths;
}

/** Every field path the page's tables document. */
function documentedPaths(markdown: string): string[] {
  const paths: string[] = [];
  let base: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^<!--\s*fields:\s*(\S*)\s*-->$/.exec(line.trim());
    if (marker) {
      base = marker[1] ? `${marker[1]}.` : '';
      continue;
    }
    if (base === undefined) continue;
    if (!line.startsWith('|')) {
      if (line.trim() !== '') base = undefined; // the table ended
      continue;
    }
    const first = line.split('|')[1]!;
    for (const [, name] of first.matchAll(/`([A-Za-z][\w.]*)`/g)) paths.push(base + name);
  }
  return paths;
}

test('docs/templates.md documents every field of `certgen schema`, and only those', () => {
  ensureBuilt();
  const r = certgen(['schema']);
  assert.equal(r.status, 0, r.stderr);
  const inSchema = new Set(schemaPaths(JSON.parse(r.stdout)));
  const inDocs = documentedPaths(readFileSync(join(REPO, 'docs', 'templates.md'), 'utf8'));
  assert.ok(inSchema.size > 50, `only ${inSchema.size} schema paths found: the walk is broken`);
  assert.deepEqual([...inSchema].filter((p) => !inDocs.includes(p)).sort(), [], 'schema fields missing from docs/templates.md');
  assert.deepEqual(inDocs.filter((p) => !inSchema.has(p)).sort(), [], 'docs/templates.md rows the schema does not have');
  assert.deepEqual(inDocs.filter((p, i) => inDocs.indexOf(p) !== i), [], 'fields documented twice');
});
