// Mutual TLS in a node:test suite with in-memory fixtures (nothing written to disk).
// Run: node --import tsx --test examples/node-test/*.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createCA, type CertificateHandle } from 'certgen';

let server: https.Server;
let port: number;
let client: CertificateHandle;
let stranger: CertificateHandle;

before(async () => {
  const ca = await createCA({ subject: 'CN=Example Test CA' });
  const serverCert = await ca.issue({ profile: 'server', san: ['localhost', '127.0.0.1'] });
  client = await ca.issue({ profile: 'client', name: 'alice' });
  stranger = await (await createCA({ name: 'other-ca' })).issue({ profile: 'client', name: 'mallory' });

  // requestCert: true adds requestCert and rejectUnauthorized: the server demands a client
  // certificate that chains to its CA (serverOptions' `ca` is the root of its own chain).
  server = https.createServer(serverCert.serverOptions({ requestCert: true }), (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerX509Certificate();
    res.end(`hello ${peer?.subject}`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

/** GET https://127.0.0.1:<port>/ with the given TLS options; resolves with the body. */
function get(options: https.RequestOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, agent: false, ...options }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
  });
}

test('a client with a certificate from the same CA gets in', async () => {
  // clientOptions(): the client's key and chain, and its CA as the trust anchor for the server.
  assert.equal(await get(client.clientOptions()), 'hello CN=alice');
});

test('a client without a certificate is refused', async () => {
  await assert.rejects(get(client.trustOptions()));
});

test('a client whose certificate comes from another CA is refused', async () => {
  await assert.rejects(get({ ...stranger.clientOptions(), ca: client.rootPem }));
});
