/**
 * src/verify/ on sets built in memory: the documented order of checks (a certificate with two
 * defects reports the one OpenSSL reports first), and the rules the shipped negative set does not
 * exercise: excluded and IP name constraints, anyExtendedKeyUsage, dual purposes, RSA-PSS hashes,
 * CRL time windows, non-root trust anchors, and validity judged at a seeded set's epoch.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { produceSet } from '../../src/api/pipeline.js';
import { pemBlocks } from '../../src/stores/pem.js';
import { parseTemplate } from '../../src/template/load.js';
import { verifySet, type VerifyRow } from '../../src/verify/verify-set.js';

/** Builds `yaml` in memory and verifies it at `at` (default: the set's epoch). */
async function verifyYaml(yaml: string, at?: Date): Promise<Map<string, VerifyRow>> {
  const packaged = await produceSet(parseTemplate(yaml, 'unit.yaml'), { now: new Date('2026-01-01T00:00:00Z') });
  const set = packaged.issued.resolved;
  const file = (name: string) => packaged.files.find((f) => f.name === name)!.bytes;
  const certificates = new Map(set.certificates.map((c) => [c.name, pemBlocks(new TextDecoder().decode(file(`${c.name}.pem`)))[0]!.der]));
  const crls = new Map(set.crls.map((c) => [c.issuer, file(`${c.issuer}.crl.der`)]));
  return new Map(verifySet(set, { certificates, crls }, at ?? set.epoch).map((r) => [r.cert, r]));
}

const observed = (rows: Map<string, VerifyRow>) => Object.fromEntries([...rows].map(([n, r]) => [n, r.observed]));

describe('verify: order of checks', () => {
  it('reports the first defect in OpenSSL\'s order', async () => {
    const rows = await verifyYaml(`
version: 1
trust: [root]
certificates:
  root: {}
  other: {}
  ca: { issuer: root, profile: intermediate }
  # hostname (check_id) comes before validity (internal_verify)
  expired-and-mismatch: { issuer: ca, san: [DNS:other.test], validity: { notBefore: -60d, notAfter: -30d } }
  # the end-entity key is checked before the chain is built
  weak-and-untrusted: { issuer: other, key: { type: rsa, size: 1024 } }
  # purpose (check_extensions) comes before hostname
  purpose-and-mismatch: { issuer: ca, extKeyUsage: [clientAuth], san: [DNS:other.test] }
  # revocation comes before validity
  revoked-and-expired: { issuer: ca, validity: { notBefore: -60d, notAfter: -30d } }
  ca-crl-holder: { issuer: root, profile: intermediate, crl: { revoked: [] } }
`);
    assert.equal(rows.get('expired-and-mismatch')!.observed, 'hostname');
    assert.equal(rows.get('weak-and-untrusted')!.observed, 'weakKey');
    assert.equal(rows.get('purpose-and-mismatch')!.observed, 'purpose');
    assert.equal(rows.get('other')!.observed, 'selfSigned');
    assert.equal(rows.get('revoked-and-expired')!.observed, 'expired'); // ca has no CRL here: not checked
  });

  it('revocation before validity; CRL windows; a root checked against its own CRL', async () => {
    const rows = await verifyYaml(`
version: 1
certificates:
  root: { crl: { revoked: [], nextUpdate: 10y } }
  ca: { issuer: root, profile: intermediate, crl: { revoked: [gone] } }
  gone: { issuer: ca, validity: { notBefore: -60d, notAfter: -30d }, expect: revoked }
  kept: { issuer: ca }
  late: { issuer: root, profile: intermediate, crl: { revoked: [], thisUpdate: 1d, nextUpdate: 30d } }
  under-late: { issuer: late }
`);
    assert.deepEqual(observed(rows), { root: 'valid', ca: 'valid', gone: 'revoked', kept: 'valid', late: 'valid', 'under-late': 'crlNotYetValid' });
  });
});

