/**
 * The API's `serve()`: the same responder in-process, resolved once listening, closed by close().
 * openssl runs asynchronously here: the server shares this process's event loop.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { build, CertgenError, serve } from '../../src/index.js';
import { missingTools, tmpDir } from '../helpers/tools.js';
import { freePort, opensslOcsp, revocationTemplate, writeTemplate } from './support.js';

describe('serve() (API)', { skip: missingTools('openssl') }, () => {
  it('resolves to { url, sets, close } once listening; openssl gets live answers; close() stops it', async () => {
    const dir = tmpDir('certgen-serve-api-');
    const port = await freePort();
    const templates = writeTemplate(dir, revocationTemplate(port));
    const out = join(dir, 'out');
    await build({ templates, out });
    const errors: string[] = [];
    const server = await serve({ templates, out, onError: (m) => errors.push(m) });
    try {
      assert.equal(server.url, `http://127.0.0.1:${port}`);
      assert.deepEqual(server.sets, ['rev']);
      const set = join(out, 'rev');
      const r = await opensslOcsp(set, `${server.url}/rev/ocsp/inter`, 'inter', ['-cert', join(set, 'good.pem'), '-cert', join(set, 'bad.pem')]);
      assert.match(r.stderr, /Response verify OK/);
      assert.match(r.stdout, /good\.pem: good/);
      assert.match(r.stdout, /bad\.pem: revoked/);
      // A second server on the same address is refused, the first keeps serving.
      await assert.rejects(serve({ templates, out }), (e: unknown) => e instanceof CertgenError && /cannot listen \(EADDRINUSE\)/.test(e.message));
      assert.equal((await fetch(`${server.url}/rev/root.cer`)).status, 200);
    } finally {
      await server.close();
    }
    await assert.rejects(fetch(`${server.url}/rev/root.cer`), 'closed');
    assert.deepEqual(errors, []);
  });

  it('a bad listen address, or none matching, is a CertgenError', async () => {
    const dir = tmpDir('certgen-serve-api-');
    const templates = writeTemplate(dir, revocationTemplate(await freePort()));
    await assert.rejects(serve({ templates, out: join(dir, 'out'), listen: '192.0.2.1:80' }), (e: unknown) => e instanceof CertgenError && e.message === 'listen: 192.0.2.1 is not a loopback host (use 127.0.0.1, [::1] or localhost)');
    await assert.rejects(serve({ templates, out: join(dir, 'out') }), (e: unknown) => e instanceof CertgenError && /not built: run certgen build first/.test(e.message));
    // What a JavaScript caller might pass: named, not a TypeError.
    for (const [options, message] of [
      [{ templates, out: 42 }, 'out: expected a path'],
      [{ templates: [templates, 7] }, 'templates: expected a path or a list of paths'],
      [{ templates, listen: 8099 }, 'listen: expected HOST:PORT'],
      [{ templates, onError: 'log' }, 'onError: expected a function'],
      [null, 'serve() takes an options object'],
    ] as const) {
      await assert.rejects(serve(options as never), (e: unknown) => e instanceof CertgenError && e.message === message, message);
    }
  });
});

describe('serve() reads nothing outside the out folder', { skip: missingTools('openssl') }, () => {
  it('a version whose CRL is a symlink out of the folder is not served (500, reported), the original version is again once restored', async () => {
    const dir = tmpDir('certgen-serve-api-');
    const templates = writeTemplate(dir, revocationTemplate(await freePort()));
    const out = join(dir, 'out');
    await build({ templates, out });
    const errors: string[] = [];
    const server = await serve({ templates, out, onError: (m) => errors.push(m) });
    try {
      const set = join(out, 'rev');
      const original = readlinkSync(join(set, '..data'));
      assert.equal((await fetch(`${server.url}/rev/inter.crl`)).status, 200);
      // A hand-made version: the same files, but inter.crl.der links to a file outside out/.
      const forged = '..v-00000000000000ff';
      cpSync(join(set, original), join(set, forged), { recursive: true });
      const secret = join(dir, 'secret.der');
      writeFileSync(secret, 'not for clients');
      rmSync(join(set, forged, 'inter.crl.der'));
      symlinkSync(secret, join(set, forged, 'inter.crl.der'));
      const swap = (target: string) => {
        symlinkSync(target, join(set, '..data.tmp'));
        renameSync(join(set, '..data.tmp'), join(set, '..data'));
      };
      swap(forged);
      const refused = await fetch(`${server.url}/rev/inter.crl`);
      assert.equal(refused.status, 500);
      assert.doesNotMatch(await refused.text(), /not for clients/);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /inter\.crl\.der: cannot read \(ELOOP\)/);
      swap(original);
      const restored = await fetch(`${server.url}/rev/inter.crl`);
      assert.equal(restored.status, 200);
      assert.ok(Buffer.from(await restored.arrayBuffer()).equals(readFileSync(join(set, 'inter.crl.der'))));
    } finally {
      await server.close();
    }
  });
});

describe('serve() signs with key files in every form the build writes', { skip: missingTools('openssl') }, () => {
  it('an encrypted CA key (keyPassword from the environment) and a traditional one; a missing password is a one-line error', async () => {
    const dir = tmpDir('certgen-serve-api-');
    const port = await freePort();
    const templates = writeTemplate(
      dir,
      `version: 1\nname: keys\npublish: http://127.0.0.1:${port}\ncertificates:\n  root: { keyFormat: traditional }\n  inter: { issuer: root, profile: intermediate, keyPassword: { env: CERTGEN_SERVE_KEY_PASSWORD } }\n  leaf: { issuer: inter }\n`,
    );
    const out = join(dir, 'out');
    const env = { CERTGEN_SERVE_KEY_PASSWORD: 'inter-secret' };
    await build({ templates, out, env });
    const set = join(out, 'keys');
    assert.match(readFileSync(join(set, 'inter.key.pem'), 'utf8'), /BEGIN ENCRYPTED PRIVATE KEY/);
    assert.match(readFileSync(join(set, 'root.key.pem'), 'utf8'), /BEGIN EC PRIVATE KEY/);

    await assert.rejects(serve({ templates, out, env: {} }), (e: unknown) => e instanceof CertgenError && e.message === `${templates}: certificates.inter.keyPassword.env: environment variable CERTGEN_SERVE_KEY_PASSWORD is not set`);
    const server = await serve({ templates, out, env });
    try {
      const byInter = await opensslOcsp(set, `${server.url}/keys/ocsp/inter`, 'inter', ['-cert', join(set, 'leaf.pem')]);
      assert.match(byInter.stderr, /Response verify OK/);
      assert.match(byInter.stdout, /leaf\.pem: good/);
      const byRoot = await opensslOcsp(set, `${server.url}/keys/ocsp/root`, 'root', ['-cert', join(set, 'inter.pem')]);
      assert.match(byRoot.stderr, /Response verify OK/);
      assert.match(byRoot.stdout, /inter\.pem: good/);
    } finally {
      await server.close();
    }
  });
});

describe('serve() on localhost', () => {
  it('answers on both loopback addresses localhost may resolve to', async () => {
    const dir = tmpDir('certgen-serve-api-');
    const port = await freePort();
    const templates = writeTemplate(dir, revocationTemplate(port).replace('http://127.0.0.1:', 'http://localhost:'));
    const out = join(dir, 'out');
    await build({ templates, out });
    const server = await serve({ templates, out });
    try {
      assert.equal(server.url, `http://localhost:${port}`);
      assert.equal((await fetch(`http://127.0.0.1:${port}/rev/root.cer`)).status, 200);
      assert.equal((await fetch(`http://[::1]:${port}/rev/root.cer`)).status, 200);
    } finally {
      await server.close();
    }
    await assert.rejects(fetch(`http://127.0.0.1:${port}/rev/root.cer`));
    await assert.rejects(fetch(`http://[::1]:${port}/rev/root.cer`));
  });
});
