/**
 * The plain build's code cache (src/cli/code-cache.ts): the cache `npm run build` makes is one this
 * Node accepts, wherever the package lies; a cache V8 refuses (another Node, a damaged file) or a
 * missing one only means compiling from source: the build is the same.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, ensureBuilt, setProblems } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tools.js';

/** Loads `root`'s dist/cli/plain-build.cjs as the executable does; says whether V8 compiled it from source. */
function compiledFromSource(root: string): boolean {
  const script = `const l = require(${JSON.stringify(join(root, 'dist', 'cli', 'launch.cjs'))}); process.stdout.write(String(l.loadPlainBuild().compiled));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout === 'true';
}

function buildMtls(root: string, out: string): void {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'certgen.js'), 'build', join(REPO, 'templates', 'mtls.yaml'), '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /mtls: built/);
  assert.deepEqual(setProblems(join(out, 'mtls')), []);
}

describe('the plain build code cache', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    // A copy elsewhere: the cache must not be tied to the folder the package was built in.
    root = tmpDir('certgen-cache-');
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(REPO, part), join(root, part), { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('is accepted by this Node in a copy of the package, and the build runs from it', () => {
    assert.equal(compiledFromSource(root), false, 'V8 refused the cache npm run build made');
    buildMtls(root, join(root, 'out-cached'));
  });

  it('a damaged cache is refused and the build compiles from source, with the same result', () => {
    writeFileSync(join(root, 'dist', 'cli', 'plain-build.cjs.cache'), Buffer.alloc(4096, 0x5a));
    assert.equal(compiledFromSource(root), true, 'a damaged cache was used');
    buildMtls(root, join(root, 'out-damaged'));
  });

  it('without a cache the build compiles from source', () => {
    rmSync(join(root, 'dist', 'cli', 'plain-build.cjs.cache'));
    assert.equal(compiledFromSource(root), true);
    buildMtls(root, join(root, 'out-none'));
  });
});
