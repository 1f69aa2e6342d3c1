/**
 * templates/negative.yaml against `openssl verify` (OpenSSL 3.0): every negative fixture is
 * refused with the error text that matches its `expect`, under the flag that asks for that check
 * (-purpose, -verify_hostname, -crl_check, -auth_level); every valid fixture passes the same flags.
 * Where OpenSSL accepts a fixture at its defaults (RSA-1024, SHA-1, the CN-only certificate) the
 * test asserts exactly that, and the setting that makes it refuse. Error texts, not numbers, are
 * matched (OpenSSL 3.0 renumbered some). docs/negative-fixtures.md is this table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO } from '../helpers/cli.js';
import { fixtureBuilder, type WrittenFixture } from '../helpers/fixture.js';
import { haveTool, run } from '../helpers/tools.js';

const build = fixtureBuilder();
const NEGATIVE = join(REPO, 'templates', 'negative.yaml');
const EXPIRED_CRL = join(REPO, 'test', 'fixtures', 'expired-crl.yaml');
const SKIP = haveTool('openssl') ? false : 'openssl not installed: this interop test cannot run (CI installs it)';

interface Outcome {
  readonly ok: boolean;
  /** The texts of the "error N at D depth lookup: TEXT" lines, in order. */
  readonly errors: readonly string[];
}

/** `openssl verify -CAfile root.pem [-untrusted <cert>.fullchain.pem] FLAGS <cert>.pem` in the fixture folder. */
function verify(f: WrittenFixture, cert: string, flags: readonly string[] = [], chain = true): Outcome {
  const args = ['verify', '-CAfile', f.path('root.pem'), ...(chain ? ['-untrusted', f.path(`${cert}.fullchain.pem`)] : []), ...flags, f.path(`${cert}.pem`)];
  const r = run('openssl', args);
  const output = r.stdout + r.stderr;
  const errors = [...output.matchAll(/^error \d+ at \d+ depth lookup: (.*)$/gm)].map((m) => m[1]!);
  const ok = r.status === 0 && /: OK$/m.test(r.stdout);
  assert.equal(ok, errors.length === 0, `openssl verify ${args.join(' ')}: status ${r.status}, output:\n${output}`);
  return { ok, errors };
}

const accepted: Outcome = { ok: true, errors: [] };
const refused = (...errors: string[]): Outcome => ({ ok: false, errors });

/**
 * One row per check: fixture, flags, what OpenSSL 3.0 does. `chain: false` leaves out -untrusted
 * (self-signed certificates have no chain to give).
 */
interface Case {
  readonly cert: string;
  readonly flags: readonly string[];
  readonly want: Outcome;
  readonly chain?: boolean;
  readonly why: string;
}

// Built once, before the cases (they name its files); the engine takes ~0.3 s for this set.
const f = await build(readFileSync(NEGATIVE, 'utf8'), { file: 'templates/negative.yaml' });
const CRLS = ['-CRLfile', f.path('root.crl.pem'), '-CRLfile', f.path('intermediate.crl.pem')];

