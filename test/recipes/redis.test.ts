/**
 * docs/recipes.md, Redis: the page's redis.conf (`tls-port`, `tls-auth-clients yes`) run by the
 * real redis-server in the foreground, and the page's redis-cli presenting client.fullchain.pem.
 * Refused: an untrusted client, the serverAuth-only server leaf as a client and the client leaf
 * without its intermediate.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { missingTools } from '../helpers/tools.js';
import { buildRecipes, eventually, freePort, recipe, shell, shown, startServer, swap, WRONG_CLIENTS, writeWork, type Server, type Work } from './support.js';

describe('recipe: Redis tls-auth-clients yes', { skip: missingTools(['redis-server', 'redis-cli'], 'Debian: redis-server') }, () => {
  let work: Work;
  let cli: string;
  let server: Server;

  before(async () => {
    work = buildRecipes();
    const port = await freePort();
    const conf = writeWork(work, 'redis.conf', recipe('redis-conf', 6380, port));
    server = await startServer('redis-server', [conf], port, { cwd: work.dir });
    cli = recipe('redis-cli', 6380, port);
  });

  it('answers PONG to the client that presents client.fullchain.pem', async () => {
    const r = await shell(work, cli);
    assert.equal(r.status, 0, shown('redis-cli', r));
    assert.equal(r.stdout, 'PONG\n');
  });

  for (const { what, swaps } of [WRONG_CLIENTS.stranger, WRONG_CLIENTS.server, WRONG_CLIENTS.leafOnly]) {
    it(`refuses ${what} (the server logs certificate verify failed)`, async () => {
      const failures = () => server.output().split('certificate verify failed').length;
      const before = failures();
      const r = await shell(work, swap(cli, ...swaps));
      assert.equal(r.status, 1, shown('redis-cli', r));
      assert.doesNotMatch(r.stdout, /PONG/, shown('redis-cli', r));
      // the server logs its refusal just before it drops the connection
      assert.ok(await eventually(() => failures() === before + 1), server.output());
    });
  }
});
