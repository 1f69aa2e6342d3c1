/**
 * templates/negative.yaml through real Node `tls` handshakes on 127.0.0.1 (Node 20, its OpenSSL
 * 3.0). Server fixtures: the server presents the fixture with its chain (`<name>.fullchain.pem`),
 * the client trusts the set's anchor (`ca: root.pem`, `servername: 'localhost'`) and the test
 * asserts the error the client gets. Client fixtures: the server runs with `requestCert: true,
 * rejectUnauthorized: false` and asserts `socket.authorizationError` (a Node server that
 * rejects drops the client without an alert, so the reason is only visible this way).
 *
 * Node reports the LAST error OpenSSL recorded for a chain (its verify callback never stops
 * verification), which is why the CA:FALSE issuer shows as INVALID_PURPOSE here, and errors
 * without a Node name come as code UNSPECIFIED with OpenSSL's text as the message. Where Node
 * accepts a fixture at its defaults (RSA-1024, CN-only, no CRL given) that is asserted, with the
 * setting that makes it refuse. docs/negative-fixtures.md is this table.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import tls from 'node:tls';
import { REPO } from '../helpers/cli.js';
import { fixtureBuilder, type WrittenFixture } from '../helpers/fixture.js';

const build = fixtureBuilder();
const f = await build(readFileSync(join(REPO, 'templates', 'negative.yaml'), 'utf8'), { file: 'templates/negative.yaml' });
const read = (fx: WrittenFixture, name: string): Buffer => readFileSync(fx.path(name));

/** What the client saw: accepted (authorized, no identity error), or the error's code and message. */
type Seen = { readonly accepted: true } | { readonly code: string; readonly message: string };
const ACCEPTED: Seen = { accepted: true };

interface Handshake {
  readonly server: tls.TlsOptions;
  readonly client: tls.ConnectionOptions;
}

/** Runs one handshake; resolves with what the client saw and what the server saw of the client. */
async function handshake(h: Handshake): Promise<{ client: Seen; server: { authorized: boolean; error: string | null } | null }> {
  const server = tls.createServer(h.server);
  const serverSaw = new Promise<{ authorized: boolean; error: string | null }>((resolve) => {
    server.on('secureConnection', (s) => {
      resolve({ authorized: s.authorized, error: s.authorizationError === null ? null : String((s.authorizationError as Error & { code?: string }).code ?? s.authorizationError) });
      s.end();
    });
  });
  server.on('tlsClientError', () => {}); // the client hung up on a certificate it refused
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const client = await new Promise<Seen>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...h.client }, () => {
        resolve(socket.authorized ? ACCEPTED : { code: 'NOT_AUTHORIZED', message: String(socket.authorizationError) });
        socket.end();
      });
      socket.on('error', (e: Error & { code?: string }) => resolve({ code: e.code ?? 'NO_CODE', message: e.message }));
      socket.setTimeout(5000, () => socket.destroy(new Error('handshake timed out')));
    });
    // Only client-certificate rows ask what the server saw; it has seen it once the client is through.
    if (h.server.requestCert !== true) return { client, server: null };
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000).unref());
    return { client, server: await Promise.race([serverSaw, timeout]) };
  } finally {
    server.close();
  }
}

/** The server presents `cert`; the client trusts root.pem (plus `client` options). */
const asServer = (cert: string, client: tls.ConnectionOptions = {}, server: tls.TlsOptions = {}, fx = f): Handshake => ({
  server: { key: read(fx, `${cert}.key.pem`), cert: read(fx, `${cert}.fullchain.pem`), ...server },
  client: { ca: read(fx, 'root.pem'), ...client },
});

/** The client presents `cert` to a server (the valid `server` fixture) that asks for it and trusts root.pem. */
const asClient = (cert: string): Handshake => ({
  server: { key: read(f, 'server.key.pem'), cert: read(f, 'server.fullchain.pem'), ca: read(f, 'root.pem'), requestCert: true, rejectUnauthorized: false },
  client: { ca: read(f, 'root.pem'), key: read(f, `${cert}.key.pem`), cert: read(f, `${cert}.fullchain.pem`) },
});

