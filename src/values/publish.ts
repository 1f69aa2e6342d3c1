/**
 * `publish: URL` and `certgen serve --listen HOST:PORT`: plain HTTP on a loopback address with an
 * explicit port. certgen's responder is a test fixture: it must never be reachable from another
 * machine, so anything but 127.0.0.1, ::1 and localhost is refused.
 */
import { fail, type Where } from './where.js';

/** A loopback HTTP origin: what `publish` names and what `serve` listens on. */
export interface LoopbackOrigin {
  /** `http://HOST:PORT` with no trailing slash (IPv6 in brackets): the base of every published URL. */
  readonly url: string;
  /** The host as `listen()` takes it: `127.0.0.1`, `::1` or `localhost`. */
  readonly host: string;
  readonly port: number;
}

const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];

/** `HOST:PORT` or `[HOST]:PORT` split, or null when it has no such shape. */
function splitHostPort(text: string): { host: string; port: string } | null {
  const m = /^(?:\[([^\]]*)\]|([^:[\]/]*)):([0-9]{1,5})$/.exec(text);
  return m ? { host: m[1] ?? m[2]!, port: m[3]! } : null;
}

/** The origin of `host` and `port`, or the reason it is not a loopback address with a usable port. */
function loopbackOrigin(host: string, portText: string, minPort: number): LoopbackOrigin | string {
  if (!LOOPBACK_HOSTS.includes(host.toLowerCase())) return `${host} is not a loopback host (use 127.0.0.1, [::1] or localhost)`;
  const port = Number(portText);
  if (port < minPort || port > 65535) return `port ${portText} is out of range (${minPort}-65535)`;
  const h = host.toLowerCase();
  return { url: `http://${h === '::1' ? '[::1]' : h}:${port}`, host: h, port };
}

/**
 * Parses a template's `publish`: `http://127.0.0.1:8099`, `http://[::1]:8099` or
 * `http://localhost:8099`, with an optional trailing slash and nothing else (the served paths
 * start at the root: `/<set>/…`).
 */
export function parsePublishUrl(text: string, where: Where): LoopbackOrigin {
  const m = /^http:\/\/([^/?#@]*)\/?$/i.exec(text);
  if (!m) fail(where, `"${text}" is not an http://HOST:PORT URL (a loopback host, an explicit port, no path), e.g. http://127.0.0.1:8099`);
  const hostPort = splitHostPort(m[1]!);
  if (!hostPort) fail(where, `"${text}" needs an explicit port, e.g. http://127.0.0.1:8099`);
  const origin = loopbackOrigin(hostPort.host, hostPort.port, 1);
  if (typeof origin === 'string') fail(where, origin);
  return origin;
}

/** Parses `--listen HOST:PORT` (`[::1]:PORT` for IPv6); a string is the error. */
export function parseListenAddress(text: string): LoopbackOrigin | string {
  const hostPort = splitHostPort(text);
  if (!hostPort) return `"${text}" is not HOST:PORT (e.g. 127.0.0.1:8099 or [::1]:8099)`;
  return loopbackOrigin(hostPort.host, hostPort.port, 1);
}
