/**
 * `certgen build` as test suites use it: deterministic output, up-to-date skipping, `check`,
 * staleness from edits and expiry, concurrent builds and builds killed midway.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, unlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { certgen, certgenAsync, ensureBuilt, readSet, REPO, setProblems } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tools.js';

const SEEDED = join(REPO, 'test/golden/seeded/template.yaml');
const MTLS = join(REPO, 'templates/mtls.yaml');

before(() => ensureBuilt());

const build = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
  const r = certgen(['build', ...args], opts);
  assert.equal(r.status, 0, `certgen build ${args.join(' ')} failed: ${r.stderr}`);
  return r;
};

test('a seeded template gives byte-identical files across runs, time zones, working folders and wall-clock time', async () => {
  const a = tmpDir();
  const b = tmpDir();
  cpSync(SEEDED, join(b, 'copy.yaml'));
  const first = build([SEEDED, '--out', join(a, 'out')], { cwd: a, env: { ...process.env, TZ: 'UTC' } });
  assert.match(first.stderr, /seeded keys are predictable: for tests only/);
  await sleep(1100);
  build(['copy.yaml', '--out', 'out'], { cwd: b, env: { ...process.env, TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8' } });
  const one = readSet(join(a, 'out/seeded'));
  const two = readSet(join(b, 'out/seeded'));
  assert.deepEqual([...one.keys()], [...two.keys()]);
  assert.ok(one.size >= 25, `expected every file of the set, got ${[...one.keys()].join(' ')}`);
  for (const [name, bytes] of one) assert.ok(bytes.equals(two.get(name)!), `${name} differs between the two builds`);
  // --force rebuilds from scratch in the same folder: still the same bytes.
  build([SEEDED, '--out', join(a, 'out'), '--force']);
  for (const [name, bytes] of readSet(join(a, 'out/seeded'))) assert.ok(bytes.equals(one.get(name)!), `${name} changed on --force`);
});

test('the seeded set matches the golden files in test/golden: same bytes on any machine', () => {
  const out = tmpDir();
  build([SEEDED, '--out', out]);
  const files = readSet(join(out, 'seeded'));
  const digests = `${[...files].map(([name, bytes]) => `${createHash('sha256').update(bytes).digest('hex')}  ${name}`).join('\n')}\n`;
  const pins = files.get('pins.json')!.toString('utf8');
  const golden = (name: string) => join(REPO, 'test/golden/seeded', name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(golden('pins.json'), pins);
    writeFileSync(golden('files.sha256'), digests);
  }
  const hint = '(UPDATE_GOLDEN=1 rewrites test/golden/seeded; review the diff like code)';
  assert.equal(pins, readFileSync(golden('pins.json'), 'utf8'), `pins.json differs from the golden one ${hint}`);
  assert.equal(digests, readFileSync(golden('files.sha256'), 'utf8'), `file digests differ from the golden ones ${hint}`);
  assert.match(pins, /"notAfter": "9999-12-31T23:59:59Z"/);
  assert.match(pins, /"notBefore": "2019-05-31T23:00:00Z"/);
});

test('without a seed every build makes new keys', () => {
  const out1 = tmpDir();
  const out2 = tmpDir();
  build([MTLS, '--out', out1]);
  build([MTLS, '--out', out2]);
  assert.notEqual(readFileSync(join(out1, 'mtls/server.key.pem'), 'utf8'), readFileSync(join(out2, 'mtls/server.key.pem'), 'utf8'));
});

test('changing one certificate rebuilds the set, and in seeded mode only what derives from it changes', () => {
  const dir = tmpDir();
  const tpl = join(dir, 'seeded.yaml');
  const text = readFileSync(SEEDED, 'utf8');
  writeFileSync(tpl, text);
  build([tpl, '--out', join(dir, 'out')]);
  const before = readSet(join(dir, 'out/seeded'));
  writeFileSync(tpl, text.replace('    key: p384\n', '    key: p384\n    san: [changed.test]\n'));
  const r = build([tpl, '--out', join(dir, 'out')]);
  assert.match(r.stdout, /seeded: built/);
  const after = readSet(join(dir, 'out/seeded'));
  const changed = [...after.keys()].filter((n) => !after.get(n)!.equals(before.get(n)!)).sort();
  assert.deepEqual(changed, ['keystore.p12', 'pins.json', 'server.fullchain.pem', 'server.pem']);
});

test('an up-to-date set is skipped; check reports staleness; edits, deletions and --force rebuild', () => {
  const out = tmpDir();
  assert.match(build([MTLS, '--out', out]).stdout, /mtls: built/);
  assert.match(build([MTLS, '--out', out]).stdout, /mtls: up to date/);
  assert.equal(certgen(['check', MTLS, '--out', out]).status, 0);

  const dir = join(out, 'mtls');
  const versionDir = readdirSync(dir).find((n) => n.startsWith('..v-'))!;
  writeFileSync(join(dir, 'server.pem'), readFileSync(join(dir, 'client.pem')));
  const stale = certgen(['check', MTLS, '--out', out]);
  assert.equal(stale.status, 1);
  assert.match(stale.stdout, /mtls: stale: .*server\.pem/);
  assert.ok(existsSync(join(dir, versionDir)), 'check must not write anything');
  assert.match(build([MTLS, '--out', out]).stdout, /mtls: built/);
  assert.deepEqual(setProblems(dir), []);

  unlinkSync(join(dir, 'client.key.pem'));
  assert.equal(certgen(['check', MTLS, '--out', out]).status, 1);
  assert.match(build([MTLS, '--out', out]).stdout, /mtls: built/);
  assert.ok(existsSync(join(dir, 'client.key.pem')));

  assert.match(build([MTLS, '--out', out, '--force']).stdout, /mtls: built/);
  assert.equal(certgen(['check', join(REPO, 'templates'), '--out', out]).status, 1, 'sets never built are stale');
});

test('certificates meant to be valid that expire soon are warned about; once expired the set is stale', () => {
  const dir = tmpDir();
  const tpl = join(dir, 'short.yaml');
  writeFileSync(tpl, 'version: 1\ncertificates:\n  root: {}\n  soon: { issuer: root, validity: { days: 10 } }\n  gone: { issuer: root, validity: { notBefore: -10d, days: 1 }, expect: expired }\n');
  const r = build([tpl, '--out', join(dir, 'out')]);
  assert.match(r.stderr, /warning: short: certificate soon expires 20\d\d-/);
  assert.doesNotMatch(r.stderr, /certificate gone/);
  const check = certgen(['check', tpl, '--out', join(dir, 'out'), '--expiry-warning', '5']);
  assert.equal(check.status, 0, check.stdout + check.stderr);

  writeFileSync(tpl, 'version: 1\ncertificates:\n  root: {}\n  old: { issuer: root, validity: { notBefore: -10d, notAfter: 2s } }\n');
  build([tpl, '--out', join(dir, 'out')]);
  return sleep(2500).then(() => {
    const expired = certgen(['check', tpl, '--out', join(dir, 'out')]);
    assert.equal(expired.status, 1);
    assert.match(expired.stdout, /expired/);
    assert.match(build([tpl, '--out', join(dir, 'out')]).stdout, /short: built/);
  });
});

test('8 concurrent `certgen build --force` on one set all succeed and leave a consistent set', async () => {
  const out = tmpDir();
  const runs = Array.from({ length: 8 }, () => certgenAsync(['build', MTLS, '--out', out, '--force', '--quiet']));
  const results = await Promise.all(runs.map((r) => r.done));
  results.forEach((r, i) => assert.equal(r.status, 0, `worker ${i}: ${r.stderr}`));
  assert.deepEqual(setProblems(join(out, 'mtls')), []);
  assert.equal(readdirSync(join(out, 'mtls')).filter((n) => n.startsWith('..v-')).length, 1, 'old versions are cleaned up');
});

test('a build killed with SIGKILL at random points leaves the previous or the new complete set, and never blocks the next build', async () => {
  const out = tmpDir();
  build([MTLS, '--out', out]);
  const dir = join(out, 'mtls');
  let previous = readSet(dir);
  for (let trial = 0; trial < 20; trial++) {
    const { child, done } = certgenAsync(['build', MTLS, '--out', out, '--force', '--quiet']);
    await sleep(50 + Math.floor(Math.random() * 650));
    child.kill('SIGKILL');
    await done;
    const now = readSet(dir);
    assert.deepEqual(setProblems(dir), [], `trial ${trial}: inconsistent set`);
    const same = [...previous].every(([n, b]) => now.get(n)?.equals(b));
    const allNew = [...previous].every(([n, b]) => !n.endsWith('.key.pem') || !now.get(n)?.equals(b));
    assert.ok(same || allNew, `trial ${trial}: a mix of old and new files`);
    previous = now;
  }
  // A lock whose holder is dead is broken at once; were it honoured, this build would fail after the lock timeout.
  build([MTLS, '--out', out, '--force', '--quiet']);
  assert.deepEqual(setProblems(dir), []);
  rmSync(out, { recursive: true, force: true });
});
