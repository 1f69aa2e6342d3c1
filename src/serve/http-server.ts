/**
 * The HTTP side of `certgen serve` (node:http, plain HTTP, loopback only):
 *
 *   GET  /<set>/<ca>.crl                     the CA's DER CRL (application/pkix-crl)
 *   GET  /<set>/<ca>.cer                     the CA's DER certificate (application/pkix-cert)
 *   POST /<set>/ocsp/<ca>                    an OCSPRequest (RFC 6960 Appendix A.1.1)
 *   GET  /<set>/ocsp/<ca>/<request>          the same, base64 (or base64url), URL-encoded
 *
 * Anything else is 404 (405 for a known path with another method). The server must outlive any
 * client: bodies are bounded (413 past MAX_BODY), slow clients time out, and an exception while
 * answering becomes a 500 (or an `internalError` OCSP response), never a crash.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CertgenError } from '../errors.js';
import { encodeOcspErrorResponse } from '../ocsp/index.js';
import type { LoopbackOrigin } from '../values/publish.js';
import type { Signing } from '../x509/issue.js';
import { answerOcspRequest } from './responder.js';
import type { ServedCa } from './served-set.js';
import type { ServedSets } from './served-sets.js';

/** Largest request body (and decoded GET request) accepted: an OCSPRequest for a few certificates is ~100 bytes. */
const MAX_BODY = 64 * 1024;

/** Timeouts (ms): a client that stalls is cut off rather than holding a connection. */
const HEADERS_TIMEOUT = 5_000;
const REQUEST_TIMEOUT = 10_000;
const IDLE_TIMEOUT = 10_000;

