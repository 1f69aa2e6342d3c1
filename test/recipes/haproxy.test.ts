/**
 * docs/recipes.md, HAProxy: the page's haproxy.cfg (`bind … ssl crt server-bundle.pem ca-file
 * root.pem verify required`, the crt a certgen `.pem` store holding key + chain) run by the real
 * haproxy in the foreground (-db), and the page's curl presenting client.fullchain.pem. Refused in
 * the handshake: an untrusted client, the serverAuth-only server leaf as a client and the client
 * leaf without its intermediate.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { missingTools } from '../helpers/tools.js';
import { buildRecipes, freePort, recipe, shell, shown, startServer, swap, WRONG_CLIENTS, writeWork, type Work } from './support.js';

describe('recipe: HAProxy crt with a .pem store, verify required', { skip: missingTools(['haproxy', 'curl'], 'Debian: haproxy curl') }, () => {
  let work: Work;
  let curl: string;

  before(async () => {
    work = buildRecipes();
    const port = await freePort();
    const cfg = writeWork(work, 'haproxy.cfg', recipe('haproxy-cfg', 8444, port));
    await startServer('haproxy', ['-db', '-f', cfg], port, { cwd: work.dir });
    curl = recipe('haproxy-curl', 8444, port);
  });

  it('serves the client that presents client.fullchain.pem', async () => {
    const r = await shell(work, curl);
    assert.equal(r.status, 0, shown('curl', r));
    assert.equal(r.stdout, 'hello /CN=alice\n');
  });

  const refused = [
    [WRONG_CLIENTS.stranger, /alert unknown ca/],
    [WRONG_CLIENTS.server, /alert unsupported certificate/],
    [WRONG_CLIENTS.leafOnly, /alert unknown ca/],
  ] as const;
  for (const [{ what, swaps }, alert] of refused) {
    it(`refuses ${what} in the handshake (${alert.source})`, async () => {
      const r = await shell(work, swap(curl, ...swaps));
      assert.notEqual(r.status, 0, shown('curl', r));
      assert.doesNotMatch(r.stdout, /hello/, shown('curl', r));
      assert.match(r.stderr, alert, shown('curl', r));
    });
  }
});
