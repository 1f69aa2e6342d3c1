// Mutual TLS in a Vitest suite, with fixtures built once for the whole run (global-setup.ts).
// Run: npx vitest run --root examples/vitest
import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { load, type FixtureSet } from 'certgen';

let set: FixtureSet;
let server: https.Server;
let port: number;

beforeAll(async () => {
  const { sets } = await load(inject('certgenOut'), 'vitest-mtls');
  set = sets['vitest-mtls']!;
  server = https.createServer(set.certificates['server']!.serverOptions({ requestCert: true }), (req, res) => {
    const socket = req.socket as TLSSocket;
    res.end(JSON.stringify({ authorized: socket.authorized, client: socket.getPeerX509Certificate()?.subject }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function get(options: https.RequestOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, agent: false, ...options }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject);
  });
}

test('the client certificate (issued by the intermediate) is accepted', async () => {
  // Both sides send their full chain (leaf + intermediate) and trust the root.
  await expect(get(set.certificates['client']!.clientOptions())).resolves.toEqual({ authorized: true, client: 'CN=client' });
});

test('a client without a certificate is refused', async () => {
  await expect(get(set.certificates['client']!.trustOptions())).rejects.toThrow();
});

test('the files are there for other tools too', () => {
  const client = set.certificates['client']!;
  expect(client.paths.key.endsWith('client.key.pem')).toBe(true);
  expect(set.pins.certificates['client']!.certSha256).toBe(client.certSha256);
});