export interface ResponderServer {
  /** `http://HOST:PORT` it listens on. */
  readonly url: string;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

export interface ServerContext {
  readonly sets: ServedSets;
  readonly signing: Signing;
  /** Hears what went wrong while answering (never thrown at a client). */
  readonly onError: (message: string) => void;
}

/**
 * Starts listening on `listen`; rejects with a CertgenError when the address cannot be used.
 * `localhost` is both loopback addresses: clients resolve it to either (curl and Go may try ::1
 * first, Java 127.0.0.1), so one listening socket is opened on each (::1 where the host has IPv6).
 */
export async function startServer(listen: LoopbackOrigin, ctx: ServerContext): Promise<ResponderServer> {
  const first = await listenOn(listen.host === 'localhost' ? '127.0.0.1' : listen.host, listen.port, listen.url, ctx);
  const servers = [first];
  const { port } = first.address() as AddressInfo;
  if (listen.host === 'localhost') {
    const second = await listenOn('::1', port, listen.url, ctx).catch(async (e: unknown) => {
      if ((e as CertgenError).detail === 'cannot listen (EADDRNOTAVAIL)') return null; // no IPv6 loopback here
      await closeServer(first);
      throw e;
    });
    if (second !== null) servers.push(second);
  }
  return { url: `http://${listen.host === '::1' ? '[::1]' : listen.host}:${port}`, close: () => Promise.all(servers.map(closeServer)).then(() => undefined) };
}

async function listenOn(host: string, port: number, url: string, ctx: ServerContext): Promise<Server> {
  const server = createServer({ headersTimeout: HEADERS_TIMEOUT, requestTimeout: REQUEST_TIMEOUT, connectionsCheckingInterval: 1_000 }, (req, res) => {
    handle(req, res, ctx).catch((e: unknown) => {
      ctx.onError(`internal error answering ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = IDLE_TIMEOUT;
  server.setTimeout(IDLE_TIMEOUT, (socket) => socket.destroy());
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new CertgenError(`cannot listen (${e.code ?? e.message})`, { file: url })));
    server.listen(port, host, () => resolve());
  });
  server.on('error', (e) => ctx.onError(`server error: ${e.message}`));
  return server;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const FILE_ROUTE = /^\/([a-z0-9][a-z0-9_-]*)\/([a-z0-9][a-z0-9_-]*)\.(crl|cer)$/;
const OCSP_ROUTE = /^\/([a-z0-9][a-z0-9_-]*)\/ocsp\/([a-z0-9][a-z0-9_-]*)(?:\/(.*))?$/s;

async function handle(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  const path = requestPath(req.url ?? '');
  const file = FILE_ROUTE.exec(path);
  if (file) {
    if (!allow(req, res, ['GET', 'HEAD'])) return;
    const ca = await findCa(ctx, file[1]!, file[2]!, res);
    if (ca === undefined) return;
    const body = file[3] === 'crl' ? ca.crl : ca.certificate;
    if (body === null) return send(res, 404, 'text/plain', 'not found\n');
    return send(res, 200, file[3] === 'crl' ? 'application/pkix-crl' : 'application/pkix-cert', body, req.method === 'HEAD');
  }
  const ocsp = OCSP_ROUTE.exec(path);
  if (!ocsp) return send(res, 404, 'text/plain', 'not found\n');
  // `/<set>/ocsp/<ca>/` (a trailing slash) is the POST endpoint too.
  const encoded = ocsp[3] || undefined;
  if (!allow(req, res, encoded === undefined ? ['POST'] : ['GET', 'HEAD'])) return;
  const ca = await findCa(ctx, ocsp[1]!, ocsp[2]!, res);
  if (ca === undefined) return;
  const body = encoded === undefined ? await readBody(req) : decodeGetRequest(encoded);
  if (body === 'aborted') return; // the client went away (or was cut off) mid-body: nobody to answer
  if (body === 'tooLarge') {
    res.setHeader('Connection', 'close');
    return send(res, 413, 'text/plain', `an OCSP request is at most ${MAX_BODY} bytes\n`);
  }
  const response = await answerOcspRequest(ca, body ?? new Uint8Array(0), new Date(), ctx.signing).catch((e: unknown) => {
    ctx.onError(`internal error answering OCSP for ${ocsp[1]}/${ocsp[2]}: ${(e as Error)?.stack ?? String(e)}`);
    return encodeOcspErrorResponse('internalError');
  });
  send(res, 200, 'application/ocsp-response', response, req.method === 'HEAD');
}

/** The path of a request target (origin-form or absolute-form), without its query; never normalised. */
function requestPath(target: string): string {
  const absolute = /^https?:\/\/[^/]*/i.exec(target);
  const path = absolute ? target.slice(absolute[0].length) || '/' : target;
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

function allow(req: IncomingMessage, res: ServerResponse, methods: readonly string[]): boolean {
  if (methods.includes(req.method ?? '')) return true;
  res.setHeader('Allow', methods.join(', '));
  send(res, 405, 'text/plain', 'method not allowed\n');
  return false;
}

/** The CA `ca` of set `set`, or undefined once a 404/500 has been sent. */
async function findCa(ctx: ServerContext, set: string, ca: string, res: ServerResponse): Promise<ServedCa | undefined> {
  const served = ctx.sets.get(set);
  if (served === undefined) {
    send(res, 404, 'text/plain', 'not found\n');
    return undefined;
  }
  let found;
  try {
    found = (await served).cas.get(ca);
  } catch {
    // The set could not be read (reported to onError once): not the client's fault.
    send(res, 500, 'text/plain', `set ${set} cannot be read: see the certgen serve log\n`);
    return undefined;
  }
  if (found === undefined) send(res, 404, 'text/plain', 'not found\n');
  return found;
}

/** The body; 'tooLarge' (announced or sent) past MAX_BODY; 'aborted' when the connection ended first. */
async function readBody(req: IncomingMessage): Promise<Uint8Array | 'tooLarge' | 'aborted'> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return 'tooLarge';
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return 'tooLarge';
      chunks.push(chunk);
    }
  } catch {
    return 'aborted';
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * RFC 6960 A.1: "{url}/{url-encoding of base-64 encoding of the DER encoding of the OCSPRequest}".
 * Clients that skip the URL-encoding (a raw `/` or `+` in the path) and base64url are accepted too;
 * null (answered malformedRequest) for anything that is not base64.
 */
function decodeGetRequest(encoded: string): Uint8Array | null | 'tooLarge' {
  if (encoded.length > MAX_BODY * 2) return 'tooLarge';
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return null;
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, headOnly = false): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length, 'Cache-Control': 'no-store' });
  res.end(headOnly ? undefined : bytes);
}
