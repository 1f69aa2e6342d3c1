/**
 * docs/recipes.md, curl --pinnedpubkey: the page's two curl commands, pinning the server's key by
 * server.pub.pem and by the `sha256//…` pin that `certgen pins --format curl` prints, against the
 * page's openssl s_server. Refused (exit 90): the pin of another key, client.pub.pem and
 * `--cert client`.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { missingTools } from '../helpers/tools.js';
import { buildRecipes, freePort, recipe, shell, shown, startServer, swap, type Work } from './support.js';

describe('recipe: curl --pinnedpubkey', { skip: missingTools(['curl', 'openssl']) }, () => {
  let work: Work;
  let port: number;

  before(async () => {
    work = buildRecipes();
    port = await freePort();
    const server = recipe('curl-server', 8448, port).trim().split(/\s+/);
    await startServer(server[0]!, server.slice(1), port, { cwd: work.dir });
  });

  const forms = [
    ['server.pub.pem', 'curl-pubkey', ['server.pub.pem', 'client.pub.pem']],
    ['certgen pins --format curl', 'curl-pins', ['--cert server', '--cert client']],
  ] as const;
  for (const [form, id, wrong] of forms) {
    it(`connects with the server's pin from ${form}`, async () => {
      const r = await shell(work, recipe(id, 8448, port));
      assert.equal(r.status, 0, shown('curl', r));
      assert.match(r.stdout, /s_server/, shown('curl', r));
    });

    it(`refuses a wrong pin from ${form} (${wrong[1]})`, async () => {
      const r = await shell(work, swap(recipe(id, 8448, port), wrong));
      assert.equal(r.status, 90, shown('curl', r));
      assert.match(r.stderr, /public key does not match pinned public key/, shown('curl', r));
    });
  }
});
