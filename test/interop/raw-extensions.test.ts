/**
 * Raw `extensions` and `caIssuers` against OpenSSL and Python `cryptography`: a checked raw value
 * is one DER TLV and parses; `malformed: true` writes it unchecked (the negative control: the
 * parsers refuse it); a raw entry with a computed extension's OID replaces it, so a certificate never
 * carries two SANs unless `malformed: true` asks for exactly that.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtureBuilder } from '../helpers/fixture.js';
import { run, skipWithout } from '../helpers/tools.js';

const build = fixtureBuilder();
const OTHER_TEST_SAN = '300c820a6f746865722e74657374'; // SEQUENCE { [2] "other.test" }

/** Python: the certificate's extension OIDs, or the exception's class name (exit 3). */
function pythonExtensions(file: string): { ok: boolean; out: string } {
  const script = [
    'import sys',
    'from cryptography import x509',
    'try:',
    '    c = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read())',
    '    print(" ".join(e.oid.dotted_string for e in c.extensions))',
    'except Exception as e:',
    '    print(type(e).__name__); sys.exit(3)',
  ].join('\n');
  const r = run('python3', ['-c', script, file]);
  assert.ok(r.status === 0 || r.status === 3, r.stderr);
  return { ok: r.status === 0, out: r.stdout.trim() };
}

describe('raw extensions and caIssuers', () => {
  const template = {
    version: 1,
    certificates: {
      root: {},
      aia: { issuer: 'root', ocsp: ['http://ocsp.test/'], caIssuers: ['http://ca.test/root.cer', 'http://mirror.test/root.cer'] },
      replaced: { issuer: 'root', san: ['localhost'], extensions: [{ oid: '2.5.29.17', value: OTHER_TEST_SAN }] },
      second: { issuer: 'root', san: ['localhost'], extensions: [{ oid: '2.5.29.17', value: OTHER_TEST_SAN, malformed: true }] },
      broken: { issuer: 'root', profile: 'none', extensions: [{ oid: '2.5.29.19', value: '300d', malformed: true, critical: true }] },
    },
  };

  it('caIssuers is written as AIA caIssuers after the OCSP responders', async (t) => {
    if (skipWithout(t, 'openssl')) return;
    const f = await build(template);
    const r = run('openssl', ['x509', '-in', f.path('aia.pem'), '-noout', '-ext', 'authorityInfoAccess']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /OCSP - URI:http:\/\/ocsp\.test\/\s+CA Issuers - URI:http:\/\/ca\.test\/root\.cer\s+CA Issuers - URI:http:\/\/mirror\.test\/root\.cer/);
  });

  it('a checked raw SAN replaces the computed one (one SAN); malformed: true writes a second, which Python refuses', async (t) => {
    if (skipWithout(t, ['openssl', 'python3'])) return;
    const f = await build(template);
    const replaced = pythonExtensions(f.path('replaced.pem'));
    assert.ok(replaced.ok, replaced.out);
    assert.equal(replaced.out.split(' ').filter((o) => o === '2.5.29.17').length, 1);
    const text = run('openssl', ['x509', '-in', f.path('replaced.pem'), '-noout', '-ext', 'subjectAltName']).stdout;
    assert.match(text, /DNS:other\.test/);
    assert.doesNotMatch(text, /localhost/);
    // Negative control: the duplicate that malformed: true asked for.
    assert.deepEqual(pythonExtensions(f.path('second.pem')), { ok: false, out: 'DuplicateExtension' });
  });

  it('a malformed value is written as given, and the parsers refuse the extension', async (t) => {
    if (skipWithout(t, ['openssl', 'python3'])) return;
    const f = await build(template);
    // Extension ::= SEQUENCE { 2.5.29.19, critical TRUE, OCTET STRING { 30 0d } }: the bytes as given.
    const der = Buffer.from(run('openssl', ['x509', '-in', f.path('broken.pem'), '-outform', 'DER'], { encoding: 'latin1' }).stdout, 'latin1');
    assert.ok(der.includes(Buffer.from('300c0603551d130101ff0402300d', 'hex')));
    const py = pythonExtensions(f.path('broken.pem'));
    assert.equal(py.ok, false, py.out);
    const dump = run('openssl', ['x509', '-in', f.path('broken.pem'), '-noout', '-ext', 'basicConstraints']);
    assert.doesNotMatch(dump.stdout, /CA:(TRUE|FALSE)/);
  });
});
