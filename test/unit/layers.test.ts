import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docBlock } from '../helpers/doc-blocks.js';

/**
 * The import graph of src/: no cycle between files, and every import goes to the same folder or to a
 * lower layer. The order is the `layers` block of docs/architecture.md, read from there so the
 * page and the check cannot drift apart.
 */

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(REPO, 'src');

/**
 * The layers, lowest first: each unindented line of the `layers` block of docs/architecture.md
 * starts with its modules (`values/ layout/`, `errors.ts version.ts`), then says what they hold.
 */
function layerOrder(): string[][] {
  const lines = docBlock('docs/architecture.md', 'layers').split('\n').filter((l) => /^\S/.test(l));
  const layers = lines.map((l) => l.split(/\s+/).filter((_, i, words) => words.slice(0, i + 1).every((w) => /^[a-z0-9-]+(\/|\.ts)$/.test(w))).map((w) => w.replace(/\/$/, '')));
  assert.ok(layers.length > 5 && layers.every((l) => l.length > 0), 'each line of the layers block starts with its modules');
  return layers;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s)?'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g;
const specifiers = (text: string): string[] => [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]!);

/** Relative imports of a file (static, re-exports, dynamic), as src-relative .ts paths. */
function importsOf(file: string): string[] {
  return specifiers(readFileSync(file, 'utf8'))
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(SRC, resolve(dirname(file), s)).replace(/\.js$/, '.ts'));
}

/** A file's module: its top folder under src/ (`x509/extensions/index.ts` is in `x509`), or the file itself at the top. */
const moduleOf = (path: string): string => (path.includes('/') ? path.slice(0, path.indexOf('/')) : path);

type Graph = ReadonlyMap<string, readonly string[]>;

function upwardImports(graph: Graph, layers: readonly (readonly string[])[]): string[] {
  const rank = new Map(layers.flatMap((layer, i) => layer.map((m) => [m, i] as const)));
  const upward: string[] = [];
  for (const [file, imports] of graph) {
    for (const i of imports) {
      const [from, to] = [moduleOf(file), moduleOf(i)];
      if (from !== to && (rank.get(to) ?? Infinity) >= (rank.get(from) ?? -Infinity)) upward.push(`${file} -> ${i}`);
    }
  }
  return upward;
}

function cycles(graph: Graph): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[] = [];
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'open');
    for (const i of graph.get(file) ?? []) visit(i, [...path, file]);
    state.set(file, 'done');
  };
  for (const f of graph.keys()) visit(f, []);
  return found;
}

const files = sourceFiles(SRC).map((f) => relative(SRC, f)).sort();
const graph: Graph = new Map(files.map((f) => [f, importsOf(join(SRC, f))]));

test('every import of src/ names a file that exists', () => {
  for (const [file, imports] of graph) for (const i of imports) assert.ok(graph.has(i), `${file} imports ${i}, which is not a file of src/`);
});

test('every module of src/ has a layer in docs/architecture.md', () => {
  const listed = new Set(layerOrder().flat());
  const missing = [...new Set(files.map(moduleOf))].filter((m) => !listed.has(m));
  assert.deepEqual(missing, [], `add these to the Layers section of docs/architecture.md: ${missing.join(', ')}`);
});

test('imports go to the same module or to a lower layer', () => {
  assert.deepEqual(upwardImports(graph, layerOrder()), [], 'imports up the layers, or sideways between modules of one layer');
});

test('no import cycle between files of src/', () => {
  assert.deepEqual(cycles(graph), []);
});

test('the checks refuse an upward import, a sideways one and a cycle (negative control)', () => {
  assert.deepEqual(specifiers("import type { A } from './a.js';\nexport { b } from '../b/c.js';\nawait import('./d.js');\nimport './e.js';"), [
    './a.js',
    '../b/c.js',
    './d.js',
    './e.js',
  ]);
  const layers = [['values'], ['resolve'], ['pins', 'inspect']];
  const bad: Graph = new Map([
    ['resolve/resolve-set.ts', ['pins/manifest.ts', 'values/san.ts']],
    ['pins/manifest.ts', ['inspect/x509.ts', 'resolve/types.ts']],
    ['values/a.ts', ['values/b.ts']],
    ['values/b.ts', ['values/a.ts']],
  ]);
  assert.deepEqual(upwardImports(bad, layers), ['resolve/resolve-set.ts -> pins/manifest.ts', 'pins/manifest.ts -> inspect/x509.ts']);
  assert.deepEqual(cycles(bad), ['values/a.ts -> values/b.ts -> values/a.ts']);
});
