/**
 * The examples users copy (examples/, shown in docs/api.md) keep working: each suite runs as its
 * line in docs/api.md says, as a child process, and must report every one of its tests passed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { run } from '../helpers/tools.js';

const ROOT = process.cwd();
/** The environment without NODE_TEST_CONTEXT: a nested `node --test` would otherwise report to us, not print TAP. */
const { NODE_TEST_CONTEXT: _ctx, ...ENV } = process.env;

describe('examples', () => {
  it('node:test: mutual TLS with createCA, and pinning with build() and pins.json', () => {
    const files = ['mtls.test.ts', 'pinning.test.ts'].map((f) => join('examples', 'node-test', f));
    const result = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], { cwd: ROOT, env: ENV });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^# pass 5$/m);
    assert.match(result.stdout, /^# fail 0$/m);
  });

  it('Vitest: globalSetup runs build() once, tests load() the set and do mutual TLS', () => {
    const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const result = run(process.execPath, [vitest, 'run', '--root', join('examples', 'vitest'), '--reporter=verbose'], { cwd: ROOT, env: { ...ENV, CI: '1', NO_COLOR: '1' } });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Tests\s+3 passed \(3\)/);
  });
});
