/**
 * A store's `chain: false` (SPEC: Store fields): each key entry with its certificate alone. Go's
 * `golang.org/x/crypto/pkcs12` (Debian golang-golang-x-crypto-dev) decodes only such a store, with
 * one key and one certificate, and only with `encryption: legacy`; the default chained store is
 * its negative control. OpenSSL sees one certificate.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fixtureBuilder, type WrittenFixture } from '../helpers/fixture.js';
import { run, skipWithout, tmpDir } from '../helpers/tools.js';

const build = fixtureBuilder();

/** Debian's offline Go packages live in GOPATH form under /usr/share/gocode. */
const GOPATH = '/usr/share/gocode';
const GO_PKCS12 = join(GOPATH, 'src/golang.org/x/crypto/pkcs12');

const DECODE = `package main

import (
	"crypto/sha256"
	"fmt"
	"os"

	"golang.org/x/crypto/pkcs12"
)

// Prints the key's Go type and the certificate's SHA-256, or the error (exit 3).
func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	key, cert, err := pkcs12.Decode(data, os.Args[2])
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Printf("%T %x\\n", key, sha256.Sum256(cert.Raw))
}
`;

const TEMPLATE = {
  version: 1,
  certificates: { root: {}, intermediate: { issuer: 'root', profile: 'intermediate' }, server: { issuer: 'intermediate' }, rsa: { issuer: 'intermediate', key: 'rsa2048' } },
  stores: {
    'go.p12': { keys: ['server'], chain: false, encryption: 'legacy', password: 'gopass' },
    'go-rsa.p12': { keys: ['rsa'], chain: false, encryption: 'legacy', password: 'gopass' },
    'chained.p12': { keys: ['server'], encryption: 'legacy', password: 'gopass' },
    'alone.pem': { keys: ['server'], chain: false },
    'chained.pem': { keys: ['server'] },
  },
};

let fixture: WrittenFixture;
before(async () => {
  fixture = await build(TEMPLATE);
});

describe('chain: false', () => {
  it("Go's x/crypto/pkcs12 decodes a chain: false legacy store and refuses the chained one", (t) => {
    if (skipWithout(t, 'go', 'Debian golang-go')) return;
    if (!existsSync(GO_PKCS12)) return t.skip(`${GO_PKCS12} missing (Debian golang-golang-x-crypto-dev): this interop test cannot run`);
    const dir = build.track(tmpDir('certgen-go-'));
    writeFileSync(join(dir, 'main.go'), DECODE);
    const env = { ...process.env, GOPATH, GO111MODULE: 'off', GOFLAGS: '', GOCACHE: join(dir, 'cache') };
    const compiled = run('go', ['build', '-o', join(dir, 'decode'), join(dir, 'main.go')], { cwd: dir, env });
    assert.equal(compiled.status, 0, compiled.stderr);
    const decode = (file: string) => run(join(dir, 'decode'), [fixture.path(file), 'gopass']);
    for (const [file, cert, type] of [['go.p12', 'server', '*ecdsa.PrivateKey'], ['go-rsa.p12', 'rsa', '*rsa.PrivateKey']] as const) {
      const r = decode(file);
      assert.equal(r.status, 0, `${file}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout.trim(), `${type} ${fixture.manifest.certificates[cert]!.certSha256}`);
    }
    // Negative control: the default store carries the chain, which pkcs12.Decode refuses.
    const chained = decode('chained.p12');
    assert.equal(chained.status, 3, chained.stdout + chained.stderr);
    assert.match(chained.stdout, /expected exactly two safe bags/);
  });

  it('openssl pkcs12 -info shows one certificate, and three for the chained store', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const certificates = (file: string) => {
      const r = run('openssl', ['pkcs12', '-in', fixture.path(file), '-passin', 'pass:gopass', '-nokeys', '-info']);
      assert.equal(r.status, 0, r.stderr);
      return [...r.stdout.matchAll(/-----BEGIN CERTIFICATE-----/g)].length;
    };
    assert.equal(certificates('go.p12'), 1);
    assert.equal(certificates('chained.p12'), 3);
  });

  it('a PEM store with chain: false holds the key and its certificate alone', () => {
    const labels = (file: string) => [...readFileSync(fixture.path(file), 'utf8').matchAll(/-----BEGIN ([A-Z ]+)-----/g)].map((m) => m[1]);
    assert.deepEqual(labels('alone.pem'), ['PRIVATE KEY', 'CERTIFICATE']);
    assert.deepEqual(labels('chained.pem'), ['PRIVATE KEY', 'CERTIFICATE', 'CERTIFICATE']);
  });
});

