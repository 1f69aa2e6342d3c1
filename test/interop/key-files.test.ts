/**
 * The key-file forms of a set against the tools that read them: `<name>.pub.pem` (curl's
 * `--pinnedpubkey FILE`, OpenSSL), with a negative control for each.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { fixtureBuilder } from '../helpers/fixture.js';
import { run, skipWithout } from '../helpers/tools.js';

const build = fixtureBuilder();

/** Runs `fn` with an https server on 127.0.0.1 (ephemeral port) presenting `key`/`cert`. */
async function withHttpsServer<T>(options: https.ServerOptions, fn: (port: number) => Promise<T>): Promise<T> {
  const server = https.createServer(options, (_req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await fn((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** curl, asynchronously (the server runs in this process): its exit code and output. */
function curl(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['--silent', '--show-error', '--max-time', '20', ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('<name>.pub.pem', () => {
  const template = {
    version: 1,
    certificates: {
      root: {},
      server: { issuer: 'root' },
      other: { issuer: 'root' },
      rsa: { issuer: 'root', key: 'rsa2048' },
      ed: { issuer: 'root', key: 'ed25519' },
    },
  };

  it('holds the SubjectPublicKeyInfo whose SHA-256 is the pin, is public (0644) and is named in pins.json', async (t) => {
    if (skipWithout(t, 'openssl')) return;
    const f = await build(template);
    for (const [name, entry] of Object.entries(f.manifest.certificates)) {
      assert.equal(entry.files.pub, `${name}.pub.pem`);
      const text = readFileSync(f.path(entry.files.pub), 'utf8');
      assert.match(text, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
      assert.equal(statSync(f.path(entry.files.pub)).mode & 0o777, 0o644);
      const der = run('openssl', ['pkey', '-pubin', '-in', f.path(entry.files.pub), '-outform', 'DER'], { encoding: 'latin1' });
      assert.equal(der.status, 0, der.stderr);
      const digest = createHash('sha256').update(Buffer.from(der.stdout, 'latin1')).digest();
      assert.equal(digest.toString('base64'), entry.spkiSha256, name);
      // The same key as the certificate's (OpenSSL's own extraction).
      const fromCert = run('openssl', ['x509', '-in', f.path(entry.files.cert), '-pubkey', '-noout']);
      assert.equal(fromCert.stdout, text, name);
    }
  });

  it('curl --pinnedpubkey FILE connects to the server with that key and refuses one with another key', async (t) => {
    if (skipWithout(t, 'curl')) return;
    const f = await build(template);
    const serve = (name: string) => ({ key: readFileSync(f.path(`${name}.key.pem`)), cert: readFileSync(f.path(`${name}.fullchain.pem`)) });
    const args = (port: number) => ['--insecure', '--pinnedpubkey', f.path('server.pub.pem'), `https://127.0.0.1:${port}/`];
    const good = await withHttpsServer(serve('server'), (port) => curl(args(port)));
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stdout, 'ok');
    // Negative control: same issuer, another key; curl 90 = CURLE_SSL_PINNEDPUBKEYNOTMATCH.
    const bad = await withHttpsServer(serve('other'), (port) => curl(args(port)));
    assert.equal(bad.code, 90, `expected a pin mismatch, got ${bad.code}: ${bad.stderr}`);
    assert.match(bad.stderr, /pinned/i);
    // An RSA server is pinned just as well.
    const rsa = await withHttpsServer(serve('rsa'), (port) => curl(['--insecure', '--pinnedpubkey', f.path('rsa.pub.pem'), `https://127.0.0.1:${port}/`]));
    assert.equal(rsa.code, 0, rsa.stderr);
  });
});
