/**
 * `certgen serve` refuses what it cannot serve with one line and the CLI's exit statuses (2 for a
 * bad --listen, 1 for templates and sets), and picks the sets by their `publish` URL.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { certgen, certgenAsync, ensureBuilt } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tools.js';
import { freePort, revocationTemplate, startServeCli, writeTemplate } from './support.js';

/** One line on stderr, no stack trace. */
function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  assert.match(lines[0]!, pattern);
  assert.ok(lines.length === 1 || (lines.length === 2 && lines[1] === 'Run certgen --help for usage.'), stderr);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

describe('certgen serve refuses what it cannot serve', () => {
  before(() => ensureBuilt());

  it('a --listen address off loopback, or not HOST:PORT, is command-line misuse (exit 2)', () => {
    const dir = tmpDir('certgen-serve-');
    for (const [listen, message] of [
      ['10.0.0.1:8099', /^certgen: --listen: 10\.0\.0\.1 is not a loopback host/],
      ['0.0.0.0:8099', /^certgen: --listen: 0\.0\.0\.0 is not a loopback host/],
      ['localhost', /^certgen: --listen: "localhost" is not HOST:PORT/],
      ['127.0.0.1:70000', /^certgen: --listen: port 70000 is out of range/],
    ] as const) {
      const r = certgen(['serve', '--listen', listen], { cwd: dir });
      assert.equal(r.status, 2, `${listen}: ${r.stderr}`);
      assertOneLine(r.stderr, message);
    }
  });

  it('templates without publish: nothing to serve (exit 1)', () => {
    const dir = tmpDir('certgen-serve-');
    writeTemplate(dir, 'version: 1\nname: rev\ncertificates:\n  root: {}\n');
    const r = certgen(['serve'], { cwd: dir });
    assert.equal(r.status, 1);
    assertOneLine(r.stderr, /^certgen: templates: no set has a publish URL to serve/);
  });

  it('a bad publish URL names the file and the field (exit 1)', () => {
    const dir = tmpDir('certgen-serve-');
    writeTemplate(dir, 'version: 1\nname: rev\npublish: http://192.168.1.1:8099\ncertificates:\n  root: {}\n');
    const r = certgen(['serve'], { cwd: dir });
    assert.equal(r.status, 1);
    assertOneLine(r.stderr, /^certgen: templates\/rev\.yaml: publish: 192\.168\.1\.1 is not a loopback host/);
  });

  it('a set that is not built: build first (exit 1)', async () => {
    const dir = tmpDir('certgen-serve-');
    writeTemplate(dir, revocationTemplate(await freePort()));
    const r = certgen(['serve'], { cwd: dir });
    assert.equal(r.status, 1);
    assertOneLine(r.stderr, /^certgen: out\/rev: not built: run certgen build first$/);
  });

  it('a port already taken (exit 1, naming the address)', async () => {
    const dir = tmpDir('certgen-serve-');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      writeTemplate(dir, revocationTemplate(port));
      assert.equal(certgen(['build', '--quiet'], { cwd: dir }).status, 0);
      // Asynchronously: `busy` lives in this process and must keep its port meanwhile.
      const r = await certgenAsync(['serve'], { cwd: dir }).done;
      assert.equal(r.status, 1);
      assertOneLine(r.stderr, new RegExp(`^certgen: http://127\\.0\\.0\\.1:${port}: cannot listen \\(EADDRINUSE\\)$`));
    } finally {
      busy.close();
    }
  });

  it('sets publishing different URLs need --listen, which serves only the sets it matches', async () => {
    const dir = tmpDir('certgen-serve-');
    const [a, b] = [await freePort(), await freePort()];
    writeTemplate(dir, revocationTemplate(a));
    writeFileSync(join(dir, 'templates', 'two.yaml'), `version: 1\nname: two\npublish: http://127.0.0.1:${b}\ncertificates:\n  root: {}\n  leaf: { issuer: root }\n  lone: {}\n`);
    writeFileSync(join(dir, 'templates', 'plain.yaml'), 'version: 1\nname: plain\ncertificates:\n  root: {}\n');
    assert.equal(certgen(['build', '--quiet'], { cwd: dir }).status, 0);
    const r = certgen(['serve'], { cwd: dir });
    assert.equal(r.status, 1);
    assertOneLine(r.stderr, new RegExp(`the sets publish different URLs \\(rev: http://127\\.0\\.0\\.1:${a}, two: http://127\\.0\\.0\\.1:${b}\\): choose one with --listen`));
    const none = certgen(['serve', '--listen', `127.0.0.1:${await freePort()}`], { cwd: dir });
    assert.equal(none.status, 1);
    assertOneLine(none.stderr, /no set publishes http:\/\/127\.0\.0\.1:\d+ \(rev: .*, two: .*\)/);

    const server = await startServeCli(['--listen', `127.0.0.1:${b}`], dir);
    try {
      assert.equal(server.banner, `certgen: serving two at http://127.0.0.1:${b}\n`);
      assert.equal((await fetch(`http://127.0.0.1:${b}/two/root.cer`)).status, 200);
      assert.equal((await fetch(`http://127.0.0.1:${b}/two/lone.cer`)).status, 200, 'a root that issued nothing is a CA too');
      assert.equal((await fetch(`http://127.0.0.1:${b}/two/leaf.cer`)).status, 404, 'a leaf is not served');
      assert.equal((await fetch(`http://127.0.0.1:${b}/rev/root.cer`)).status, 404, 'rev publishes another port');
      assert.equal((await fetch(`http://127.0.0.1:${b}/plain/root.cer`)).status, 404, 'plain publishes nothing');
    } finally {
      server.child.kill('SIGINT');
    }
    const done = await server.done;
    assert.equal(done.status, 0, done.stderr);
  });
});
