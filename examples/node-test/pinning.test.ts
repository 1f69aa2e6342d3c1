// Server-side client-certificate pinning (the fix for netty#14419, here in Node): the server
// accepts a client only if the SHA-256 of its leaf certificate is pinned in pins.json, even though
// the CA vouches for other clients too. A chain check alone cannot do that: it accepts any
// certificate the CA issued.
// Run: node --import tsx --test examples/node-test/*.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tls from 'node:tls';
import { build, type BuiltSet } from 'certgen';

const out = mkdtempSync(join(tmpdir(), 'certgen-pinning-'));
let set: BuiltSet;
let server: tls.Server;
let port: number;

before(async () => {
  const result = await build({ templates: fileURLToPath(new URL('./pinning.yaml', import.meta.url)), out });
  set = result.sets['pinning']!;

  // pins.json is the contract any TLS stack can read; `certSha256` is lowercase hex.
  const pins = JSON.parse(readFileSync(join(set.dir, 'pins.json'), 'utf8'));
  const pinned = new Set<string>([pins.certificates['pinned-client'].certSha256]);

  const serverCert = set.certificates['server']!;
  // rejectUnauthorized: false: the server decides itself, after the handshake (PITFALLS: TLS stacks).
  server = tls.createServer({ ...serverCert.serverOptions(), requestCert: true, rejectUnauthorized: false });
  server.on('secureConnection', (socket) => {
    const leaf = socket.getPeerX509Certificate();
    const sha256 = leaf?.fingerprint256.replace(/:/g, '').toLowerCase();
    // The pin adds to the chain check: the chain must verify too.
    if (socket.authorized && sha256 !== undefined && pinned.has(sha256)) socket.end('welcome\n');
    else socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

after(() => {
  server.close();
  rmSync(out, { recursive: true, force: true });
});

/** Connects with a client certificate from the set; resolves with what the server sent before closing. */
function connectAs(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ...set.certificates[name]!.clientOptions() });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve(received) : reject(e)));
    socket.on('close', () => resolve(received));
  });
}

test('the pinned client is accepted', async () => {
  assert.equal(await connectAs('pinned-client'), 'welcome\n');
});

test('another client of the same CA, with a valid chain, is refused', async () => {
  assert.equal(await connectAs('other-client'), '');
});