const CASES: readonly Case[] = [
  // valid controls: every check the negative rows use, passed
  { cert: 'server', flags: ['-purpose', 'sslserver', '-verify_hostname', 'localhost', '-crl_check_all', ...CRLS, '-auth_level', '2'], want: accepted, why: 'valid control' },
  { cert: 'client', flags: ['-purpose', 'sslclient', '-crl_check_all', ...CRLS, '-auth_level', '2'], want: accepted, why: 'valid control' },
  { cert: 'name-ok', flags: ['-purpose', 'sslserver', '-verify_hostname', 'www.good.test'], want: accepted, why: 'valid under the constrained CA' },
  { cert: 'pathlen0-sub', flags: [], want: accepted, why: 'a CA under pathLength 0 is itself fine' },
  ...['root', 'intermediate', 'no-keycertsign-ca', 'not-ca-issuer', 'pathlen0-ca', 'constrained-ca'].map((cert) => ({ cert, flags: [], want: accepted, why: 'issuer of a fixture' })),

  { cert: 'expired', flags: [], want: refused('certificate has expired'), why: 'expired' },
  { cert: 'not-yet-valid', flags: [], want: refused('certificate is not yet valid'), why: 'notYetValid' },

  { cert: 'hostname-mismatch', flags: ['-verify_hostname', 'localhost'], want: refused('hostname mismatch'), why: 'hostname' },
  { cert: 'hostname-mismatch', flags: [], want: accepted, why: 'no host check without -verify_hostname' },
  // OpenSSL falls back to the CN when there is no DNS SAN; no `openssl verify` flag turns that off
  // (X509_CHECK_FLAG_NEVER_CHECK_SUBJECT is API only), and -x509_strict does not either.
  { cert: 'no-san', flags: ['-verify_hostname', 'localhost'], want: accepted, why: 'hostname: accepted by CN fallback' },
  { cert: 'no-san', flags: ['-verify_hostname', 'localhost', '-x509_strict'], want: accepted, why: 'hostname: accepted by CN fallback' },
  { cert: 'no-san', flags: ['-verify_hostname', 'other.test'], want: refused('hostname mismatch'), why: 'the CN is what matched' },

  { cert: 'client-as-server', flags: ['-purpose', 'sslserver'], want: refused('unsuitable certificate purpose'), why: 'purpose' },
  { cert: 'client-as-server', flags: ['-purpose', 'sslclient'], want: accepted, why: 'it is a fine client certificate' },
  { cert: 'server-as-client', flags: ['-purpose', 'sslclient'], want: refused('unsuitable certificate purpose'), why: 'purpose' },
  { cert: 'server-as-client', flags: ['-purpose', 'sslserver'], want: accepted, why: 'it is a fine server certificate' },

  { cert: 'self-signed', flags: [], chain: false, want: refused('self-signed certificate'), why: 'selfSigned' },
  { cert: 'other-root', flags: [], chain: false, want: refused('self-signed certificate'), why: 'selfSigned' },
  { cert: 'untrusted', flags: [], want: refused('unable to get local issuer certificate'), why: 'untrusted (root not sent)' },
  { cert: 'untrusted', flags: ['-untrusted', f.path('other-root.pem')], want: refused('self-signed certificate in certificate chain'), why: 'untrusted (root sent)' },

  // Continue-on-error: `openssl verify`'s callback lets INVALID_CA (and INVALID_PURPOSE) pass so that later errors print too.
  { cert: 'no-keycertsign-leaf', flags: [], want: refused('invalid CA certificate', 'key usage does not include certificate signing'), why: 'notCA' },
  // not-ca-issuer is a plain non-CA (no keyCertSign, RFC 5280 4.2.1.9): refused as a CA on both counts.
  { cert: 'not-ca-leaf', flags: [], want: refused('invalid CA certificate', 'key usage does not include certificate signing'), why: 'notCA' },
  {
    cert: 'not-ca-leaf',
    flags: ['-purpose', 'sslserver'],
    want: refused('invalid CA certificate', 'unsuitable certificate purpose', 'key usage does not include certificate signing'),
    why: 'notCA, then the CA purpose',
  },
  { cert: 'pathlen-exceeded', flags: [], want: refused('path length constraint exceeded'), why: 'pathLength' },
  { cert: 'name-violation', flags: [], want: refused('permitted subtree violation'), why: 'nameConstraints' },

  // OpenSSL 3.0 `verify` sets no security level: RSA-1024 (80 bits) passes level 1 and fails level 2.
  { cert: 'weak-key', flags: [], want: accepted, why: 'weakKey: accepted at the default' },
  { cert: 'weak-key', flags: ['-auth_level', '1'], want: accepted, why: 'weakKey: 80 bits pass level 1' },
  { cert: 'weak-key', flags: ['-auth_level', '2'], want: refused('EE certificate key too weak'), why: 'weakKey' },
  // SHA-1 counts as 63 bits in OpenSSL 3.0, under level 1's 80.
  { cert: 'weak-signature', flags: [], want: accepted, why: 'weakSignature: accepted at the default' },
  { cert: 'weak-signature', flags: ['-auth_level', '0'], want: accepted, why: 'weakSignature: accepted at level 0' },
  { cert: 'weak-signature', flags: ['-auth_level', '1'], want: refused('CA signature digest algorithm too weak'), why: 'weakSignature' },

  { cert: 'revoked', flags: [], want: accepted, why: 'revoked: no CRL check without -crl_check' },
  { cert: 'revoked', flags: ['-crl_check', '-CRLfile', f.path('intermediate.crl.pem')], want: refused('certificate revoked'), why: 'revoked' },
  { cert: 'revoked', flags: ['-crl_check_all', ...CRLS], want: refused('certificate revoked'), why: 'revoked' },
  { cert: 'server', flags: ['-crl_check_all', '-CRLfile', f.path('intermediate.crl.pem')], want: refused('unable to get certificate CRL'), why: '-crl_check_all needs the root CRL too' },
];

/** Each negative fixture, the flags that make OpenSSL refuse it, and the error: the docs table's OpenSSL column. */
const REFUSING_CHECK: Record<string, string> = {
  expired: 'certificate has expired',
  'not-yet-valid': 'certificate is not yet valid',
  'hostname-mismatch': 'hostname mismatch',
  'client-as-server': 'unsuitable certificate purpose',
  'server-as-client': 'unsuitable certificate purpose',
  'self-signed': 'self-signed certificate',
  'other-root': 'self-signed certificate',
  untrusted: 'unable to get local issuer certificate',
  'no-keycertsign-leaf': 'invalid CA certificate',
  'not-ca-leaf': 'invalid CA certificate',
  'pathlen-exceeded': 'path length constraint exceeded',
  'name-violation': 'permitted subtree violation',
  'weak-key': 'EE certificate key too weak',
  'weak-signature': 'CA signature digest algorithm too weak',
  revoked: 'certificate revoked',
};

