/**
 * docs/recipes.md, Java JSSE: the page's RecipeMtls.java compiled with javac at test time and run
 * with the set's PKCS#12 stores (server.p12 for the server, a keystore for the client,
 * truststore.p12 for both; PKIX key and trust managers), mutual TLS on loopback. Refused: an
 * untrusted client (stranger.p12) and the serverAuth-only server leaf as a client (server.p12).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { missingTools } from '../helpers/tools.js';
import { docBlock } from '../helpers/doc-blocks.js';
import { buildRecipes, exec, PAGE, shown, type Work, writeWork } from './support.js';

describe('recipe: Java JSSE with the PKCS#12 stores', { skip: missingTools(['java', 'javac'], 'Debian: openjdk-17-jdk-headless') }, () => {
  let work: Work;
  let classes: string;

  before(async () => {
    work = buildRecipes();
    const source = writeWork(work, 'RecipeMtls.java', docBlock(PAGE, 'java-mtls'));
    classes = join(work.dir, 'classes');
    mkdirSync(classes);
    const javac = await exec('javac', ['-d', classes, source], { cwd: work.dir });
    assert.equal(javac.status, 0, shown('javac', javac));
  });

  const connect = (keystore: string) => exec('java', ['-cp', classes, 'RecipeMtls', keystore], { cwd: work.dir });

  it('serves the client whose keystore is client.p12', async () => {
    const r = await connect('client.p12');
    assert.equal(r.status, 0, shown('java RecipeMtls client.p12', r));
    assert.equal(r.stdout, 'hello CN=alice\n');
  });

  const refused = [
    // Java's key manager offers only a certificate issued under a CA the server's request names
    // (root), so stranger's sends none.
    ['an untrusted client (stranger.p12)', 'stranger.p12', /server refused: Empty client certificate chain/],
    ['the serverAuth-only server leaf as a client (server.p12)', 'server.p12', /server refused: Extended key usage does not permit use for TLS client authentication/],
  ] as const;
  for (const [what, keystore, reason] of refused) {
    it(`refuses ${what}`, async () => {
      const r = await connect(keystore);
      assert.notEqual(r.status, 0, shown(`java RecipeMtls ${keystore}`, r));
      assert.doesNotMatch(r.stdout, /hello/, shown(`java RecipeMtls ${keystore}`, r));
      assert.match(r.stdout, reason, shown(`java RecipeMtls ${keystore}`, r));
    });
  }
});
