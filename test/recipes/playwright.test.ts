/**
 * docs/recipes.md, Playwright: the page's Node https server (requestCert, rejectUnauthorized)
 * and its playwright.mjs, which loads the page in Debian's Chromium with `clientCertificates`
 * (client.fullchain.pem) through playwright-core, NODE_EXTRA_CA_CERTS pointing at the root.
 * Refused: an untrusted client certificate (stranger) and no client certificate at all.
 */
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { REPO } from '../helpers/cli.js';
import { missingTools } from '../helpers/tools.js';
import { buildRecipes, exec, freePort, recipe, shown, startServer, swap, WRONG_CLIENTS, type Work, writeWork } from './support.js';

/**
 * How Chromium reports a server refusing the client's certificate: under TLS 1.3 the server's
 * alert arrives after the handshake, so which of these Chromium sees depends on timing.
 */
const REFUSED = /net::(ERR_BAD_SSL_CLIENT_AUTH_CERT|ERR_EMPTY_RESPONSE|ERR_SOCKET_NOT_CONNECTED|ERR_CONNECTION_CLOSED|ERR_CONNECTION_RESET)/;

describe('recipe: Playwright clientCertificates with Chromium', { skip: missingTools('/usr/bin/chromium', 'Debian: chromium') }, () => {
  let work: Work;
  let script: string;

  before(async () => {
    work = buildRecipes();
    // playwright.mjs imports playwright-core: resolve it from the repository's node_modules.
    symlinkSync(join(REPO, 'node_modules'), join(work.dir, 'node_modules'));
    const port = await freePort();
    writeWork(work, 'server.mjs', recipe('node-server', 8447, port));
    await startServer(process.execPath, ['server.mjs'], port, { cwd: work.dir });
    script = recipe('playwright', 8447, port);
  });

  const browse = (text: string) => {
    writeWork(work, 'playwright.mjs', text);
    return exec(process.execPath, ['playwright.mjs'], { cwd: work.dir, env: { ...process.env, NODE_EXTRA_CA_CERTS: 'out/recipes/root.pem' }, timeout: 90_000 });
  };

  it('loads the page with client.fullchain.pem as the client certificate', async () => {
    const r = await browse(script);
    assert.equal(r.status, 0, shown('node playwright.mjs', r));
    assert.equal(r.stdout, 'hello CN=alice\n\n');
  });

  it('does not load the page with an untrusted client certificate (stranger)', async () => {
    const r = await browse(swap(script, ...WRONG_CLIENTS.stranger.swaps));
    assert.notEqual(r.status, 0, shown('node playwright.mjs', r));
    assert.ok(!r.stdout.includes('hello'), shown('node playwright.mjs', r));
    // Playwright's proxy was refused by the server and closed the browser's connection.
    assert.match(r.stderr, REFUSED, shown('node playwright.mjs', r));
  });

  it('does not load the page without a client certificate', async () => {
    // Chromium itself trusts only its own store: let it accept the server, so the one thing
    // missing is the client certificate.
    const without = script.replace(/clientCertificates: \[[^\]]*\],/, 'ignoreHTTPSErrors: true,');
    assert.notEqual(without, script, 'the page\'s newContext() no longer has clientCertificates: update this test');
    const r = await browse(without);
    assert.ok(!r.stdout.includes('hello'), shown('node playwright.mjs', r));
    assert.notEqual(r.status, 0, shown('node playwright.mjs', r));
    assert.match(r.stderr, REFUSED, shown('node playwright.mjs', r));
  });
});
