/**
 * docs/recipes.md, Python ssl: the page's mtls.py run by python3 as a server requiring client
 * certificates (load_cert_chain(fullchain, key), load_verify_locations(root)) and as a client
 * presenting client.fullchain.pem. Refused: an untrusted client (stranger) and the
 * serverAuth-only server leaf as a client.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { missingTools } from '../helpers/tools.js';
import { buildRecipes, exec, freePort, recipe, shown, startServer, type Work, writeWork } from './support.js';

describe('recipe: Python ssl mutual TLS', { skip: missingTools('python3') }, () => {
  let work: Work;
  let port: number;

  before(async () => {
    work = buildRecipes();
    port = await freePort();
    // The page's port appears in the script's usage comment only; the test passes its own.
    writeWork(work, 'mtls.py', recipe('python-mtls', 8446, port));
    await startServer('python3', ['mtls.py', 'serve', String(port)], port, { cwd: work.dir });
  });

  const get = (name: string) => exec('python3', ['mtls.py', 'get', String(port), name], { cwd: work.dir });

  it('serves the client presenting client.fullchain.pem', async () => {
    const r = await get('client');
    assert.equal(r.status, 0, shown('mtls.py get client', r));
    assert.equal(r.stdout, 'hello CN=alice\n');
  });

  for (const [name, alert] of [['stranger', /alert unknown ca/], ['server', /alert unsupported certificate/]] as const) {
    it(`refuses ${name === 'stranger' ? 'an untrusted client (stranger)' : 'the serverAuth-only server leaf as a client'}`, async () => {
      const r = await get(name);
      assert.notEqual(r.status, 0, shown(`mtls.py get ${name}`, r));
      assert.match(r.stderr, /SSLError/, shown(`mtls.py get ${name}`, r));
      assert.match(r.stderr, alert, shown(`mtls.py get ${name}`, r));
    });
  }
});
