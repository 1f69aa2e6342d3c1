/**
 * `certgen serve` as a child process, asked by the real clients: `openssl ocsp -url` (POST, nonce),
 * curl / fetch for the GET form and the files, `openssl verify -crl_download` for the CRL
 * distribution point the `publish` URL wrote into the certificates. Each answer has its refused
 * counterpart: revoked beside good, unknown and unauthorized beside a known serial, a foreign
 * trust anchor that cannot verify the responses, a rebuilt set seen without a restart.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, certgen, ensureBuilt } from '../helpers/cli.js';
import { missingTools, run, tmpDir } from '../helpers/tools.js';
import { freePort, opensslOcsp, revocationTemplate, runAsync, buildAndServe, killIfRunning, type ServeCli, writeTemplate } from './support.js';

const skip = missingTools(['openssl', 'curl']);

/** The DER inside a PEM file. */
const der = (file: string) => Buffer.from(readFileSync(file, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');

/** `openssl ocsp -resp_text` of a DER response, without verifying it. */
const responseText = (file: string) => run('openssl', ['ocsp', '-respin', file, '-resp_text', '-noverify']).stdout;

describe('certgen serve (CLI) answers openssl, curl and fetch', { skip }, () => {
  let dir: string;
  let out: string;
  let url: string;
  let server: ServeCli;

  before(async () => {
    ensureBuilt();
    dir = tmpDir('certgen-serve-');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    writeTemplate(dir, revocationTemplate(port));
    // A second set on the same URL whose intermediate delegates its OCSP signing (profile ocsp).
    writeFileSync(
      join(dir, 'templates', 'delegated.yaml'),
      `version: 1\nname: delegated\npublish: ${url}\ncertificates:\n  root: {}\n  inter: { issuer: root, profile: intermediate, ocspSigner: responder, crl: { revoked: [gone] } }\n  responder: { issuer: inter, profile: ocsp }\n  leaf: { issuer: inter }\n  gone: { issuer: inter }\n`,
    );
    out = join(dir, 'out', 'rev');
    server = await buildAndServe(dir);
  });
  after(() => killIfRunning(server));

  it('says what it serves where, on stderr, once listening', () => {
    assert.equal(server.banner, `certgen: serving delegated, rev at ${url}\n`);
  });

  it('the certificates carry the published CDP, OCSP and caIssuers URLs', () => {
    const text = run('openssl', ['x509', '-in', join(out, 'good.pem'), '-noout', '-ext', 'crlDistributionPoints,authorityInfoAccess']).stdout;
    assert.match(text, new RegExp(`URI:${url}/rev/inter\\.crl`));
    assert.match(text, new RegExp(`OCSP - URI:${url}/rev/ocsp/inter`));
    assert.match(text, new RegExp(`CA Issuers - URI:${url}/rev/inter\\.cer`));
  });

  it('openssl ocsp -url: good and revoked (keyCompromise, at the CRL date), signed, nonce echoed', async () => {
    const r = await opensslOcsp(out, `${url}/rev/ocsp/inter`, 'inter', ['-cert', join(out, 'good.pem'), '-cert', join(out, 'bad.pem')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Response verify OK/);
    assert.doesNotMatch(r.stderr + r.stdout, /WARNING: no nonce/i);
    assert.match(r.stdout, /good\.pem: good/);
    assert.match(r.stdout, /bad\.pem: revoked\n(?:.*\n)*?\s*Reason: keyCompromise/);
    assert.match(r.stdout, /Response Extensions:\s*\n\s*OCSP Nonce:/);
    // The revocation time is the CRL entry's.
    const crl = run('openssl', ['crl', '-in', join(out, 'inter.crl.pem'), '-noout', '-text']).stdout;
    const crlDate = /Revocation Date: (.+)/.exec(crl)![1]!.trim();
    assert.match(r.stdout, new RegExp(`Revocation Time: ${crlDate.replace(/\s+/g, '\\s+')}`));
    // Times: thisUpdate a minute back, nextUpdate an hour ahead.
    const thisUpdate = Date.parse(/This Update: (.+)/.exec(r.stdout)![1]!);
    const nextUpdate = Date.parse(/Next Update: (.+)/.exec(r.stdout)![1]!);
    assert.ok(Math.abs(thisUpdate - (Date.now() - 60_000)) < 30_000, `thisUpdate ${new Date(thisUpdate).toISOString()}`);
    assert.equal(nextUpdate - thisUpdate, 61 * 60_000);
  });

  it('the responses verify under the set\'s root, not under a foreign one or when tampered with (negative controls)', async () => {
    const resp = join(dir, 'verify.der');
    const fetched = await runAsync('openssl', ['ocsp', '-issuer', join(out, 'inter.pem'), '-cert', join(out, 'good.pem'), '-url', `${url}/rev/ocsp/inter`, '-respout', resp, '-noverify']);
    assert.equal(fetched.status, 0, fetched.stderr);
    const foreign = join(dir, 'foreign.pem');
    const made = run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'foreign.key'), '-out', foreign, '-subj', '/CN=certgen Revocation Root', '-days', '1']);
    assert.equal(made.status, 0, made.stderr);
    const tampered = join(dir, 'tampered.der');
    const bytes = readFileSync(resp);
    bytes[bytes.length - 5] ^= 0x01; // inside the signature
    writeFileSync(tampered, bytes);
    // -verify_other, not -issuer: openssl trusts an -issuer certificate as a signer outright.
    const check = (file: string, anchor: string) => run('openssl', ['ocsp', '-respin', file, '-verify_other', join(out, 'inter.pem'), '-CAfile', anchor]);
    assert.match(check(resp, join(out, 'root.pem')).stderr, /Response verify OK/);
    assert.match(check(resp, foreign).stderr, /Response Verify Failure/);
    assert.match(check(tampered, join(out, 'root.pem')).stderr, /Response Verify Failure/);
  });

  it('a CA with an ocspSigner: its delegated responder signs, its certificate travels in the response', async () => {
    const set = join(dir, 'out', 'delegated');
    const r = await opensslOcsp(set, `${url}/delegated/ocsp/inter`, 'inter', ['-cert', join(set, 'leaf.pem'), '-cert', join(set, 'gone.pem')]);
    assert.match(r.stderr, /Response verify OK/);
    assert.match(r.stdout, /leaf\.pem: good/);
    assert.match(r.stdout, /gone\.pem: revoked/);
    assert.match(r.stdout, /Certificate:\n(?:.*\n)*?\s*Subject: CN ?= ?responder/);
    const keyHash = (file: string) => run('openssl', ['x509', '-in', file, '-noout', '-ext', 'subjectKeyIdentifier']).stdout.split('\n')[1]!.replace(/[:\s]/g, '');
    assert.match(r.stdout, new RegExp(`Responder Id: ${keyHash(join(set, 'responder.pem'))}`), 'responder ID: the responder key (SKI is the same SHA-1 of the key)');
    // The CA that signs its own responses sends no certificate (control).
    const own = await opensslOcsp(out, `${url}/rev/ocsp/inter`, 'inter', ['-cert', join(out, 'good.pem')]);
    assert.doesNotMatch(own.stdout, /Certificate:\n/);
    assert.match(own.stdout, new RegExp(`Responder Id: ${keyHash(join(out, 'inter.pem'))}`));
  });

  it('unknown for a serial the CA did not issue; the same query with an issued serial is good', async () => {
    const unknown = await opensslOcsp(out, `${url}/rev/ocsp/inter`, 'inter', ['-serial', '0x1234']);
    assert.match(unknown.stdout, /0x1234: unknown/);
    assert.match(unknown.stderr, /Response verify OK/);
    const serial = run('openssl', ['x509', '-in', join(out, 'good.pem'), '-noout', '-serial']).stdout.trim().split('=')[1]!;
    const known = await opensslOcsp(out, `${url}/rev/ocsp/inter`, 'inter', ['-serial', `0x${serial}`]);
    assert.match(known.stdout, new RegExp(`0x${serial}: good`));
  });

  it('unauthorized for another CA\'s certificate; the right CA\'s responder answers it', async () => {
    const wrong = await opensslOcsp(out, `${url}/rev/ocsp/inter`, 'root', ['-cert', join(out, 'other.pem')]);
    assert.match(wrong.stdout + wrong.stderr, /Responder Error: unauthorized \(6\)/);
    const right = await opensslOcsp(out, `${url}/rev/ocsp/root`, 'root', ['-cert', join(out, 'other.pem')]);
    assert.match(right.stdout, /other\.pem: good/);
    assert.match(right.stderr, /Response verify OK/);
  });

  it('no nonce asked (-no_nonce), none sent back; with one, the same bytes come back (POST and GET)', async () => {
    const none = await opensslOcsp(out, `${url}/rev/ocsp/inter`, 'inter', ['-cert', join(out, 'good.pem')], ['-no_nonce']);
    assert.match(none.stdout, /good\.pem: good/);
    assert.doesNotMatch(none.stdout, /OCSP Nonce/);

    const req = join(dir, 'nonce-req.der');
    assert.equal(run('openssl', ['ocsp', '-issuer', join(out, 'inter.pem'), '-cert', join(out, 'good.pem'), '-reqout', req]).status, 0);
    const nonceOf = (text: string) => /OCSP Nonce:\s*\n\s*([0-9A-F]+)/.exec(text)?.[1];
    const asked = nonceOf(run('openssl', ['ocsp', '-reqin', req, '-req_text']).stdout);
    assert.ok(asked !== undefined && asked.length === 36, `request nonce ${asked}`);
    const post = await fetch(`${url}/rev/ocsp/inter`, { method: 'POST', headers: { 'Content-Type': 'application/ocsp-request' }, body: readFileSync(req) });
    assert.equal(post.headers.get('content-type'), 'application/ocsp-response');
    writeFileSync(join(dir, 'post.der'), Buffer.from(await post.arrayBuffer()));
    assert.equal(nonceOf(responseText(join(dir, 'post.der'))), asked);
    const get = await fetch(`${url}/rev/ocsp/inter/${encodeURIComponent(readFileSync(req).toString('base64'))}`);
    writeFileSync(join(dir, 'get.der'), Buffer.from(await get.arrayBuffer()));
    assert.equal(nonceOf(responseText(join(dir, 'get.der'))), asked);
  });

  it('GET: URL-encoded base64 (curl), base64url and unencoded base64 all work; non-base64 is malformedRequest', async () => {
    const req = join(dir, 'get-req.der');
    assert.equal(run('openssl', ['ocsp', '-issuer', join(out, 'inter.pem'), '-cert', join(out, 'bad.pem'), '-reqout', req, '-no_nonce']).status, 0);
    const b64 = readFileSync(req).toString('base64');
    const forms = { encoded: encodeURIComponent(b64), base64url: readFileSync(req).toString('base64url'), raw: b64 };
    for (const [form, path] of Object.entries(forms)) {
      const file = join(dir, `get-${form}.der`);
      const r = run('curl', ['-sS', '--path-as-is', '-o', file, '-w', '%{http_code} %{content_type}', `${url}/rev/ocsp/inter/${path}`]);
      assert.equal(r.stdout, '200 application/ocsp-response', `${form}: ${r.stderr}`);
      assert.match(responseText(file), /Cert Status: revoked/, form);
    }
    const bad = join(dir, 'get-bad.der');
    for (const path of ['not*base64', '%E0%A4%A', 'QUJD%', '====']) {
      run('curl', ['-sS', '-o', bad, `${url}/rev/ocsp/inter/${path}`]);
      assert.match(responseText(bad), /malformedrequest \(1\)/i, path);
    }
  });

  it('openssl verify -crl_download fetches the CRL from the CDP: the revoked leaf is refused, the good one accepted', async () => {
    const verify = (leaf: string) => runAsync('openssl', ['verify', '-crl_download', '-crl_check', '-CAfile', join(out, 'root.pem'), '-untrusted', join(out, 'inter.pem'), join(out, `${leaf}.pem`)]);
    const bad = await verify('bad');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout + bad.stderr, /certificate revoked/);
    const good = await verify('good');
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /good\.pem: OK/);
  });

  it('GET .crl and .cer: the DER files with their media types; HEAD sends headers only', async () => {
    const crl = await fetch(`${url}/rev/inter.crl`);
    assert.equal(crl.status, 200);
    assert.equal(crl.headers.get('content-type'), 'application/pkix-crl');
    assert.ok(Buffer.from(await crl.arrayBuffer()).equals(readFileSync(join(out, 'inter.crl.der'))));
    const cer = await fetch(`${url}/rev/inter.cer`);
    assert.equal(cer.headers.get('content-type'), 'application/pkix-cert');
    assert.ok(Buffer.from(await cer.arrayBuffer()).equals(der(join(out, 'inter.pem'))));
    const head = await fetch(`${url}/rev/root.cer`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers.get('content-length')), der(join(out, 'root.pem')).length);
    assert.equal((await head.arrayBuffer()).byteLength, 0);
  });

  it('unknown paths are 404, a wrong method 405, a malformed body malformedRequest, a huge one 413', async () => {
    for (const path of ['/', '/rev', '/nope/inter.crl', '/rev/good.crl', '/rev/nope.cer', '/rev/ocsp/nope', '/rev/inter.pem', '/rev/inter.crl/x', '/rev/../rev/inter.crl', '/rev/%2e%2e/inter.cer', '/../../etc/passwd']) {
      const method = path.includes('/ocsp/') ? 'POST' : 'GET';
      // --path-as-is: the dot segments reach the server as written.
      const r = run('curl', ['-sS', '--path-as-is', '-o', '/dev/null', '-w', '%{http_code}', '-X', method, ...(method === 'POST' ? ['--data', 'x'] : []), `${url}${path}`]);
      assert.equal(r.stdout, '404', path);
    }
    assert.equal((await fetch(`${url}/rev/ocsp/inter`)).status, 405);
    assert.equal((await fetch(`${url}/rev/inter.crl`, { method: 'POST', body: 'x' })).status, 405);
    const malformed = await fetch(`${url}/rev/ocsp/inter`, { method: 'POST', headers: { 'Content-Type': 'application/ocsp-request' }, body: 'hello' });
    assert.equal(malformed.status, 200);
    writeFileSync(join(dir, 'malformed.der'), Buffer.from(await malformed.arrayBuffer()));
    assert.match(responseText(join(dir, 'malformed.der')), /malformedrequest \(1\)/i);
    // A trailing slash is the POST endpoint too.
    const slash = await fetch(`${url}/rev/ocsp/inter/`, { method: 'POST', body: readFileSync(join(dir, 'get-req.der')) });
    writeFileSync(join(dir, 'slash.der'), Buffer.from(await slash.arrayBuffer()));
    assert.match(responseText(join(dir, 'slash.der')), /Cert Status: revoked/);
    const huge = await fetch(`${url}/rev/ocsp/inter`, { method: 'POST', body: Buffer.alloc(70 * 1024) });
    assert.equal(huge.status, 413);
    assert.equal((await fetch(`${url}/rev/inter.cer`)).status, 200, 'still serving');
  });

  it('never falls over: random and truncated requests get OCSP answers, and it still serves afterwards', async () => {
    const valid = readFileSync(join(dir, 'get-req.der'));
    const bodies = [Buffer.alloc(0), ...Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? randomBytes(1 + (i % 40)) : Buffer.concat([valid.subarray(0, i % valid.length), randomBytes(i % 7)])))];
    for (const body of bodies) {
      const r = await fetch(`${url}/rev/ocsp/inter`, { method: 'POST', body });
      assert.equal(r.status, 200);
      const bytes = Buffer.from(await r.arrayBuffer());
      // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, ... }
      assert.deepEqual([...bytes.subarray(0, 1)], [0x30]);
    }
    const ok = await opensslOcsp(out, `${url}/rev/ocsp/inter`, 'inter', ['-cert', join(out, 'good.pem')]);
    assert.match(ok.stdout, /good\.pem: good/);
  });

  it('a client that stalls mid-request is cut off, and others are served meanwhile', async () => {
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    const started = Date.now();
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
    socket.on('error', () => undefined);
    socket.write('POST /rev/ocsp/inter HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0');
    assert.equal((await fetch(`${url}/rev/inter.cer`)).status, 200);
    const ms = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 30_000))]);
    assert.ok(ms > 0, 'the stalled connection was still open after 30 s');
  });

  it('many clients at once: 60 concurrent OCSP requests all get signed answers', async () => {
    const req = readFileSync(join(dir, 'get-req.der'));
    const replies = await Promise.all(Array.from({ length: 60 }, () => fetch(`${url}/rev/ocsp/inter`, { method: 'POST', body: req }).then(async (r) => Buffer.from(await r.arrayBuffer()))));
    const file = join(dir, 'concurrent.der');
    for (const reply of new Set(replies.map((r) => r.toString('base64')))) {
      writeFileSync(file, Buffer.from(reply, 'base64'));
      assert.match(responseText(file), /Cert Status: revoked/);
    }
  });

  it('while a rebuild swaps the set, every request gets the old or the new CA certificate, never an error', async () => {
    const old = der(join(out, 'inter.pem'));
    const rebuild = runAsync(process.execPath, [BIN, 'build', '--force', '--quiet'], { cwd: dir });
    const seen: Buffer[] = [];
    let finished = false;
    void rebuild.then(() => (finished = true));
    while (!finished) {
      const r = await fetch(`${url}/rev/inter.cer`);
      assert.equal(r.status, 200);
      seen.push(Buffer.from(await r.arrayBuffer()));
    }
    assert.equal((await rebuild).status, 0);
    const fresh = der(join(out, 'inter.pem'));
    assert.ok(!fresh.equals(old), 'the rebuild made a new CA certificate');
    assert.ok(seen.length > 0 && seen.every((b) => b.equals(old) || b.equals(fresh)), `${seen.length} answers`);
    assert.ok(Buffer.from(await (await fetch(`${url}/rev/inter.cer`)).arrayBuffer()).equals(fresh), 'the new one once built');
  });

  it('a rebuild (--force) that revokes another certificate is served without a restart', async () => {
    const before = await opensslOcsp(out, `${url}/rev/ocsp/inter`, 'inter', ['-cert', join(out, 'later.pem')]);
    assert.match(before.stdout, /later\.pem: good/);
    const port = Number(new URL(url).port);
    writeTemplate(dir, revocationTemplate(port, ['bad', 'later']));
    const rebuilt = certgen(['build', '--force', '--quiet'], { cwd: dir });
    assert.equal(rebuilt.status, 0, rebuilt.stderr);
    const after = await opensslOcsp(out, `${url}/rev/ocsp/inter`, 'inter', ['-cert', join(out, 'later.pem')]);
    assert.match(after.stderr, /Response verify OK/, 'signed by the rebuilt CA');
    assert.match(after.stdout, /later\.pem: revoked\n(?:.*\n)*?\s*Reason: superseded/);
    const crl = Buffer.from(await (await fetch(`${url}/rev/inter.crl`)).arrayBuffer());
    assert.ok(crl.equals(readFileSync(join(out, 'inter.crl.der'))), 'the new CRL is served');
  });

  it('SIGTERM stops it cleanly: exit status 0, nothing more on stderr', async () => {
    server.child.kill('SIGTERM');
    const done = await server.done;
    assert.equal(done.status, 0, done.stderr);
    assert.equal(done.stderr, server.banner);
    await assert.rejects(fetch(`${url}/rev/inter.cer`));
  });
});
