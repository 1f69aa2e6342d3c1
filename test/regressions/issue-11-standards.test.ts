/**
 * Issue 11, items 17-20, against OpenSSL and Python `cryptography`: times before 1950 encoded as
 * GeneralizedTime (RFC 5280 4.1.2.5) instead of refused; a self-signed leaf's AKI is its own SKI
 * (RFC 5280 4.2.1.1); a CRL signed with the hash its CA's key calls for, not the one the CA's own
 * certificate was signed with; a profile's keyCertSign/cRLSign dropped when `ca: false`, so
 * negative.yaml's `not-ca-issuer` is the valid certificate its documentation says it is.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../helpers/cli.js';
import { fixtureBuilder } from '../helpers/fixture.js';
import { run, skipWithout } from '../helpers/tools.js';

const build = fixtureBuilder();
const openssl = (args: readonly string[]) => {
  const r = run('openssl', args);
  assert.equal(r.status, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

describe('issue 11: standards', () => {
  it('17: a notBefore in 1949 is written as GeneralizedTime, which OpenSSL and Python read back', async (t) => {
    if (skipWithout(t, ['openssl', 'python3'])) return;
    const f = await build({ version: 1, certificates: { old: { validity: { notBefore: '1949-06-30T12:00:00Z', notAfter: '2049-12-31T23:59:59Z' } } } });
    assert.equal(f.manifest.certificates['old']!.notBefore, '1949-06-30T12:00:00Z');
    const parsed = openssl(['asn1parse', '-in', f.path('old.pem')]);
    assert.match(parsed, /GENERALIZEDTIME\s+:19490630120000Z/);
    assert.match(parsed, /UTCTIME\s+:491231235959Z/, 'notAfter in 2049 stays UTCTime');
    assert.match(openssl(['x509', '-in', f.path('old.pem'), '-noout', '-startdate']), /notBefore=Jun 30 12:00:00 1949 GMT/);
    const py = run('python3', ['-c', 'import sys; from cryptography import x509; print(x509.load_pem_x509_certificate(open(sys.argv[1],"rb").read()).not_valid_before_utc.isoformat())', f.path('old.pem')]);
    assert.equal(py.stdout.trim(), '1949-06-30T12:00:00+00:00', py.stderr);
  });

  it('18: a self-signed leaf carries an AKI equal to its SKI; a self-signed CA still omits it', async (t) => {
    if (skipWithout(t, 'openssl')) return;
    const f = await build({ version: 1, certificates: { leaf: { profile: 'server' }, root: {} } });
    const ext = (name: string, which: string) => openssl(['x509', '-in', f.path(`${name}.pem`), '-noout', '-ext', which]);
    const ski = /Subject Key Identifier:\s*\n\s*([0-9A-F:]+)/.exec(ext('leaf', 'subjectKeyIdentifier'))![1]!;
    const aki = /Authority Key Identifier:\s*\n\s*(?:keyid:)?([0-9A-F:]+)/.exec(ext('leaf', 'authorityKeyIdentifier'))?.[1];
    assert.equal(aki, ski);
    // Negative control: the self-signed CA has no AKI (RFC 5280 lets it omit one).
    assert.doesNotMatch(ext('root', 'authorityKeyIdentifier'), /Authority Key Identifier/);
  });

  it("19: a CRL is signed with the hash its CA's key calls for, whatever signed the CA", async (t) => {
    if (skipWithout(t, 'openssl')) return;
    const f = await build({
      version: 1,
      certificates: {
        root: { key: 'p521', crl: { revoked: [] } },
        ec: { issuer: 'root', profile: 'intermediate', crl: { revoked: [] } },
        p384: { issuer: 'root', profile: 'intermediate', key: 'p384', crl: { revoked: [] } },
        rsa: { issuer: 'root', profile: 'intermediate', key: 'rsa4096', crl: { revoked: [] } },
      },
    });
    const expected: Record<string, RegExp> = { root: /ecdsa-with-SHA512/, ec: /ecdsa-with-SHA256/, p384: /ecdsa-with-SHA384/, rsa: /sha256WithRSAEncryption/ };
    for (const [ca, algorithm] of Object.entries(expected)) {
      const text = openssl(['crl', '-in', f.path(`${ca}.crl.pem`), '-noout', '-text']);
      assert.match(text, new RegExp(`Signature Algorithm: ${algorithm.source}`), ca);
      // The signature verifies with the CA's key.
      const verified = run('openssl', ['crl', '-in', f.path(`${ca}.crl.pem`), '-noout', '-CAfile', f.path(`${ca}.pem`)]);
      assert.match(verified.stderr + verified.stdout, /verify OK/, ca);
    }
    // The CAs themselves are signed by the P-521 root with SHA-512: the CRLs do not copy that.
    assert.match(openssl(['x509', '-in', f.path('ec.pem'), '-noout', '-text']), /Signature Algorithm: ecdsa-with-SHA512/);
  });

  it("20: negative.yaml's not-ca-issuer has no keyCertSign/cRLSign and passes openssl verify -x509_strict; its leaf is still refused", async (t) => {
    if (skipWithout(t, 'openssl')) return;
    const f = await build(readFileSync(join(REPO, 'templates/negative.yaml'), 'utf8'), { file: 'templates/negative.yaml' });
    const ku = openssl(['x509', '-in', f.path('not-ca-issuer.pem'), '-noout', '-ext', 'keyUsage,basicConstraints']);
    assert.match(ku, /CA:FALSE/);
    assert.match(ku, /Digital Signature/);
    assert.doesNotMatch(ku, /Certificate Sign|CRL Sign/);
    const verify = (leafChain: string[]) => run('openssl', ['verify', '-x509_strict', '-CAfile', f.path('root.pem'), ...leafChain]);
    const issuer = verify([f.path('not-ca-issuer.pem')]);
    assert.equal(issuer.status, 0, issuer.stdout + issuer.stderr);
    // Negative control: a leaf it issued is refused (it is not a CA).
    const leaf = verify(['-untrusted', f.path('not-ca-issuer.pem'), f.path('not-ca-leaf.pem')]);
    assert.notEqual(leaf.status, 0);
    assert.match(leaf.stdout + leaf.stderr, /invalid CA certificate/);
    // An explicit keyUsage is kept as written, even on a non-CA.
    assert.match(openssl(['x509', '-in', f.path('no-keycertsign-ca.pem'), '-noout', '-ext', 'keyUsage']), /CRL Sign/);
  });
});
