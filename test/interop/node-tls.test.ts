/**
 * Real mutual-TLS handshakes with Node's `tls` (OpenSSL inside) on 127.0.0.1, for every key type
 * (Ed25519 included, over TLS 1.3 and TLS 1.2). The server presents `server.key.pem` +
 * `server.fullchain.pem`, trusts the root and asks for a client certificate with
 * `rejectUnauthorized: false`, so that *why* a client is refused is visible in
 * `socket.authorizationError` (a rejecting Node server drops clients without an alert).
 * The client presents `<leaf>.key.pem` + `<leaf>.fullchain.pem`, trusts the root and checks the
 * hostname `localhost`. Each refusal is asserted with the exact code Node reports.
 */
import assert from 'node:assert/strict';
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import * as tls from 'node:tls';
import { fixtureBuilder, type WrittenFixture } from '../helpers/fixture.js';

interface ServerView {
  readonly authorized: boolean;
  readonly authorizationError: string | null;
  readonly protocol: string | null;
  readonly peerSha256: string | null;
  readonly peerSpkiSha256: string | null;
}

interface ClientView {
  readonly authorized: boolean;
  readonly authorizationError: string | null;
  readonly protocol: string | null;
  readonly peerSha256: string | null;
}

interface Outcome {
  /** The server's view in `secureConnection` (null when the handshake never completed there). */
  readonly server: ServerView | null;
  readonly serverTlsError: string | null;
  /** The client's view on `secureConnect` (null when it failed before). */
  readonly client: ClientView | null;
  readonly clientError: { code: string; message: string } | null;
  /** What the client received from the server before the connection closed. */
  readonly received: string;
}

interface Credentials {
  readonly key: Buffer;
  readonly cert: Buffer;
}

interface HandshakeOptions {
  readonly server: Credentials & { readonly ca: Buffer };
  readonly client: Partial<Credentials> & { readonly ca: Buffer };
  readonly servername?: string;
  readonly maxVersion?: tls.SecureVersion;
}

/** `authorizationError` is a code string on the server side and may be an Error elsewhere. */
function codeOf(e: unknown): string | null {
  if (e === null || e === undefined) return null;
  if (typeof e === 'string') return e;
  return (e as { code?: string }).code ?? String(e);
}

const hex = (fingerprint: string): string => fingerprint.replace(/:/g, '').toLowerCase();

/** One handshake: server on 127.0.0.1:0, one client; resolves when the client's socket is closed. */
function handshake(o: HandshakeOptions): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let server: ServerView | null = null;
    let serverTlsError: string | null = null;
    let client: ClientView | null = null;
    let clientError: { code: string; message: string } | null = null;
    let received = '';
    const srv = tls.createServer(
      {
        key: o.server.key,
        cert: o.server.cert,
        ca: o.server.ca,
        requestCert: true,
        rejectUnauthorized: false,
        ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
      },
      (socket) => {
        const peer = socket.getPeerX509Certificate();
        server = {
          authorized: socket.authorized,
          authorizationError: codeOf(socket.authorizationError),
          protocol: socket.getProtocol(),
          peerSha256: peer ? hex(peer.fingerprint256) : null,
          peerSpkiSha256: peer ? createHash('sha256').update(peer.publicKey.export({ type: 'spki', format: 'der' })).digest('base64') : null,
        };
        socket.on('error', () => {});
        socket.end(socket.authorized ? 'welcome' : `refused: ${codeOf(socket.authorizationError)}`);
      },
    );
    srv.on('tlsClientError', (e: NodeJS.ErrnoException) => {
      serverTlsError = `${e.code ?? ''} ${e.message}`;
    });
    const timer = setTimeout(() => {
      srv.close();
      reject(new Error('handshake did not finish within 10 s'));
    }, 10_000);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        servername: o.servername ?? 'localhost',
        ca: o.client.ca,
        ...(o.client.key ? { key: o.client.key } : {}),
        ...(o.client.cert ? { cert: o.client.cert } : {}),
        ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
      });
      socket.on('secureConnect', () => {
        const peer = socket.getPeerX509Certificate();
        client = {
          authorized: socket.authorized,
          authorizationError: codeOf(socket.authorizationError),
          protocol: socket.getProtocol(),
          peerSha256: peer ? hex(peer.fingerprint256) : null,
        };
      });
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        received += chunk;
      });
      socket.on('error', (e: NodeJS.ErrnoException) => {
        clientError = { code: e.code ?? '', message: e.message };
      });
      socket.on('close', () => {
        // Let the server's events for this connection arrive before reporting.
        setTimeout(() => {
          clearTimeout(timer);
          srv.close();
          resolve({ server, serverTlsError, client, clientError, received });
        }, 50);
      });
    });
  });
}

