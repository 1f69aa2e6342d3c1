/**
 * createCA / ca.issue / ca.createIntermediate / handles, imported as a user imports them (the
 * package name resolves to dist/ through package.json "exports"). Every TLS claim is a real
 * handshake on loopback, with negative controls (trustme's check_connection_end_to_end): a
 * foreign CA, a wrong host name, a certificate used for the wrong purpose, a missing client
 * certificate must each fail, and for the reason expected.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { inspect } from 'node:util';
import { CertgenError, createCA, generate, type CaHandle, type CertificateHandle } from 'certgen';
import { haveTool, run, tmpDir } from '../helpers/tools.js';
import { handshake, sha256Hex } from './tls.js';

const spkiSha256 = (cert: X509Certificate): string =>
  createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
/** The DER of the ecdsa-with-SHA384 OID (1.2.840.10045.4.3.3). */
const ECDSA_WITH_SHA384 = '06082a8648ce3d040303';
const pemCount = (pem: string): number => pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;

async function rejects(promise: Promise<unknown>, file: string, path: readonly (string | number)[], detail: RegExp): Promise<CertgenError> {
  const error = await promise.then(
    () => assert.fail('expected a CertgenError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CertgenError, `not a CertgenError: ${String(error)}`);
  assert.equal(error.file, file);
  assert.deepEqual(error.path, path);
  assert.match(error.detail, detail);
  return error;
}

describe('createCA', () => {
  it('makes a self-signed root CA with the root profile (P-256, CA:TRUE, keyCertSign)', async () => {
    const ca = await createCA({ subject: 'CN=Test CA,O=certgen' });
    assert.equal(ca.name, 'ca');
    assert.equal(ca.role, 'root');
    assert.equal(ca.info.profile, 'root');
    assert.equal(ca.info.keyAlgorithm, 'ECDSA P-256');
    assert.equal(ca.x509.subject, 'O=certgen\nCN=Test CA');
    assert.equal(ca.x509.ca, true);
    assert.ok(ca.x509.checkIssued(ca.x509));
    assert.equal(ca.fullchainPem, ca.certPem);
    assert.equal(ca.rootPem, ca.certPem);
    assert.equal(ca.certSha256, sha256Hex(ca.x509.fingerprint256));
    assert.equal(ca.spkiSha256, spkiSha256(ca.x509));
    assert.match(ca.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.deepEqual(new X509Certificate(ca.der).raw, ca.x509.raw);
  });

  it('honours the template fields (key, validity, pathLength)', async () => {
    const ca = await createCA({ name: 'rsa-root', key: 'rsa2048', validity: { days: 10 }, pathLength: 1 });
    assert.equal(ca.info.keyAlgorithm, 'RSA 2048');
    assert.equal(ca.x509.subject, 'CN=rsa-root');
    const days = (Date.parse(ca.info.notAfter) - Date.parse(ca.info.notBefore)) / 86400e3;
    assert.equal(days, 10);
    const leaf = await ca.issue();
    assert.ok(leaf.x509.verify(ca.x509.publicKey));
  });

  it('reports invalid options as CertgenError located in the call, with the template messages', async () => {
    await rejects(createCA({ key: 'p257' } as never), 'createCA()', ['key'], /must be one of "p256"/);
    await rejects(createCA({ name: 'Bad Name' }), 'createCA()', ['name'], /invalid name/);
    await rejects(createCA({ issuer: 'x' } as never), 'createCA()', ['issuer'], /self-signed/);
    const e = await rejects(createCA({ validity: { notBefore: '1d', notAfter: '-1d' } }), 'createCA()', ['validity', 'notAfter'], /is before notBefore/);
    assert.match(e.message, /^createCA\(\): validity.notAfter: notAfter/);
  });
});

describe('ca.issue', () => {
  it('issues a server leaf by default: serverAuth only, SAN localhost/127.0.0.1/::1, AKI = CA SKI', async () => {
    const ca = await createCA();
    const leaf = await ca.issue();
    assert.equal(leaf.name, 'server');
    assert.equal(leaf.role, 'leaf');
    assert.deepEqual(leaf.info.extKeyUsage, ['serverAuth']);
    assert.deepEqual(leaf.info.subjectAltNames, ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
    assert.equal(leaf.info.issuer, 'ca');
    assert.equal(leaf.x509.ca, false);
    assert.ok(leaf.x509.checkIssued(ca.x509) && leaf.x509.verify(ca.x509.publicKey));
    assert.equal(leaf.x509.checkHost('localhost'), 'localhost');
    assert.equal(leaf.certSha256, sha256Hex(leaf.x509.fingerprint256));
    assert.equal(leaf.spkiSha256, spkiSha256(leaf.x509));
    // Issued by the root: the full chain is the leaf alone; the root is what peers trust.
    assert.equal(leaf.fullchainPem, leaf.certPem);
    assert.equal(leaf.rootPem, ca.certPem);
    // Fresh key and serial each time.
    const again = await ca.issue({ name: 'server-2' });
    assert.notEqual(again.spkiSha256, leaf.spkiSha256);
    assert.notEqual(again.info.serialNumber, leaf.info.serialNumber);
  });

  it('takes every template certificate field (profile, subject, san, key, extKeyUsage)', async () => {
    const ca = await createCA({ key: 'p384' });
    const client = await ca.issue({ profile: 'client', subject: { CN: 'alice', O: 'Example' }, key: 'ed25519' });
    assert.equal(client.name, 'client');
    assert.deepEqual(client.info.extKeyUsage, ['clientAuth']);
    assert.deepEqual(client.info.subjectAltNames, []);
    assert.equal(client.info.keyAlgorithm, 'Ed25519');
    assert.equal(client.info.subject, 'CN=alice,O=Example');
    // Signed by the P-384 CA: SHA-384 by default, as in a template.
    assert.ok(Buffer.from(client.der).includes(Buffer.from(ECDSA_WITH_SHA384, 'hex')));
    assert.ok(client.x509.verify(ca.x509.publicKey));
    const odd = await ca.issue({ name: 'odd', profile: 'none', extKeyUsage: ['codeSigning'], san: ['DNS:a.test', 'URI:spiffe://x/y'] });
    assert.deepEqual(odd.info.extKeyUsage, ['codeSigning']);
    assert.deepEqual(odd.info.subjectAltNames, ['DNS:a.test', 'URI:spiffe://x/y']);
  });

  it('refuses bad options with the template messages, located in ca.issue()', async () => {
    const ca = await createCA();
    const e = await rejects(ca.issue({ san: ['bad host!'] }), 'ca.issue()', ['san', 0], /not a DNS name/);
    assert.match(e.message, /^ca\.issue\(\): san\[0\]: /);
    await rejects(ca.issue({ profil: 'server' } as never), 'ca.issue()', ['profil'], /unknown field/);
    await rejects(ca.issue({ issuer: 'ca' } as never), 'ca.issue()', ['issuer'], /the CA this is called on/);
    await rejects(ca.issue({ name: 'ca' }), 'ca.issue()', ['name'], /already names a certificate of this chain/);
    await rejects(ca.issue({ pss: true }), 'ca.issue()', ['pss'], /RSA-PSS needs an RSA issuer key/);
  });

  it('creates intermediates whose leaves carry the intermediate in fullchainPem', async () => {
    const root = await createCA({ subject: 'CN=Root' });
    const intermediate = await root.createIntermediate({ pathLength: 0 });
    assert.equal(intermediate.name, 'intermediate');
    assert.equal(intermediate.role, 'intermediate');
    assert.equal(intermediate.rootPem, root.certPem);
    assert.equal(intermediate.fullchainPem, intermediate.certPem);
    const leaf = await intermediate.issue();
    assert.equal(pemCount(leaf.fullchainPem), 2);
    assert.equal(leaf.fullchainPem, leaf.certPem + intermediate.certPem);
    assert.equal(leaf.rootPem, root.certPem);
    assert.equal(leaf.info.issuerSubject, 'CN=intermediate');
    // Default names stay unique along a chain.
    const deeper: CaHandle = await intermediate.createIntermediate();
    assert.equal(deeper.name, 'intermediate-2');
  });

  it('with a seed, gives byte-identical results to the same certificates in a seeded template', async () => {
    const ca = await createCA({ seed: 'api-test' });
    const server = await ca.issue();
    const client = await ca.issue({ profile: 'client', name: 'alice' });
    const set = await generate({ version: 1, seed: 'api-test', certificates: { ca: {}, server: { issuer: 'ca' }, alice: { issuer: 'ca', profile: 'client' } } });
    for (const [mine, theirs] of [
      [ca, set.certificates.ca!],
      [server, set.certificates.server!],
      [client, set.certificates.alice!],
    ] as const) {
      assert.equal(mine.certPem, theirs.certPem);
      assert.equal(mine.keyPem, theirs.keyPem);
      assert.deepEqual(mine.info, theirs.info);
    }
    assert.equal((await createCA({ seed: 'api-test' })).certPem, ca.certPem);
    assert.equal(server.info.notAfter, '9999-12-31T23:59:59Z');
  });

  it('runs on the peculiar engine too', async () => {
    const ca = await createCA({ engine: 'peculiar' });
    const leaf = await ca.issue();
    assert.ok(leaf.x509.verify(ca.x509.publicKey));
  });
});

describe('handles', () => {
  it('are frozen, keep the key out of inspect/JSON/spreads, and copy their DER', async () => {
    const ca = await createCA();
    const leaf = await ca.issue();
    assert.ok(Object.isFrozen(leaf) && Object.isFrozen(leaf.info) && Object.isFrozen(leaf.info.extKeyUsage));
    assert.throws(() => {
      (leaf as { certPem: string }).certPem = 'x';
    }, TypeError);
    for (const text of [inspect(leaf), inspect(ca, { depth: 5 }), JSON.stringify(leaf), JSON.stringify({ ...leaf })]) {
      assert.doesNotMatch(text, /PRIVATE KEY/);
    }
    assert.match(inspect(leaf), /keyPem: '\[elided\]'/);
    assert.ok(!Object.keys(leaf).includes('keyPem'));
    leaf.der.fill(0);
    assert.equal(leaf.x509.fingerprint256, new X509Certificate(leaf.certPem).fingerprint256);
  });

  it('serverOptions/clientOptions: mutual TLS on loopback, the server sees the client leaf', async () => {
    const ca = await createCA();
    const server = await ca.issue();
    const client = await ca.issue({ profile: 'client' });
    const outcome = await handshake(server.serverOptions({ requestCert: true }), client.clientOptions());
    assert.deepEqual(outcome, { ok: true, seen: { authorized: true, authorizationError: '', peerSha256: client.certSha256 } });
    assert.deepEqual(server.serverOptions(), { key: server.keyPem, cert: server.fullchainPem, ca: ca.certPem });
    assert.deepEqual(client.clientOptions(), { key: client.keyPem, cert: client.fullchainPem, ca: ca.certPem });
    assert.deepEqual(client.trustOptions(), { ca: ca.certPem });
  });

  it('mutual TLS through an intermediate: both sides send their full chains', async () => {
    const root = await createCA();
    const intermediate = await root.createIntermediate();
    const server = await intermediate.issue();
    const client = await intermediate.issue({ profile: 'client' });
    const outcome = await handshake(server.serverOptions({ requestCert: true }), client.clientOptions());
    assert.ok(outcome.ok && outcome.seen.authorized, JSON.stringify(outcome));
  });

  describe('negative controls', () => {
    let ca: CaHandle, other: CaHandle, server: CertificateHandle;
    const setup = async () => {
      ca ??= await createCA();
      other ??= await createCA({ name: 'other' });
      server ??= await ca.issue();
    };

    it('a client trusting another CA refuses the server', async () => {
      await setup();
      const outcome = await handshake(server.serverOptions(), other.trustOptions());
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? '' : outcome.code, /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
    });

    it('a wrong host name is refused', async () => {
      await setup();
      const outcome = await handshake(server.serverOptions(), { ...server.trustOptions(), servername: 'example.com' });
      assert.equal(outcome.ok ? '' : outcome.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    });

    it('a clientAuth-only certificate is refused as a server certificate', async () => {
      await setup();
      const notServer = await ca.issue({ name: 'not-server', profile: 'client', san: ['127.0.0.1'] });
      const outcome = await handshake(notServer.serverOptions(), ca.trustOptions());
      assert.equal(outcome.ok ? '' : outcome.code, 'INVALID_PURPOSE');
    });

    it('a serverAuth-only certificate, or one from another CA, is refused as a client certificate', async () => {
      await setup();
      const lenient = { ...server.serverOptions(), requestCert: true, rejectUnauthorized: false };
      const notClient = await ca.issue({ name: 'not-client' });
      const a = await handshake(lenient, notClient.clientOptions());
      assert.deepEqual(a.ok && { authorized: a.seen.authorized, error: a.seen.authorizationError }, { authorized: false, error: 'INVALID_PURPOSE' });
      const foreign = await other.issue({ profile: 'client' });
      const b = await handshake(lenient, { ...foreign.clientOptions(), ca: server.rootPem });
      assert.ok(b.ok && !b.seen.authorized && b.seen.peerSha256 === foreign.certSha256, JSON.stringify(b));
      // With requestCert, the strict server drops it, and one without a certificate.
      const strict = server.serverOptions({ requestCert: true });
      assert.equal((await handshake(strict, { ...foreign.clientOptions(), ca: server.rootPem })).ok, false);
      assert.equal((await handshake(strict, server.trustOptions())).ok, false);
    });
  });

  it('toPkcs12: key + chain up to the root, loadable by Node, refused with a wrong password', async () => {
    const root = await createCA();
    const intermediate = await root.createIntermediate();
    const server = await intermediate.issue();
    for (const encryption of ['aes256', 'legacy'] as const) {
      const pfx = Buffer.from(await server.toPkcs12({ password: 's3cret', encryption, iterations: 1000 }));
      const outcome = await handshake({ pfx, passphrase: 's3cret' }, server.trustOptions());
      assert.ok(outcome.ok, JSON.stringify(outcome));
    }
    const pfx = Buffer.from(await server.toPkcs12());
    assert.ok((await handshake({ pfx, passphrase: 'changeit' }, root.trustOptions())).ok);
    assert.throws(() => createSecureContext({ pfx, passphrase: 'wrong' }), /mac verify failure/);
    if (haveTool('openssl')) {
      const dir = tmpDir();
      writeFileSync(join(dir, 'server.p12'), pfx);
      const info = run('openssl', ['pkcs12', '-info', '-nokeys', '-passin', 'pass:changeit', '-in', join(dir, 'server.p12')]);
      rmSync(dir, { recursive: true });
      assert.equal(info.status, 0, info.stderr);
      assert.equal(pemCount(info.stdout), 3, 'leaf, intermediate and root');
      assert.match(info.stdout, /friendlyName: server/);
    }
    if (haveTool('keytool')) {
      const dir = tmpDir();
      writeFileSync(join(dir, 'server.p12'), pfx);
      const list = run('keytool', ['-list', '-storetype', 'PKCS12', '-keystore', join(dir, 'server.p12'), '-storepass', 'changeit']);
      rmSync(dir, { recursive: true });
      assert.equal(list.status, 0, list.stdout + list.stderr);
      assert.match(list.stdout, /^server, .*PrivateKeyEntry/m);
    }
    await rejects(server.toPkcs12({ password: 'pässword' }), 'toPkcs12()', [], /printable ASCII/);
    await rejects(server.toPkcs12({ encryption: 'rc2' as never }), 'toPkcs12()', ['encryption'], /must be one of/);
  });
});
