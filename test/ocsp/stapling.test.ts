/**
 * Stapling the OCSP responses certgen writes (docs/revocation.md, "Stapling"): the page's template
 * is built by the CLI, and each server staples `server.ocsp.der` to a client that asks for it:
 * `openssl s_server -status_file` (read by `openssl s_client -status` and by a Node client with
 * `requestOCSP: true`, which must receive exactly the file's bytes), a Node `tls` server answering
 * `OCSPRequest`, nginx with the page's `ssl_stapling_file` config and HAProxy with the page's
 * `.ocsp` file next to its `crt`. Negative controls: the same servers without the response send
 * nothing, and s_client reports the revoked fixture as revoked.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, createServer } from 'node:tls';
import { certgen, ensureBuilt } from '../helpers/cli.js';
import { docBlock } from '../helpers/doc-blocks.js';
import { missingTools, tmpDir } from '../helpers/tools.js';
import { exec, freePort, startServer } from '../recipes/support.js';

const PAGE = 'docs/revocation.md';
const work = tmpDir('certgen-stapling-');
const file = (name: string) => join(work, 'out', 'revocation', name);
after(() => rmSync(work, { recursive: true, force: true }));

before(() => {
  ensureBuilt();
  writeFileSync(join(work, 'revocation.yaml'), docBlock(PAGE, 'revocation-template'));
  const r = certgen(['build', 'revocation.yaml', '--out', 'out', '--quiet'], { cwd: work });
  assert.equal(r.status, 0, r.stderr);
});

/** What a Node client with `requestOCSP: true` receives from 127.0.0.1:`port` (null: no staple). */
function stapleFrom(port: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    let staple: Buffer | null = null;
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: readFileSync(file('root.pem')), requestOCSP: true });
    socket.on('OCSPResponse', (response: Buffer) => (staple = response));
    socket.on('secureConnect', () => {
      socket.destroy();
      resolve(staple);
    });
    socket.on('error', reject);
  });
}

/** `openssl s_client -status` against 127.0.0.1:`port`: its output. */
async function sClientStatus(port: number): Promise<string> {
  const r = await exec('sh', ['-c', `openssl s_client -connect 127.0.0.1:${port} -servername localhost -status -CAfile "$1" </dev/null`, 'sh', file('root.pem')]);
  return r.stdout + r.stderr;
}

const bytesOf = (name: string) => readFileSync(file(name));

describe('openssl s_server -status_file', { skip: missingTools('openssl') }, () => {
  it('staples server.ocsp.der: s_client reads it as good, a Node client receives those exact bytes', async () => {
    const port = await freePort();
    await startServer('openssl', ['s_server', '-accept', String(port), '-cert', file('server.pem'), '-cert_chain', file('intermediate.pem'), '-key', file('server.key.pem'), '-status_file', file('server.ocsp.der'), '-www'], port);
    const out = await sClientStatus(port);
    assert.match(out, /OCSP Response Status: successful/);
    assert.match(out, /Cert Status: good/);
    assert.match(out, new RegExp(`Serial Number: ${JSON.parse(bytesOf('pins.json').toString()).certificates.server.serialNumber}`, 'i'));
    assert.deepEqual(await stapleFrom(port), bytesOf('server.ocsp.der'));
  });

  it('staples the revoked fixture as revoked (keyCompromise)', async () => {
    const port = await freePort();
    await startServer('openssl', ['s_server', '-accept', String(port), '-cert', file('revoked.pem'), '-cert_chain', file('intermediate.pem'), '-key', file('revoked.key.pem'), '-status_file', file('revoked.ocsp.der'), '-www'], port);
    const out = await sClientStatus(port);
    assert.match(out, /Cert Status: revoked/);
    assert.match(out, /Revocation Reason: keyCompromise/);
  });

  it('negative control: without -status_file nothing is stapled', async () => {
    const port = await freePort();
    await startServer('openssl', ['s_server', '-accept', String(port), '-cert', file('server.pem'), '-cert_chain', file('intermediate.pem'), '-key', file('server.key.pem'), '-www'], port);
    assert.match(await sClientStatus(port), /OCSP response: no response sent/);
    assert.equal(await stapleFrom(port), null);
  });
});

describe('Node tls server answering OCSPRequest', () => {
  async function nodeServer(staple: Buffer | null): Promise<number> {
    const server = createServer({ key: bytesOf('server.key.pem'), cert: bytesOf('server.fullchain.pem') });
    server.on('OCSPRequest', (_cert: Buffer, _issuer: Buffer, callback: (err: Error | null, resp: Buffer | null) => void) => callback(null, staple));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    return (server.address() as AddressInfo).port;
  }

  it('a Node client with requestOCSP: true receives the exact bytes; openssl s_client reads them', async () => {
    const port = await nodeServer(bytesOf('server.ocsp.der'));
    assert.deepEqual(await stapleFrom(port), bytesOf('server.ocsp.der'));
    if (!missingTools('openssl')) assert.match(await sClientStatus(port), /Cert Status: good/);
  });

  it('negative control: a server that answers null staples nothing', async () => {
    assert.equal(await stapleFrom(await nodeServer(null)), null);
  });
});

describe('nginx ssl_stapling_file (the page\'s config)', { skip: missingTools('nginx', 'Debian: nginx') }, () => {
  async function nginx(conf: string, name: string): Promise<number> {
    const port = await freePort();
    const path = join(work, name);
    writeFileSync(path, conf.replaceAll('8445', String(port)));
    await startServer('nginx', ['-e', 'stderr', '-c', path], port, { cwd: work });
    return port;
  }

  it('staples server.ocsp.der byte for byte', async () => {
    const conf = docBlock(PAGE, 'revocation-nginx');
    assert.match(conf, /listen 127\.0\.0\.1:8445 ssl;/);
    const port = await nginx(conf, 'nginx-stapling.conf');
    assert.deepEqual(await stapleFrom(port), bytesOf('server.ocsp.der'));
    if (!missingTools('openssl')) assert.match(await sClientStatus(port), /Cert Status: good/);
  });

  it('negative control: with ssl_stapling off nothing is stapled', async () => {
    const conf = docBlock(PAGE, 'revocation-nginx').replace('ssl_stapling        on;', 'ssl_stapling        off;').replace('nginx-stapling.pid', 'nginx-off.pid');
    assert.match(conf, /ssl_stapling {8}off;/);
    assert.equal(await stapleFrom(await nginx(conf, 'nginx-off.conf')), null);
  });
});

describe('HAProxy with <crt>.ocsp (the page\'s files and config)', { skip: missingTools('haproxy', 'Debian: haproxy') }, () => {
  async function haproxy(name: string): Promise<number> {
    const port = await freePort();
    const path = join(work, name);
    writeFileSync(path, docBlock(PAGE, 'revocation-haproxy-cfg').replaceAll('8446', String(port)));
    await startServer('haproxy', ['-db', '-f', path], port, { cwd: work });
    return port;
  }

  it('staples server.ocsp.der byte for byte', async () => {
    const r = await exec('sh', ['-c', docBlock(PAGE, 'revocation-haproxy-files')], { cwd: work });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(await stapleFrom(await haproxy('haproxy.cfg')), bytesOf('server.ocsp.der'));
  });

  it('negative control: without the .ocsp file nothing is stapled', async () => {
    const r = await exec('sh', ['-c', 'rm haproxy/server.pem.ocsp'], { cwd: work });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(await stapleFrom(await haproxy('haproxy-off.cfg')), null);
  });
});