const KEY_TYPES = ['p256', 'p384', 'p521', 'rsa2048', 'rsa3072', 'ed25519'] as const;

function mtlsTemplate(key: string, name: string): object {
  return {
    version: 1,
    name,
    defaults: { key },
    certificates: {
      root: { subject: `CN=certgen ${key} TLS Root,O=certgen` },
      intermediate: { issuer: 'root', profile: 'intermediate', pathLength: 0 },
      server: { issuer: 'intermediate' },
      client: { issuer: 'intermediate', profile: 'client' },
      dual: { issuer: 'intermediate', profile: 'dual' },
    },
  };
}

const build = fixtureBuilder();

for (const key of KEY_TYPES) {
  describe(`Node tls mutual authentication, ${key}`, () => {
    let f: WrittenFixture;
    /** The same template built again: same names, other keys (a CA the peers must not trust). */
    let stranger: WrittenFixture;
    const read = (fx: WrittenFixture, file: string): Buffer => readFileSync(fx.path(file));
    const creds = (fx: WrittenFixture, name: string): Credentials => ({ key: read(fx, `${name}.key.pem`), cert: read(fx, `${name}.fullchain.pem`) });
    const pins = (name: string) => f.manifest.certificates[name]!;
    const mtls = (serverLeaf: string, clientLeaf: string | null, extra: Partial<HandshakeOptions> & { serverCa?: Buffer; clientCa?: Buffer } = {}) =>
      handshake({
        server: { ...creds(f, serverLeaf), ca: extra.serverCa ?? read(f, 'root.pem') },
        client: { ...(clientLeaf ? creds(f, clientLeaf) : {}), ca: extra.clientCa ?? read(f, 'root.pem') },
        ...(extra.servername ? { servername: extra.servername } : {}),
        ...(extra.maxVersion ? { maxVersion: extra.maxVersion } : {}),
      });

    before(async () => {
      f = await build(mtlsTemplate(key, `tls-${key}`));
      stranger = await build(mtlsTemplate(key, `tls-${key}-stranger`));
    });

    for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
      it(`${version}: server leaf + client leaf: both sides authorized, each sees the other's pinned certificate`, async () => {
        const o = await mtls('server', 'client', { maxVersion: version });
        assert.equal(o.clientError, null, JSON.stringify(o));
        assert.deepEqual(o.client, { authorized: true, authorizationError: null, protocol: version, peerSha256: pins('server').certSha256 });
        assert.deepEqual(o.server, {
          authorized: true,
          authorizationError: null,
          protocol: version,
          peerSha256: pins('client').certSha256,
          peerSpkiSha256: pins('client').spkiSha256,
        });
        assert.equal(o.received, 'welcome');
      });
    }

    it('a dual leaf works as the client', async () => {
      const o = await mtls('server', 'dual');
      assert.equal(o.clientError, null, JSON.stringify(o));
      assert.equal(o.client?.authorized, true);
      assert.equal(o.server?.authorized, true, JSON.stringify(o));
      assert.equal(o.server?.peerSha256, pins('dual').certSha256);
      assert.equal(o.received, 'welcome');
    });

    it('a dual leaf works as the server, and is checked by IP address too', async () => {
      const o = await mtls('dual', 'client');
      assert.equal(o.client?.authorized, true, JSON.stringify(o));
      assert.equal(o.client?.peerSha256, pins('dual').certSha256);
      assert.equal(o.server?.authorized, true);
      // No servername: Node checks the host 127.0.0.1 against the IP SAN.
      const byIp = await handshake({ server: { ...creds(f, 'server'), ca: read(f, 'root.pem') }, client: { ...creds(f, 'client'), ca: read(f, 'root.pem') }, servername: '' });
      assert.equal(byIp.clientError, null, JSON.stringify(byIp));
      assert.equal(byIp.client?.authorized, true);
    });

    it('a client presenting a serverAuth-only leaf is refused by the server: INVALID_PURPOSE', async () => {
      const o = await mtls('server', 'server');
      assert.equal(o.client?.authorized, true, 'the client itself is fine with the server');
      assert.deepEqual(
        { authorized: o.server?.authorized, authorizationError: o.server?.authorizationError, peer: o.server?.peerSha256 },
        { authorized: false, authorizationError: 'INVALID_PURPOSE', peer: pins('server').certSha256 },
      );
      assert.equal(o.received, 'refused: INVALID_PURPOSE');
    });

    it('a clientAuth-only leaf as the SERVER certificate is refused by the client: INVALID_PURPOSE "unsuitable certificate purpose"', async () => {
      const o = await mtls('client', 'client');
      assert.deepEqual(o.clientError, { code: 'INVALID_PURPOSE', message: 'unsuitable certificate purpose' });
      assert.equal(o.received, '');
    });

    it('the wrong CA is refused on both sides: UNABLE_TO_GET_ISSUER_CERT_LOCALLY', async () => {
      const strangerRoot = read(stranger, 'root.pem');
      const clientSide = await mtls('server', 'client', { clientCa: strangerRoot });
      assert.deepEqual(clientSide.clientError, { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', message: 'unable to get local issuer certificate' });
      assert.equal(clientSide.received, '');
      const serverSide = await mtls('server', 'client', { serverCa: strangerRoot });
      assert.equal(serverSide.client?.authorized, true);
      assert.deepEqual(
        { authorized: serverSide.server?.authorized, authorizationError: serverSide.server?.authorizationError },
        { authorized: false, authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' },
      );
      // And the stranger's own leaves are refused by our CA.
      const strangerClient = await handshake({ server: { ...creds(f, 'server'), ca: read(f, 'root.pem') }, client: { ...creds(stranger, 'client'), ca: read(f, 'root.pem') } });
      assert.equal(strangerClient.server?.authorizationError, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    });

    it('the wrong hostname is refused by the client: ERR_TLS_CERT_ALTNAME_INVALID', async () => {
      const o = await mtls('server', 'client', { servername: 'example.com' });
      assert.equal(o.clientError?.code, 'ERR_TLS_CERT_ALTNAME_INVALID', JSON.stringify(o));
      assert.equal(
        o.clientError?.message,
        "Hostname/IP does not match certificate's altnames: Host: example.com. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
      );
      assert.equal(o.received, '');
    });

    it('fullchain matters: a client sending only its leaf (no intermediate), or no certificate, is not authorized', async () => {
      const leafOnly = await handshake({
        server: { ...creds(f, 'server'), ca: read(f, 'root.pem') },
        client: { key: read(f, 'client.key.pem'), cert: read(f, 'client.pem'), ca: read(f, 'root.pem') },
      });
      assert.equal(leafOnly.server?.authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', JSON.stringify(leafOnly));
      const none = await mtls('server', null);
      assert.deepEqual({ authorized: none.server?.authorized, peer: none.server?.peerSha256 }, { authorized: false, peer: null });
      assert.equal(none.server?.authorizationError, 'UNABLE_TO_GET_ISSUER_CERT');
    });

    it('pins.json pins the peer: a server trusting nothing of ours can still accept exactly the pinned client', async () => {
      const o = await mtls('server', 'client', { serverCa: read(stranger, 'root.pem') });
      assert.equal(o.server?.authorized, false);
      assert.equal(o.server?.peerSha256, pins('client').certSha256, 'certSha256 is the pin of the presented leaf');
      assert.equal(o.server?.peerSpkiSha256, pins('client').spkiSha256, 'spkiSha256 is the pin of its key');
      assert.notEqual(o.server?.peerSha256, pins('dual').certSha256);
    });

    it('tls.checkServerIdentity: the default SAN covers localhost, 127.0.0.1 and ::1, nothing else', () => {
      const leaf = new X509Certificate(read(f, 'server.pem')).toLegacyObject();
      for (const host of ['localhost', '127.0.0.1', '::1']) assert.equal(tls.checkServerIdentity(host, leaf), undefined, host);
      for (const host of ['example.com', '127.0.0.2', 'server']) {
        assert.equal((tls.checkServerIdentity(host, leaf) as NodeJS.ErrnoException | undefined)?.code, 'ERR_TLS_CERT_ALTNAME_INVALID', host);
      }
    });
  });
}