describe('negative fixtures: openssl verify', { skip: SKIP }, () => {
  it('checks every negative fixture of templates/negative.yaml (and only those and no-san are accepted somewhere)', () => {
    const template = parse(readFileSync(NEGATIVE, 'utf8')) as { certificates: Record<string, { expect?: string }> };
    const negative = Object.entries(template.certificates).filter(([, c]) => (c.expect ?? 'valid') !== 'valid').map(([n]) => n);
    // no-san is the one fixture no `openssl verify` flag refuses: it is checked below instead.
    assert.deepEqual([...negative].sort(), [...Object.keys(REFUSING_CHECK), 'no-san'].sort());
    const tested = new Set(CASES.filter((c) => !c.want.ok).map((c) => c.cert));
    for (const name of Object.keys(REFUSING_CHECK)) assert.ok(tested.has(name), `${name} has no refusing case`);
  });

  it('refuses each fixture with the error its expect names (first error = the documented one)', () => {
    for (const [cert, error] of Object.entries(REFUSING_CHECK)) {
      const c = CASES.find((k) => k.cert === cert && !k.want.ok)!;
      assert.equal(c.want.errors[0], error, `${cert}: the table and the cases disagree`);
    }
  });

  for (const c of CASES) {
    const flags = c.flags.map((a) => (a.startsWith('/') ? a.slice(f.dir.length + 1) : a)).join(' ');
    it(`${c.cert} ${flags || '(defaults)'} → ${c.want.ok ? 'OK' : c.want.errors.join(' + ')}`, () => {
      assert.deepEqual(verify(f, c.cert, c.flags, c.chain ?? true), c.want, `${c.cert} (${c.why})`);
    });
  }

  it('revoked: its CRL distribution point names the CA\'s CRL file, which lists its serial with the reason', () => {
    const cdp = run('openssl', ['x509', '-in', f.path('revoked.pem'), '-noout', '-ext', 'crlDistributionPoints']).stdout;
    assert.match(cdp, /URI:http:\/\/127\.0\.0\.1:8080\/negative\/intermediate\.crl\.der/);
    const serial = run('openssl', ['x509', '-in', f.path('revoked.pem'), '-noout', '-serial']).stdout.trim().replace(/^serial=/, '');
    const crl = run('openssl', ['crl', '-in', f.path('intermediate.crl.der'), '-inform', 'DER', '-noout', '-text']).stdout;
    assert.match(crl, new RegExp(`Serial Number: ${serial}\\s+Revocation Date: .*\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code: \\s*Key Compromise`));
    // The PEM and DER files are the same CRL, and the CA's key signed it.
    const pemDer = run('openssl', ['crl', '-in', f.path('intermediate.crl.pem'), '-outform', 'DER'], { encoding: 'latin1' });
    assert.equal(pemDer.status, 0);
    assert.ok(readFileSync(f.path('intermediate.crl.der')).equals(Buffer.from(pemDer.stdout, 'latin1')), 'the .crl.pem and .crl.der files differ');
    const signed = run('openssl', ['crl', '-in', f.path('intermediate.crl.pem'), '-noout', '-CAfile', f.path('intermediate.pem')]);
    assert.match(signed.stderr + signed.stdout, /verify OK/);
    const empty = run('openssl', ['crl', '-in', f.path('root.crl.pem'), '-noout', '-text']).stdout;
    assert.match(empty, /No Revoked Certificates\./);
  });

  it('no-san: refused by Python cryptography\'s verifier (no CN fallback), where it is installed', (t) => {
    const probe = run('python3', ['-c', 'import cryptography.x509.verification']);
    if (probe.status !== 0) return t.skip('python3 with cryptography >= 42 not installed');
    const script = `
import sys
from cryptography import x509
from cryptography.x509.verification import PolicyBuilder, Store
load = lambda n: x509.load_pem_x509_certificate(open(n, 'rb').read())
d = sys.argv[1]
verifier = PolicyBuilder().store(Store([load(d + '/root.pem')])).build_server_verifier(x509.DNSName('localhost'))
for name in ['server', 'no-san']:
    try:
        verifier.verify(load(d + '/' + name + '.pem'), [load(d + '/intermediate.pem')])
        print(name, 'OK')
    except Exception as e:
        print(name, 'refused:', e)
`;
    const r = run('python3', ['-c', script, f.dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^server OK$/m);
    assert.match(r.stdout, /^no-san refused: .*leaf server certificate has no subjectAltName/m);
  });
});

describe('expired CRL (test/fixtures/expired-crl.yaml): openssl verify', { skip: SKIP }, () => {
  let e: WrittenFixture;
  before(async () => {
    e = await build(readFileSync(EXPIRED_CRL, 'utf8'), { file: 'test/fixtures/expired-crl.yaml' });
  });

  it('server is accepted without CRLs and refused with "CRL has expired" under -crl_check', () => {
    assert.deepEqual(verify(e, 'server'), accepted);
    assert.deepEqual(verify(e, 'server', ['-crl_check', '-CRLfile', e.path('intermediate.crl.pem')]), refused('CRL has expired'));
    const crl = run('openssl', ['crl', '-in', e.path('intermediate.crl.pem'), '-noout', '-nextupdate']).stdout;
    const nextUpdate = new Date(crl.trim().replace(/^nextUpdate=/, ''));
    assert.ok(nextUpdate.getTime() < Date.now(), `nextUpdate ${crl} is not in the past`);
  });
});
