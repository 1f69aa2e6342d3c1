/**
 * `certgen inspect X.ocsp.der`: the description agrees with `openssl ocsp -resp_text` (status,
 * serial, times, reason, responder key hash, signature algorithm, included certificates), `--json`
 * carries the same, and malformed responses end in one `certgen:` line with exit 1, never a trace.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CertgenError } from '../../src/errors.js';
import { describeFile } from '../../src/inspect/describe.js';
import { REPO, certgen, ensureBuilt } from '../helpers/cli.js';
import { fixtureBuilder } from '../helpers/fixture.js';
import { haveTool, run } from '../helpers/tools.js';

const build = fixtureBuilder();
const f = await build(readFileSync(join(REPO, 'test', 'fixtures', 'ocsp.yaml'), 'utf8'), { file: 'test/fixtures/ocsp.yaml' });
const SKIP_OPENSSL = haveTool('openssl') ? false : 'openssl not installed: this interop test cannot run (CI installs it)';
ensureBuilt();

/** `Mon DD HH:MM:SS YYYY GMT` as openssl prints it → ISO seconds. */
const isoOf = (text: string): string => new Date(text.replace(' GMT', 'Z').replace(/^(\w+) +(\d+) (\S+) (\d+)Z$/, '$1 $2 $4 $3 UTC')).toISOString().replace('.000Z', 'Z');

test('inspect --json agrees with openssl ocsp -resp_text for every response', { skip: SKIP_OPENSSL }, () => {
  for (const name of ['server', 'revoked', 'unknown', 'expired', 'future', 'stranger', 'leaf', 'foreign', 'ed-leaf']) {
    const file = f.path(`${name}.ocsp.der`);
    const r = certgen(['inspect', file, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const d = JSON.parse(r.stdout);
    const text = run('openssl', ['ocsp', '-respin', file, '-resp_text', '-noverify']).stdout;
    const field = (label: string) => new RegExp(`${label}: (.*)`).exec(text)?.[1]?.trim();
    assert.equal(d.format, 'ocsp');
    assert.equal(d.responseStatus, 'successful');
    assert.equal(d.responderId, `byKey ${field('Responder Id')!.toLowerCase()}`, name);
    assert.equal(d.producedAt, isoOf(field('Produced At')!));
    assert.equal(d.signatureAlgorithm, field('Signature Algorithm'));
    const [single] = d.responses;
    assert.equal(single.serialNumber, field('Serial Number')!.toLowerCase());
    assert.equal(single.status, field('Cert Status'));
    assert.equal(single.thisUpdate, isoOf(field('This Update')!));
    assert.equal(single.nextUpdate, isoOf(field('Next Update')!));
    assert.equal(single.serialNumber, f.manifest.certificates[name]!.serialNumber);
    if (single.status === 'revoked') {
      assert.equal(single.revocationTime, isoOf(field('Revocation Time')!));
      assert.equal(single.revocationReason, /^(\w+)/.exec(field('Revocation Reason')!)![1]);
    }
    assert.equal(d.certificates.length, (text.match(/BEGIN CERTIFICATE/g) ?? []).length);
  }
});

test('an error response is described by its status alone', () => {
  const r = certgen(['inspect', f.path('later.ocsp.der')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${f.path('later.ocsp.der')}: OCSP response, tryLater (no body)\n`);
  assert.equal(JSON.parse(certgen(['inspect', f.path('refused.ocsp.der'), '--json']).stdout).responseStatus, 'unauthorized');
});

test('the text form names the status, serial, times, responder and included certificate', () => {
  const r = certgen(['inspect', f.path('revoked.ocsp.der')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /OCSP response, successful/);
  assert.match(r.stdout, /status +revoked at \S+Z, keyCompromise/);
  assert.match(r.stdout, new RegExp(`serial +${f.manifest.certificates['revoked']!.serialNumber}`));
  assert.match(r.stdout, /1 included certificate\n {2}\[0\]\n {4}subject +CN=responder/);
});

test('malformed responses: one CertgenError in process (every truncation), one certgen: line from the CLI', async () => {
  const der = new Uint8Array(readFileSync(f.path('revoked.ocsp.der')));
  for (let n = 1; n < der.length; n++) {
    await assert.rejects(describeFile(der.subarray(0, n), { file: 'x.ocsp.der' }), (e: unknown) => e instanceof CertgenError, `truncated at ${n}`);
  }
  const cases: Record<string, Uint8Array> = {
    'truncated.ocsp.der': der.subarray(0, 40),
    'status-9.ocsp.der': Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x09),
    'error-with-body.ocsp.der': Uint8Array.of(0x30, 0x05, 0x0a, 0x01, 0x03, 0xa0, 0x00),
    'garbage.der': Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const file = f.path(name);
    writeFileSync(file, bytes);
    const r = certgen(['inspect', file]);
    assert.equal(r.status, 1, name);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^certgen: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [^\\n]+\\n$`), `${name}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
  }
});