describe('verify: rules', () => {
  it('name constraints: excluded DNS subtrees, IP ranges, subdomain-only bases, the CN of a SAN-less leaf', async () => {
    const rows = await verifyYaml(`
version: 1
certificates:
  root: {}
  nc: { issuer: root, profile: intermediate, nameConstraints: { permitted: [DNS:good.test, IP:10.0.0.0/8], excluded: [DNS:bad.good.test] } }
  ok-dns: { issuer: nc, san: [DNS:a.good.test, IP:10.1.2.3], checkHost: a.good.test }
  excluded: { issuer: nc, san: [DNS:x.bad.good.test], checkHost: x.bad.good.test }
  outside-ip: { issuer: nc, san: [DNS:good.test, IP:127.0.0.1], checkHost: good.test }
  cn-only: { issuer: nc, profile: client, subject: CN=www.evil.test, san: [] }
  dot: { issuer: root, profile: intermediate, nameConstraints: { permitted: [DNS:.sub.test] } }
  apex: { issuer: dot, san: [DNS:sub.test], checkHost: sub.test }
  below: { issuer: dot, san: [DNS:a.sub.test], checkHost: a.sub.test }
`);
    assert.equal(rows.get('ok-dns')!.observed, 'valid');
    assert.equal(rows.get('excluded')!.observed, 'nameConstraints');
    assert.match(rows.get('excluded')!.detail, /DNS:x\.bad\.good\.test is in the excluded subtrees of nc/);
    assert.equal(rows.get('outside-ip')!.observed, 'nameConstraints');
    assert.match(rows.get('outside-ip')!.detail, /IP:127\.0\.0\.1 is outside the permitted/);
    assert.equal(rows.get('cn-only')!.observed, 'nameConstraints');
    assert.equal(rows.get('apex')!.observed, 'nameConstraints');
    assert.equal(rows.get('below')!.observed, 'valid');
  });

  it('purposes follow OpenSSL: anyExtendedKeyUsage is not serverAuth; dual needs both; keyUsage counts', async () => {
    const rows = await verifyYaml(`
version: 1
certificates:
  root: {}
  any: { issuer: root, extKeyUsage: [any] }
  dual-server-only: { issuer: root, profile: dual, extKeyUsage: [serverAuth] }
  dual: { issuer: root, profile: dual }
  no-eku: { issuer: root, extKeyUsage: [] }
  ku-wrong: { issuer: root, keyUsage: [cRLSign] }
  ca-eku: { issuer: root, profile: intermediate, extKeyUsage: [clientAuth] }
  under-ca-eku: { issuer: ca-eku }
`);
    assert.deepEqual(observed(rows), {
      root: 'valid',
      any: 'purpose',
      'dual-server-only': 'purpose',
      dual: 'valid',
      'no-eku': 'valid',
      'ku-wrong': 'purpose',
      'ca-eku': 'valid',
      'under-ca-eku': 'purpose',
    });
    assert.match(rows.get('dual-server-only')!.detail, /lacks clientAuth \(TLS client\)/);
  });

  it('signature hashes: RSA-PSS with SHA-256 is fine, RSA-PSS with SHA-1 and ECDSA with SHA-1 are weak; a SHA-1 trust anchor is not', async () => {
    const rows = await verifyYaml(`
version: 1
certificates:
  root: { key: rsa2048, hash: sha1 }
  pss256: { issuer: root, pss: true, hash: sha256 }
  pss1: { issuer: root, pss: true, hash: sha1 }
  ec-ca: { issuer: root, profile: intermediate }
  ecdsa1: { issuer: ec-ca, hash: sha1 }
`);
    assert.deepEqual(observed(rows), { root: 'valid', pss256: 'valid', pss1: 'weakSignature', 'ec-ca': 'valid', ecdsa1: 'weakSignature' });
  });

  it('checkHost: IP literals match IP SANs only; DNS names never match the CN', async () => {
    const rows = await verifyYaml(`
version: 1
certificates:
  root: {}
  v4: { issuer: root, checkHost: 127.0.0.1 }
  v6: { issuer: root, checkHost: "::1" }
  dns-only: { issuer: root, san: [localhost], checkHost: 127.0.0.1 }
  ip-in-cn: { issuer: root, subject: CN=127.0.0.1, san: [DNS:localhost], checkHost: 127.0.0.1 }
  client-host: { issuer: root, profile: client, san: [DNS:client.test], checkHost: client.test }
`);
    assert.deepEqual(observed(rows), { root: 'valid', v4: 'valid', v6: 'valid', 'dns-only': 'hostname', 'ip-in-cn': 'hostname', 'client-host': 'valid' });
  });

  it('a non-root trust anchor ends the chain there (like -partial_chain)', async () => {
    const rows = await verifyYaml(`
version: 1
trust: [ca]
certificates:
  root: { expect: selfSigned }
  ca: { issuer: root, profile: intermediate }
  leaf: { issuer: ca }
`);
    assert.deepEqual(observed(rows), { root: 'selfSigned', ca: 'valid', leaf: 'valid' });
  });

  it('seeded sets are judged at their epoch (2019-06-01), not now', async () => {
    const yaml = `
version: 1
seed: unit
certificates:
  root: {}
  leaf: { issuer: root, validity: { notAfter: 2020-01-01T00:00:00Z } }
`;
    assert.equal((await verifyYaml(yaml)).get('leaf')!.observed, 'valid');
    assert.equal((await verifyYaml(yaml, new Date('2026-01-01T00:00:00Z'))).get('leaf')!.observed, 'expired');
  });
});
