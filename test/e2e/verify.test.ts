/**
 * `certgen verify` as users run it (the bundled CLI, bin/certgen.js, as a child process):
 * exit 0 on the shipped templates once built, exit 1 naming the certificate when a template's
 * `expect` is wrong, exit 1 "build first" when a set is missing or stale, and the expired-CRL
 * fixture, which no `expect` can describe, fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { tmpDir } from '../helpers/tools.js';

const REPO = join(import.meta.dirname, '..', '..');
const BIN = join(REPO, 'bin', 'certgen.js');

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function certgen(args: readonly string[], cwd = REPO): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Result, what: string): void {
  assert.equal(r.status, 0, `${what}: exit ${r.status}\n${r.stderr}`);
}

/** Table rows of `certgen verify` stdout: set, cert, expect, observed, result. */
function rows(stdout: string): { set: string; cert: string; expect: string; observed: string; result: string }[] {
  const [head, ...lines] = stdout.trimEnd().split('\n');
  assert.match(head ?? '', /^SET\s+CERT\s+EXPECT\s+OBSERVED\s+RESULT\s+DETAIL$/);
  return lines.map((l) => {
    const [set, cert, expect, observed, result] = l.split(/\s+/) as [string, string, string, string, string];
    return { set, cert, expect, observed, result };
  });
}

/** Every certificate name of every template file under `dir`, as `set/cert`. */
function certificatesOf(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /\.(ya?ml|json)$/.test(n))
    .flatMap((n) => {
      const t = parse(readFileSync(join(dir, n), 'utf8')) as { name?: string; certificates: Record<string, unknown> };
      const set = t.name ?? n.replace(/\.[^.]+$/, '');
      return Object.keys(t.certificates).map((c) => `${set}/${c}`);
    })
    .sort();
}

describe('certgen verify', () => {
  before(() => {
    if (!existsSync(join(REPO, 'dist', 'cli', 'bin.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
  });

  it('passes on the shipped templates after build (exit 0, one OK row per certificate); before build it says "build first"', () => {
    const out = tmpDir();
    const before = certgen(['verify', '--out', out]);
    assert.equal(before.status, 1);
    assert.match(before.stderr, /not built or not up to date: .*negative \(not built yet\).*: run certgen build first/);
    assert.doesNotMatch(before.stderr, /at .*\.js:\d+/, 'no stack trace for a user error');

    ok(certgen(['build', '--out', out, '--quiet']), 'build');
    const r = certgen(['verify', '--out', out]);
    ok(r, 'verify');
    const table = rows(r.stdout);
    assert.deepEqual(table.map((t) => `${t.set}/${t.cert}`).sort(), certificatesOf(join(REPO, 'templates')));
    assert.deepEqual(table.filter((t) => t.result !== 'OK'), []);
    const negative = table.filter((t) => t.set === 'negative');
    assert.ok(negative.filter((t) => t.expect !== 'valid').length >= 15, 'the negative set has its fixtures');
    for (const t of negative) assert.equal(t.observed, t.expect, `${t.cert}`);
    assert.equal(r.stderr, '');

    const json = certgen(['verify', '--out', out, '--json']);
    ok(json, 'verify --json');
    const summary = JSON.parse(json.stdout) as { ok: boolean; sets: { name: string; at: string; certificates: { cert: string; expect: string; observed: string; ok: boolean; detail: string }[] }[] };
    assert.equal(summary.ok, true);
    const revoked = summary.sets.find((s) => s.name === 'negative')!.certificates.find((c) => c.cert === 'revoked')!;
    assert.deepEqual({ ...revoked, detail: undefined }, { cert: 'revoked', expect: 'revoked', observed: 'revoked', ok: true, detail: undefined });
    assert.match(revoked.detail, /on the CRL of intermediate/);
  });

  it('fails (exit 1) naming each certificate whose expect is wrong', () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'templates'));
    const text = readFileSync(join(REPO, 'templates', 'negative.yaml'), 'utf8');
    const wrong = text
      .replace(/(\n  expired:\n(?: {4}.*\n)*? {4}expect: )expired\n/, '$1valid\n')
      .replace(/(\n  server:\n(?: {4}.*\n)*?)/, '$1    expect: hostname\n');
    assert.notEqual(wrong, text);
    writeFileSync(join(dir, 'templates', 'negative.yaml'), wrong);
    ok(certgen(['build', 'templates', '--out', 'out', '--quiet'], dir), 'build');

    const r = certgen(['verify', 'templates', '--out', 'out'], dir);
    assert.equal(r.status, 1, r.stderr);
    const failed = rows(r.stdout).filter((t) => t.result === 'FAIL');
    assert.deepEqual(failed, [
      { set: 'negative', cert: 'server', expect: 'hostname', observed: 'valid', result: 'FAIL' },
      { set: 'negative', cert: 'expired', expect: 'valid', observed: 'expired', result: 'FAIL' },
    ]);
    assert.match(r.stderr, /^certgen: negative\/server: expected hostname, observed valid$/m);
    assert.match(r.stderr, /^certgen: negative\/expired: expected valid, observed expired: expired: notAfter \S+ is before \S+$/m);
    assert.match(r.stderr, /^certgen: verify: 2 of \d+ certificates and OCSP responses do not behave as their templates say$/m);

    const json = certgen(['verify', 'templates', '--out', 'out', '--json'], dir);
    assert.equal(json.status, 1);
    assert.equal((JSON.parse(json.stdout) as { ok: boolean }).ok, false);
  });

  it('refuses a stale set: the template changed since the build', () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'templates'));
    copyFileSync(join(REPO, 'templates', 'mtls.yaml'), join(dir, 'templates', 'mtls.yaml'));
    ok(certgen(['build', 'templates', '--out', 'out', '--quiet'], dir), 'build');
    ok(certgen(['verify', 'templates', '--out', 'out'], dir), 'verify');
    const text = readFileSync(join(dir, 'templates', 'mtls.yaml'), 'utf8');
    writeFileSync(join(dir, 'templates', 'mtls.yaml'), text.replace('subject: CN=client', 'subject: CN=client2'));
    const r = certgen(['verify', 'templates', '--out', 'out'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^certgen: out: not built or not up to date: mtls \(template changed\): run certgen build first\n$/);
    assert.equal(r.stdout, '');
  });

  it('an expired CRL (test/fixtures/expired-crl.yaml) fails the certificates under it as crlExpired', () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'templates'));
    copyFileSync(join(REPO, 'test', 'fixtures', 'expired-crl.yaml'), join(dir, 'templates', 'expired-crl.yaml'));
    ok(certgen(['build', 'templates', '--out', 'out', '--quiet'], dir), 'build');
    const r = certgen(['verify', 'templates', '--out', 'out'], dir);
    assert.equal(r.status, 1);
    assert.deepEqual(
      rows(r.stdout).map((t) => [t.cert, t.observed, t.result]),
      [
        ['root', 'valid', 'OK'],
        ['intermediate', 'valid', 'OK'],
        ['server', 'crlExpired', 'FAIL'],
      ],
    );
    assert.match(r.stderr, /^certgen: expired-crl\/server: expected valid, observed crlExpired: the CRL of intermediate expired \S+ \(nextUpdate\)/m);
  });
});
