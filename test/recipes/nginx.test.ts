/**
 * docs/recipes.md, nginx: the page's nginx.conf (`ssl_verify_client on`) run by the real nginx in
 * the foreground, and the page's curl command presenting client.fullchain.pem. Refused (400 The
 * SSL certificate error): an untrusted client, the serverAuth-only server leaf as a client, and
 * the client leaf without its intermediate.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { missingTools } from '../helpers/tools.js';
import { buildRecipes, freePort, recipe, shell, shown, startServer, swap, WRONG_CLIENTS, writeWork, type Work } from './support.js';

describe('recipe: nginx ssl_verify_client on', { skip: missingTools(['nginx', 'curl'], 'Debian: nginx curl') }, () => {
  let work: Work;
  let curl: string;

  before(async () => {
    work = buildRecipes();
    const port = await freePort();
    const conf = writeWork(work, 'nginx.conf', recipe('nginx-conf', 8443, port));
    await startServer('nginx', ['-e', 'stderr', '-c', conf], port, { cwd: work.dir });
    curl = recipe('nginx-curl', 8443, port);
  });

  it('serves the client that presents client.fullchain.pem', async () => {
    const r = await shell(work, curl);
    assert.equal(r.status, 0, shown('curl', r));
    assert.equal(r.stdout, 'hello CN=alice\n');
  });

  for (const { what, swaps } of [WRONG_CLIENTS.stranger, WRONG_CLIENTS.server, WRONG_CLIENTS.leafOnly]) {
    it(`refuses ${what}: 400 The SSL certificate error`, async () => {
      const r = await shell(work, swap(curl, ...swaps));
      assert.equal(r.status, 22, shown('curl', r));
      assert.match(r.stderr, /400/, shown('curl', r));
    });
  }
});
