/**
 * `certgen inspect` of the key-file forms (SPEC: keyFormat, keyPassword) through the real CLI: an
 * encrypted key is described as encrypted, with its scheme and iteration count, without the
 * password (and the figures match what OpenSSL reads from a key OpenSSL encrypted itself); a
 * traditional key by its encoding and type. A wrong password is one line, exit 1.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { certgen, ensureBuilt } from '../helpers/cli.js';
import { fixtureBuilder, type WrittenFixture } from '../helpers/fixture.js';
import { run, skipWithout } from '../helpers/tools.js';

const build = fixtureBuilder();
const PASSWORD = 'inspect-me-9z';
let f: WrittenFixture;

before(async () => {
  ensureBuilt();
  f = await build({
    version: 1,
    certificates: { enc: { keyPassword: PASSWORD }, rsa: { key: 'rsa2048', keyFormat: 'traditional' }, ec: { key: 'p384', keyFormat: 'traditional' } },
  });
});

const inspect = (args: readonly string[]) => {
  const r = certgen(['inspect', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

describe('inspect of key files', () => {
  it('an encrypted key: encrypted, PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC with its iterations, no password shown', () => {
    const text = inspect([f.path('enc.key.pem')]);
    assert.match(text, /private key 1 \(PKCS#8, encrypted\)/);
    assert.match(text, /encryption\s+PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC, 2048 iterations/);
    assert.match(text, /key\s+encrypted \(give --password to describe it\)/);
    const json = JSON.parse(inspect([f.path('enc.key.pem'), '--json'])) as { keys: { encrypted: boolean; encryption: unknown; keyAlgorithm: unknown }[] };
    assert.deepEqual(json.keys[0]!.encryption, { algorithm: 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC', iterations: 2048 });
    assert.equal(json.keys[0]!.keyAlgorithm, null);
    // With the password: the key's figures, still without the password.
    const opened = inspect([f.path('enc.key.pem'), '--password', PASSWORD]);
    assert.match(opened, /key\s+ECDSA P-256/);
    assert.match(opened, new RegExp(`SPKI SHA-256\\s+${f.manifest.certificates['enc']!.spkiSha256.replace(/[+/]/g, '\\$&')}`));
    assert.ok(!opened.includes(PASSWORD) && !text.includes(PASSWORD));
  });

  it('a wrong password is one line naming the file, exit 1 (negative control)', () => {
    const r = certgen(['inspect', f.path('enc.key.pem'), '--password', 'Xq7-nope']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /enc\.key\.pem: .*cannot decrypt the private key/);
    assert.doesNotMatch(r.stderr, /Xq7-nope|at \w+ \(/);
  });

  it("reads an OpenSSL-encrypted key's scheme and iterations as OpenSSL wrote them", (t) => {
    if (skipWithout(t, 'openssl')) return;
    const out = join(f.dir, 'openssl-enc.pem');
    const r = run('openssl', ['pkcs8', '-topk8', '-in', f.path('rsa.key.pem'), '-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA256', '-iter', '4096', '-passout', `pass:${PASSWORD}`, '-out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(inspect([out]), /encryption\s+PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC, 4096 iterations/);
    const aes128 = join(f.dir, 'openssl-aes128.pem');
    assert.equal(run('openssl', ['pkcs8', '-topk8', '-in', f.path('rsa.key.pem'), '-v2', 'aes-128-cbc', '-iter', '1000', '-passout', `pass:${PASSWORD}`, '-out', aes128]).status, 0);
    assert.match(inspect([aes128]), /encryption\s+PBES2 PBKDF2-HMAC-SHA256 AES-128-CBC, 1000 iterations/);
  });

  it('a traditional key: its encoding (PKCS#1, SEC1) and type', () => {
    assert.match(inspect([f.path('rsa.key.pem')]), /private key 1 \(PKCS#1\)\n\s+key\s+RSA 2048/);
    assert.match(inspect([f.path('ec.key.pem')]), /private key 1 \(SEC1\)\n\s+key\s+ECDSA P-384/);
    writeFileSync(join(f.dir, 'not-a-key.pem'), '-----BEGIN RSA PRIVATE KEY-----\nMAA=\n-----END RSA PRIVATE KEY-----\n');
    const bad = certgen(['inspect', join(f.dir, 'not-a-key.pem')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /not a valid PKCS#1 private key/);
  });
});
