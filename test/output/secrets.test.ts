/**
 * Secrets in the build state: `.certgen-state.json` is 0600 and holds no plain hash of a password
 * read from the environment (only an HMAC under the set folder's own random key, itself 0600),
 * a changed value makes the set stale, and an up-to-date set with `{env: VAR}` passwords (or a
 * comment saying "env") is answered by the no-op path, which loads no build code.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { BIN, ensureBuilt } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tools.js';

before(() => ensureBuilt());

const TEMPLATE = `version: 1
# the store password comes from the env
certificates:
  root: {}
  server: { issuer: root }
stores:
  server.p12: { password: { env: CERTGEN_TEST_PW }, keys: [server] }
`;

function run(args: string[], env: Record<string, string> = {}, preload: string[] = []) {
  const r = spawnSync(process.execPath, [...preload, BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

const stateOf = (dir: string) => {
  const file = join(dir, readlinkSync(join(dir, '..data')), '.certgen-state.json');
  return { file, text: readFileSync(file, 'utf8'), state: JSON.parse(readFileSync(file, 'utf8')) as { inputsHash: string; env?: { names: string[]; digest: string } } };
};

test('the state is 0600 and keeps no unsalted verifier of an {env} password', () => {
  const root = tmpDir();
  const tpl = join(root, 'u.yaml');
  writeFileSync(tpl, TEMPLATE);
  const [a, b, c] = ['a', 'b', 'c'].map((n) => join(root, n));
  run(['build', tpl, '--out', a!, '--quiet'], { CERTGEN_TEST_PW: 'secret-one' });
  run(['build', tpl, '--out', b!, '--quiet'], { CERTGEN_TEST_PW: 'secret-one' });
  run(['build', tpl, '--out', c!, '--quiet'], { CERTGEN_TEST_PW: 'secret-two' });
  const [sa, sb, sc] = [a, b, c].map((o) => stateOf(join(o!, 'u')));
  assert.equal(statSync(sa!.file).mode & 0o777, 0o600);
  assert.equal(statSync(join(a!, 'u', '..key')).mode & 0o777, 0o600);
  assert.doesNotMatch(sa!.text, /secret-one/);
  // Nothing password-derived but the keyed digest: the same inputs hash whatever the password…
  assert.equal(sa!.state.inputsHash, sc!.state.inputsHash);
  assert.deepEqual(sa!.state.env?.names, ['CERTGEN_TEST_PW']);
  // …and the same password gives another digest in another set folder (another key).
  assert.notEqual(sa!.state.env?.digest, sb!.state.env?.digest);
  assert.match(sa!.state.env?.digest ?? '', /^[0-9a-f]{64}$/);
});

test('a changed {env} value makes the set stale; the same value is up to date through the no-op path', () => {
  const root = tmpDir();
  const tpl = join(root, 'u.yaml');
  writeFileSync(tpl, TEMPLATE);
  const out = join(root, 'out');
  run(['build', tpl, '--out', out], { CERTGEN_TEST_PW: 'one' });
  const changed = run(['build', tpl, '--out', out], { CERTGEN_TEST_PW: 'two' });
  assert.match(changed.stdout, /u: built/);
  const check = spawnSync(process.execPath, [BIN, 'check', tpl, '--out', out], { encoding: 'utf8', env: { ...process.env, CERTGEN_TEST_PW: 'one' } });
  assert.equal(check.status, 1);
  assert.match(check.stdout, /environment variables changed \(CERTGEN_TEST_PW\)/);

  const trace = join(root, 'loads.txt');
  const preload = ['--import', new URL('./fixtures/trace-loads.mjs', import.meta.url).pathname];
  const traced = (env: Record<string, string>, template = tpl) => {
    rmSync(trace, { force: true });
    const r = run(['build', template, '--out', out], { ...env, CERTGEN_TRACE_LOADS: trace }, preload);
    return { stdout: r.stdout, loads: readFileSync(trace, 'utf8') };
  };
  const fresh = traced({ CERTGEN_TEST_PW: 'two' });
  assert.match(fresh.stdout, /u: up to date/);
  assert.match(fresh.loads, /cli\/launch\.cjs/);
  assert.doesNotMatch(fresh.loads, /plain-build|main-/, 'the up-to-date build took the full path');
  // Negative control: with another value the same command takes the build path.
  const stale = traced({ CERTGEN_TEST_PW: 'three' });
  assert.match(stale.stdout, /u: built/);
  assert.match(stale.loads, /plain-build/);

  // A comment saying "env" in a template without {env} does not cost the fast path either.
  const plain = join(root, 'p.yaml');
  writeFileSync(plain, 'version: 1\n# set env vars before running the tests\ncertificates:\n  root: {}\n');
  run(['build', plain, '--out', out]);
  const again = traced({}, plain);
  assert.match(again.stdout, /p: up to date/);
  assert.doesNotMatch(again.loads, /plain-build/);
});
