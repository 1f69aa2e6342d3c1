/**
 * The API's `serve()`: the same responder in-process, resolved once listening, closed by close().
 * openssl runs asynchronously here: the server shares this process's event loop.
 */
import assert from 'node:assert/strict';
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
  });
});
