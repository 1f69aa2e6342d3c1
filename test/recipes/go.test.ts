/**
 * docs/recipes.md, Go crypto/tls: the page's mtls.go compiled with the real Go toolchain
 * (standard library only, off-line: GOPROXY=off, caches in the work folder), run as a server
 * requiring client certificates and as a client that pins the server's leaf by its certSha256 in
 * pins.json. Refused: a wrong pin (the client pins "client" instead of "server"), and an
 * untrusted client (stranger).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { missingTools } from '../helpers/tools.js';
import { buildRecipes, exec, freePort, goEnv, recipe, shown, startServer, writeWork, type Work } from './support.js';

describe('recipe: Go crypto/tls mutual TLS with a pin from pins.json', { skip: missingTools('go', 'Debian: golang-go') }, () => {
  let work: Work;
  let binary: string;
  let url: string;

  before(async () => {
    work = buildRecipes();
    const port = await freePort();
    // The page's port appears in the program's usage comment only; the test passes its own.
    writeWork(work, 'mtls.go', recipe('go-mtls', 8445, port));
    binary = join(work.dir, 'mtls');
    const built = await exec('go', ['build', '-o', binary, 'mtls.go'], { cwd: work.dir, env: goEnv(work), timeout: 120_000 });
    assert.equal(built.status, 0, shown('go build', built));
    await startServer(binary, ['serve', `127.0.0.1:${port}`], port, { cwd: work.dir });
    url = `https://localhost:${port}/`;
  });

  const get = (as: string, pinned: string) => exec(binary, ['get', url, as, pinned], { cwd: work.dir });

  it('serves the client presenting client.fullchain.pem, which accepts the pinned server', async () => {
    const r = await get('client', 'server');
    assert.equal(r.status, 0, shown('mtls get', r));
    assert.equal(r.stdout, 'hello CN=alice\n');
  });

  it('refuses a server whose leaf is not the pinned one (wrong pin)', async () => {
    const r = await get('client', 'client');
    assert.notEqual(r.status, 0, shown('mtls get', r));
    assert.match(r.stderr, new RegExp(`server certificate sha256 ${work.pins.certificates.server!.certSha256} is not the pinned ${work.pins.certificates.client!.certSha256}`), shown('mtls get', r));
  });

  it('refuses an untrusted client (stranger)', async () => {
    const r = await get('stranger', 'server');
    assert.notEqual(r.status, 0, shown('mtls get', r));
    assert.match(r.stderr, /bad certificate/, shown('mtls get', r));
  });
});
