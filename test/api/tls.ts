/**
 * Real TLS on loopback for the API tests: an https server that reports what it saw of the client
 * (chain verdict, authorizationError, client leaf fingerprint), and a request that resolves with
 * the response or the client-side error code instead of throwing.
 */
import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** What the server saw of the client. */
export interface Seen {
  readonly authorized: boolean;
  readonly authorizationError: string;
  /** Lowercase hex SHA-256 of the client's leaf, or null without one. */
  readonly peerSha256: string | null;
}

export type Outcome = { readonly ok: true; readonly seen: Seen } | { readonly ok: false; readonly code: string; readonly message: string };

/** Lowercase hex without colons, as pins.json writes `certSha256`. */
export const sha256Hex = (fingerprint256: string): string => fingerprint256.replace(/:/g, '').toLowerCase();

/** Starts an https server with `serverOptions`, makes one GET with `clientOptions` to 127.0.0.1, stops. */
export async function handshake(serverOptions: https.ServerOptions, clientOptions: https.RequestOptions): Promise<Outcome> {
  const server = https.createServer(serverOptions, (req, res) => {
    const socket = req.socket as TLSSocket;
    const peer = socket.getPeerX509Certificate();
    const seen: Seen = {
      authorized: socket.authorized,
      authorizationError: socket.authorizationError === undefined || socket.authorizationError === null ? '' : String(socket.authorizationError),
      peerSha256: peer ? sha256Hex(peer.fingerprint256) : null,
    };
    res.end(JSON.stringify(seen));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<Outcome>((resolve) => {
      // agent: false: a fresh connection (and handshake) every time, no keep-alive reuse.
      const req = https.request({ host: '127.0.0.1', port, path: '/', agent: false, ...clientOptions }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ ok: true, seen: JSON.parse(body) as Seen }));
      });
      req.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, code: e.code ?? '', message: e.message }));
      req.end();
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
