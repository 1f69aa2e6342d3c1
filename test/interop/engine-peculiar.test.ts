/** `--engine peculiar` runs the same build on @peculiar/webcrypto; OpenSSL must accept the result. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { certgen, ensureBuilt, REPO, setProblems } from '../helpers/cli.js';
import { haveTool, run, tmpDir } from '../helpers/tools.js';

before(() => ensureBuilt());

test('the example set built on @peculiar/webcrypto verifies with OpenSSL', (t) => {
  if (!haveTool('openssl')) return t.skip('openssl not installed');
  const out = tmpDir();
  const r = certgen(['build', join(REPO, 'templates/mtls.yaml'), '--out', out, '--engine', 'peculiar']);
  assert.equal(r.status, 0, r.stderr);
  const dir = join(out, 'mtls');
  const f = (name: string) => join(dir, name);
  assert.deepEqual(setProblems(dir), []);
  for (const [leaf, purpose] of [['server', 'sslserver'], ['client', 'sslclient'], ['dual', 'sslserver'], ['dual', 'sslclient']] as const) {
    const v = run('openssl', ['verify', '-CAfile', f('root.pem'), '-untrusted', f('intermediate.pem'), '-purpose', purpose, f(`${leaf}.pem`)]);
    assert.equal(v.status, 0, `${leaf} as ${purpose}: ${v.stdout}${v.stderr}`);
  }
  const refused = run('openssl', ['verify', '-CAfile', f('root.pem'), '-untrusted', f('intermediate.pem'), '-purpose', 'sslserver', f('client.pem')]);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stdout + refused.stderr, /unsuitable certificate purpose/);
  const p12 = run('openssl', ['pkcs12', '-info', '-noout', '-in', f('keystore.p12'), '-passin', 'pass:changeit']);
  assert.equal(p12.status, 0, p12.stderr);
  for (const name of ['root', 'server', 'client']) {
    const key = run('openssl', ['pkey', '-in', f(`${name}.key.pem`), '-check', '-noout']);
    assert.equal(key.status, 0, `${name}.key.pem: ${key.stderr}`);
  }
});

test('an unknown engine is command-line misuse', () => {
  const r = certgen(['build', join(REPO, 'templates/mtls.yaml'), '--out', tmpDir(), '--engine', 'bogus']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /engine/);
});
