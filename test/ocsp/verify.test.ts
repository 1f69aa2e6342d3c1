/**
 * `certgen verify` on OCSP responses (src/verify/ocsp.ts): every variant of test/fixtures/ocsp.yaml
 * is observed as its `expect` says, and the negative controls (a wrong `expect`, a status that
 * contradicts the CRL, a response file swapped for another) are reported as failures. The CLI
 * prints one row per response, in the table and in --json.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { REPO, certgen, ensureBuilt } from '../helpers/cli.js';
import { fixtureBuilder, type WrittenFixture } from '../helpers/fixture.js';
import { tmpDir } from '../helpers/tools.js';
import { verifySetResponses, type BuiltSetFiles } from '../../src/verify/verify-set.js';
import type { OcspVerifyRow } from '../../src/verify/ocsp.js';
import { CertgenError } from '../../src/errors.js';

const build = fixtureBuilder();
const TEMPLATE = readFileSync(join(REPO, 'test', 'fixtures', 'ocsp.yaml'), 'utf8');

function filesOf(f: WrittenFixture, swap: Record<string, string> = {}): BuiltSetFiles {
  const issued = f.packaged.issued;
  return {
    certificates: new Map([...issued.certificates].map(([n, c]) => [n, c.der])),
    crls: new Map(issued.crls.map((c) => [c.issuer, c.der])),
    ocspResponses: new Map(issued.ocspResponses.map((r) => [r.cert, issued.ocspResponses.find((o) => o.cert === (swap[r.cert] ?? r.cert))!.der])),
  };
}

const rowsOf = (f: WrittenFixture, swap?: Record<string, string>): Map<string, OcspVerifyRow> =>
  new Map(verifySetResponses(f.packaged.issued.resolved, filesOf(f, swap)).map((r) => [r.cert, r]));

test('every response of the fixture set is observed as its expect says', async () => {
  const rows = rowsOf(await build(TEMPLATE));
  const seen = Object.fromEntries([...rows].map(([n, r]) => [n, [r.observed, r.status, r.ok]]));
  assert.deepEqual(seen, {
    server: ['valid', 'good', true],
    revoked: ['valid', 'revoked', true],
    unknown: ['valid', 'unknown', true],
    expired: ['expired', 'good', true],
    future: ['notYetValid', 'good', true],
    stranger: ['unauthorized', 'good', true],
    leaf: ['valid', 'good', true],
    foreign: ['unauthorized', 'good', true],
    malformed: ['error', null, true],
    internal: ['error', null, true],
    later: ['error', null, true],
    sigreq: ['error', null, true],
    refused: ['error', null, true],
    'ed-leaf': ['valid', 'good', true],
  });
  assert.match(rows.get('stranger')!.detail, /lacks extKeyUsage OCSPSigning/);
  assert.match(rows.get('foreign')!.detail, /not issued by the certificate's issuer/);
});

test('negative controls: wrong expects, a status against the CRL, a swapped file', async () => {
  const t = parse(TEMPLATE);
  t.certificates.server.ocspResponse = { status: 'revoked' }; // the CRL does not list server
  t.certificates.revoked.ocspResponse = { status: 'good' }; // the CRL lists it
  t.certificates.expired.ocspResponse.expect = 'valid';
  t.certificates.stranger.ocspResponse.expect = 'valid';
  t.certificates.later.ocspResponse.expect = 'valid';
  t.certificates.unknown.ocspResponse.signer = 'intermediate'; // a CA, but not unknown's issuer
  t.certificates.future.ocspResponse = { status: 'revoked', revocationReason: 'superseded' };
  t.certificates.root.crl.revoked.push({ cert: 'future', reason: 'keyCompromise' });
  const f = await build(stringify(t));
  const rows = rowsOf(f);
  const bad = (n: string) => [rows.get(n)!.ok, rows.get(n)!.observed, rows.get(n)!.detail];
  assert.deepEqual(bad('server'), [false, 'valid', "says revoked, but root's CRL does not list it"]);
  assert.deepEqual(bad('revoked'), [false, 'valid', "says good, but root's CRL lists it as revoked"]);
  assert.equal(bad('expired')[1], 'expired');
  assert.equal(bad('stranger')[1], 'unauthorized');
  assert.deepEqual(bad('later'), [false, 'error', 'responseStatus tryLater']);
  assert.deepEqual(bad('unknown').slice(0, 2), [false, 'unauthorized']);
  assert.deepEqual(bad('future'), [false, 'valid', "revocation reason superseded differs from root's CRL (keyCompromise)"]);
  // A response about another certificate is refused even though its signature is good.
  const swapped = rowsOf(await build(TEMPLATE), { server: 'revoked', leaf: 'server' });
  assert.deepEqual([swapped.get('server')!.ok, swapped.get('server')!.observed, swapped.get('server')!.detail], [false, 'error', 'the response does not answer for server alone (CertID mismatch)']);
  // leaf's issuer is the intermediate: a response signed by root's responder is not its issuer's.
  assert.deepEqual([swapped.get('leaf')!.ok, swapped.get('leaf')!.observed], [false, 'unauthorized']);
});

test('a response file that does not parse, or is missing, is one CertgenError naming it', async () => {
  const f = await build(TEMPLATE);
  const files = filesOf(f);
  const broken = new Map(files.ocspResponses);
  broken.set('server', Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x00));
  assert.throws(() => verifySetResponses(f.packaged.issued.resolved, { ...files, ocspResponses: broken }), (e: unknown) =>
    e instanceof CertgenError && e.message === 'ocsp/server.ocsp.der: cannot parse (malformed OCSP responseBytes): rebuild the set');
  broken.delete('server');
  assert.throws(() => verifySetResponses(f.packaged.issued.resolved, { ...files, ocspResponses: broken }), /server\.ocsp\.der is missing: build first/);
});

test('certgen verify prints one row per response, in the table and in --json; a wrong expect exits 1', async (t) => {
  ensureBuilt();
  const dir = build.track(tmpDir());
  const template = join(dir, 'ocsp.yaml');
  writeFileSync(template, TEMPLATE);
  const out = join(dir, 'out');
  assert.equal(certgen(['build', template, '--out', out, '--quiet']).status, 0);
  const table = certgen(['verify', template, '--out', out]);
  assert.equal(table.status, 0, table.stderr);
  for (const name of ['server', 'revoked', 'unknown', 'expired', 'future', 'stranger', 'leaf', 'foreign', 'later']) {
    assert.match(table.stdout, new RegExp(`^ocsp\\s+${name}\\.ocsp\\.der\\s+\\S+\\s+\\S+\\s+OK`, 'm'), name);
  }
  const json = JSON.parse(certgen(['verify', template, '--out', out, '--json']).stdout);
  assert.equal(json.ok, true);
  assert.equal(json.sets[0].ocspResponses.length, 14);
  assert.deepEqual(json.sets[0].ocspResponses.find((r: { cert: string }) => r.cert === 'revoked'), {
    cert: 'revoked', file: 'revoked.ocsp.der', expect: 'valid', observed: 'valid', status: 'revoked', ok: true, detail: '',
  });
  await t.test('negative control: a wrong expect fails verify', () => {
    writeFileSync(template, TEMPLATE.replace('expect: expired', 'expect: valid'));
    assert.equal(certgen(['build', template, '--out', out, '--quiet']).status, 0);
    const r = certgen(['verify', template, '--out', out]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^certgen: ocsp\/expired\.ocsp\.der: expected valid, observed expired: nextUpdate .* is before /m);
  });
});