const refusedWith = (code: string, message?: string) => ({ code, ...(message === undefined ? {} : { message }) });
const CRLS = () => [read(f, 'root.crl.pem'), read(f, 'intermediate.crl.pem')];

async function expectClient(h: Handshake, want: Seen | { code: string; message?: string }): Promise<void> {
  const { client } = await handshake(h);
  if ('accepted' in want) assert.deepEqual(client, ACCEPTED);
  else {
    assert.ok('code' in client, `accepted, expected ${want.code}`);
    assert.equal(client.code, want.code, client.message);
    if (want.message !== undefined) assert.equal(client.message, want.message);
  }
}

describe('negative fixtures: Node tls handshakes (server certificates)', () => {
  it('server (valid control) is accepted, with and without both CRLs', async () => {
    await expectClient(asServer('server'), ACCEPTED);
    await expectClient(asServer('server', { crl: CRLS() }), ACCEPTED);
  });
  it('name-ok (valid under the constrained CA) is accepted for www.good.test', async () => {
    await expectClient(asServer('name-ok', { servername: 'www.good.test', checkServerIdentity: (_h, cert) => tls.checkServerIdentity('www.good.test', cert) }), ACCEPTED);
  });

  it('expired → CERT_HAS_EXPIRED', () => expectClient(asServer('expired'), refusedWith('CERT_HAS_EXPIRED', 'certificate has expired')));
  it('not-yet-valid → CERT_NOT_YET_VALID', () => expectClient(asServer('not-yet-valid'), refusedWith('CERT_NOT_YET_VALID', 'certificate is not yet valid')));
  it('hostname-mismatch → ERR_TLS_CERT_ALTNAME_INVALID', () => expectClient(asServer('hostname-mismatch'), refusedWith('ERR_TLS_CERT_ALTNAME_INVALID')));

  it('no-san: accepted at Node\'s defaults (checkServerIdentity falls back to the CN); X509Certificate#checkHost with subject "never" refuses it', async () => {
    await expectClient(asServer('no-san'), ACCEPTED);
    const cert = new X509Certificate(read(f, 'no-san.pem'));
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkHost('localhost', { subject: 'never' }), undefined);
    // The same check as the client's identity callback: then the handshake is refused.
    const sanOnly = (host: string, peer: tls.PeerCertificate) =>
      new X509Certificate(peer.raw).checkHost(host, { subject: 'never' }) ? undefined : Object.assign(new Error(`no subjectAltName matches ${host}`), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    await expectClient(asServer('no-san', { checkServerIdentity: sanOnly }), refusedWith('ERR_TLS_CERT_ALTNAME_INVALID'));
    await expectClient(asServer('server', { checkServerIdentity: sanOnly }), ACCEPTED);
  });

  it('client-as-server (EKU clientAuth only) → INVALID_PURPOSE', () => expectClient(asServer('client-as-server'), refusedWith('INVALID_PURPOSE', 'unsuitable certificate purpose')));
  it('self-signed → DEPTH_ZERO_SELF_SIGNED_CERT', () => expectClient(asServer('self-signed'), refusedWith('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')));
  it('other-root (self-signed CA outside trust) → DEPTH_ZERO_SELF_SIGNED_CERT', () =>
    expectClient(asServer('other-root'), refusedWith('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')));

  it('untrusted → UNABLE_TO_VERIFY_LEAF_SIGNATURE (only the leaf is sent), SELF_SIGNED_CERT_IN_CHAIN (with its root)', async () => {
    await expectClient(asServer('untrusted'), refusedWith('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'));
    const withRoot = Buffer.concat([read(f, 'untrusted.pem'), read(f, 'other-root.pem')]);
    await expectClient(asServer('untrusted', {}, { cert: withRoot }), refusedWith('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'));
  });

  it('no-keycertsign-leaf → UNSPECIFIED "key usage does not include certificate signing"', () =>
    expectClient(asServer('no-keycertsign-leaf'), refusedWith('UNSPECIFIED', 'key usage does not include certificate signing')));
  it('not-ca-leaf → UNSPECIFIED "key usage does not include certificate signing" (the last error: OpenSSL records INVALID_CA, then the CA purpose, then the key usage)', () =>
    expectClient(asServer('not-ca-leaf'), refusedWith('UNSPECIFIED', 'key usage does not include certificate signing')));
  it('pathlen-exceeded → PATH_LENGTH_EXCEEDED', () => expectClient(asServer('pathlen-exceeded'), refusedWith('PATH_LENGTH_EXCEEDED', 'path length constraint exceeded')));
  it('name-violation → UNSPECIFIED "permitted subtree violation"', () =>
    expectClient(asServer('name-violation'), refusedWith('UNSPECIFIED', 'permitted subtree violation')));

  it('weak-key (RSA-1024): accepted at Node\'s defaults (security level 1); refused by a client at SECLEVEL=2; a SECLEVEL=2 server cannot load it', async () => {
    await expectClient(asServer('weak-key'), ACCEPTED);
    await expectClient(asServer('weak-key', { ciphers: 'DEFAULT@SECLEVEL=2' }), refusedWith('UNSPECIFIED', 'EE certificate key too weak'));
    assert.throws(
      () => tls.createSecureContext({ key: read(f, 'weak-key.key.pem'), cert: read(f, 'weak-key.fullchain.pem'), ciphers: 'DEFAULT@SECLEVEL=2' }),
      { code: 'ERR_SSL_EE_KEY_TOO_SMALL' },
    );
  });

  it('weak-signature (SHA-1): a server at the defaults cannot load it; at SECLEVEL=0 it loads and a default client refuses it; SECLEVEL=0 on both accepts', async () => {
    assert.throws(() => tls.createServer({ key: read(f, 'weak-signature.key.pem'), cert: read(f, 'weak-signature.fullchain.pem') }), {
      code: 'ERR_SSL_CA_MD_TOO_WEAK',
      message: /ca md too weak/,
    });
    const lenient = { ciphers: 'DEFAULT@SECLEVEL=0' };
    await expectClient(asServer('weak-signature', {}, lenient), refusedWith('UNSPECIFIED', 'CA signature digest algorithm too weak'));
    await expectClient(asServer('weak-signature', lenient, lenient), ACCEPTED);
  });

  it('revoked: accepted without CRLs; CERT_REVOKED with both CRLs; UNABLE_TO_GET_CRL with only the intermediate\'s', async () => {
    await expectClient(asServer('revoked'), ACCEPTED);
    await expectClient(asServer('revoked', { crl: CRLS() }), refusedWith('CERT_REVOKED', 'certificate revoked'));
    // Node checks CRLs for every CA of the chain, so the root needs one too.
    await expectClient(asServer('server', { crl: [read(f, 'intermediate.crl.pem')] }), refusedWith('UNABLE_TO_GET_CRL', 'unable to get certificate CRL'));
  });

  it('an expired CRL (test/fixtures/expired-crl.yaml) → CRL_HAS_EXPIRED for a certificate it does not list', async () => {
    const e = await build(readFileSync(join(REPO, 'test', 'fixtures', 'expired-crl.yaml'), 'utf8'), { file: 'test/fixtures/expired-crl.yaml' });
    await expectClient(asServer('server', {}, {}, e), ACCEPTED);
    await expectClient(asServer('server', { crl: [read(e, 'root.crl.pem'), read(e, 'intermediate.crl.pem')] }, {}, e), refusedWith('CRL_HAS_EXPIRED', 'CRL has expired'));
  });
});

describe('negative fixtures: Node tls handshakes (client certificates)', () => {
  it('client (valid control) is authorized by the server', async () => {
    const { client, server } = await handshake(asClient('client'));
    assert.deepEqual(client, ACCEPTED);
    assert.deepEqual(server, { authorized: true, error: null });
  });
  it('server-as-client (EKU serverAuth only) → authorizationError INVALID_PURPOSE', async () => {
    const { client, server } = await handshake(asClient('server-as-client'));
    assert.deepEqual(client, ACCEPTED); // the server decides after the handshake
    assert.deepEqual(server, { authorized: false, error: 'INVALID_PURPOSE' });
  });
  it('client-as-server is a fine client certificate (negative control for the purpose rows)', async () => {
    const { server } = await handshake(asClient('client-as-server'));
    assert.deepEqual(server, { authorized: true, error: null });
  });
});
