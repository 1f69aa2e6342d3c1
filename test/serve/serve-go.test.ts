/**
 * docs/serve.md's Go client (`golang.org/x/crypto/ocsp`, Debian golang-golang-x-crypto-dev),
 * compiled off-line and run against `certgen serve`: good, revoked with its reason, and an error
 * (unauthorized) when the request names the wrong issuer.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt } from '../helpers/cli.js';
import { docBlock } from '../helpers/doc-blocks.js';
import { missingTools, tmpDir } from '../helpers/tools.js';
import { goEnv, type Work } from '../recipes/support.js';
import { freePort, revocationTemplate, runAsync, buildAndServe, killIfRunning, type ServeCli, writeTemplate } from './support.js';

const GOPATH = '/usr/share/gocode';
const skip = missingTools('go', 'Debian: golang-go') || (existsSync(join(GOPATH, 'src/golang.org/x/crypto/ocsp')) ? false : 'golang.org/x/crypto/ocsp not installed (Debian: golang-golang-x-crypto-dev)');

describe('Go x/crypto/ocsp (docs/serve.md) through certgen serve', { skip }, () => {
  let dir: string;
  let binary: string;
  let server: ServeCli;

  before(async () => {
    ensureBuilt();
    dir = tmpDir('certgen-serve-go-');
    writeFileSync(join(dir, 'ocsp.go'), docBlock('docs/serve.md', 'serve-go-ocsp'));
    binary = join(dir, 'ocsp-check');
    const built = await runAsync('go', ['build', '-o', binary, 'ocsp.go'], { cwd: dir, env: goEnv({ dir } as Work, GOPATH), timeout: 180_000 });
    assert.equal(built.status, 0, `go build: ${built.stderr}`);
    writeTemplate(dir, revocationTemplate(await freePort()));
    server = await buildAndServe(dir);
  });
  after(() => killIfRunning(server));

  const ask = (issuer: string, cert: string) => runAsync(binary, [join(dir, 'out/rev', `${issuer}.pem`), join(dir, 'out/rev', `${cert}.pem`)]);

  it('good for the good leaf, revoked (reason 1, keyCompromise) for the revoked one', async () => {
    const good = await ask('inter', 'good');
    assert.equal(good.status, 0, good.stderr);
    assert.equal(good.stdout, 'good\n');
    const bad = await ask('inter', 'bad');
    assert.equal(bad.stdout, 'revoked 1\n');
  });

  it('the wrong issuer in the request: the responder says unauthorized, Go refuses the answer', async () => {
    const r = await ask('root', 'good');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unauthorized/i);
  });
});
