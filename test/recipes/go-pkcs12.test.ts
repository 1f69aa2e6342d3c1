/**
 * docs/recipes.md, Go golang.org/x/crypto/pkcs12: the page's pkcs12.go built in GOPATH mode
 * against Debian's golang-golang-x-crypto-dev (off-line), decoding the set's `chain: false`,
 * `encryption: legacy` store: it prints the server's subject and the certSha256 of pins.json.
 * Refused: certgen's default store (AES-256, with the chain), which that package cannot read.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { docBlock } from '../helpers/doc-blocks.js';
import { missingTools } from '../helpers/tools.js';
import { buildRecipes, exec, goEnv, missingPath, PAGE, shown, type Work, writeWork } from './support.js';

const GOCODE = '/usr/share/gocode';
const missing = missingTools('go', 'Debian: golang-go') || missingPath(join(GOCODE, 'src/golang.org/x/crypto/pkcs12'), 'Debian: golang-golang-x-crypto-dev');

describe('recipe: Go x/crypto/pkcs12 reads a chain: false, encryption: legacy store', { skip: missing }, () => {
  let work: Work;
  let binary: string;

  before(async () => {
    work = buildRecipes();
    writeWork(work, 'pkcs12.go', docBlock(PAGE, 'go-pkcs12'));
    binary = join(work.dir, 'pkcs12');
    const built = await exec('go', ['build', '-o', binary, 'pkcs12.go'], { cwd: work.dir, env: goEnv(work, GOCODE), timeout: 120_000 });
    assert.equal(built.status, 0, shown('go build', built));
  });

  it('decodes server-go.p12: the server certificate, pinned by pins.json, and its key', async () => {
    const r = await exec(binary, ['out/recipes/server-go.p12'], { cwd: work.dir });
    assert.equal(r.status, 0, shown('pkcs12 server-go.p12', r));
    assert.equal(r.stdout, `CN=localhost ${work.pins.certificates.server!.certSha256}\n`);
  });

  it('refuses certgen\'s default store server.p12 (AES-256, with the chain)', async () => {
    const r = await exec(binary, ['out/recipes/server.p12'], { cwd: work.dir });
    assert.notEqual(r.status, 0, shown('pkcs12 server.p12', r));
    assert.match(r.stderr, /pkcs12: unknown digest algorithm: 2\.16\.840\.1\.101\.3\.4\.2\.1/, shown('pkcs12 server.p12', r));
  });
});
