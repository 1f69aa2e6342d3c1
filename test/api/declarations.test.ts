/**
 * The published types: what `import 'certgen'` gives a TypeScript user. The declarations reachable
 * from dist/index.d.ts name no pkijs, asn1js or WebCrypto type (those are
 * internals, and a consumer without them installed could not compile), and a strict consumer
 * project (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, skipLibCheck off)
 * compiles every exported function and the examples, and refuses the misuses listed in
 * consumer/misuse.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { run } from '../helpers/tools.js';

const ROOT = process.cwd();
const FORBIDDEN = /pkijs|asn1js|CryptoKey/;

/** Every .d.ts file reachable from `entry` through relative imports and re-exports. */
function declarationClosure(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      visit(resolve(dirname(file), m[1]!.replace(/\.js$/, '.d.ts')));
    }
  };
  visit(entry);
  return seen;
}

describe('type declarations', () => {
  it('package.json points "certgen" at dist/index.js and dist/index.d.ts', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: { '.': { types: string; import: string } } };
    assert.equal(pkg.name, 'certgen');
    assert.deepEqual(pkg.exports['.'], { types: './dist/index.d.ts', import: './dist/index.js' });
    assert.ok(existsSync(join(ROOT, 'dist', 'index.d.ts')), 'run npm run build first');
  });

  it('reachable from dist/index.d.ts, name no pkijs, asn1js or WebCrypto type and import only node: built-ins', () => {
    const closure = declarationClosure(join(ROOT, 'dist', 'index.d.ts'));
    assert.ok(closure.size > 5, `only ${closure.size} declaration files reached: is the import scan broken?`);
    for (const [file, text] of closure) {
      const name = file.slice(ROOT.length + 1);
      const hit = text.split('\n').find((line) => FORBIDDEN.test(line));
      assert.equal(hit, undefined, `${name} mentions ${hit}`);
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'".][^'"]*)['"]/g)) {
        assert.match(m[1]!, /^node:/, `${name} imports ${m[1]}`);
      }
    }
  });

  const tsc = (project: string) => run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join(ROOT, 'test', 'api', 'consumer', project)]);

  it('compile in a strict consumer project, and refuse the misuses', () => {
    const result = tsc('tsconfig.json');
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('compile the examples under the same strict settings', () => {
    const result = tsc('tsconfig.examples.json');
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});
