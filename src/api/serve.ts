/** `serve()`: what `certgen serve` runs — the built sets' CRLs, CA certificates and live OCSP on loopback. */
import { CertgenError } from '../errors.js';
import { systemRngFactory } from '../crypto/random.js';
import { startServer } from '../serve/http-server.js';
import { ServedSets } from '../serve/served-sets.js';
import { loadTemplates } from '../template/load.js';
import { parseListenAddress, parsePublishUrl, type LoopbackOrigin } from '../values/publish.js';
import type { LoadedTemplate } from '../template/types.js';
import { engineFor } from './pipeline.js';

export interface ServeOptions {
  /** Template files or folders; default `templates`. Sets without `publish` are skipped. */
  readonly templates?: string | readonly string[];
  /** Where the sets were built; default `out`. */
  readonly out?: string;
  /**
   * `HOST:PORT` to listen on (a loopback host: 127.0.0.1, [::1] or localhost). Default: the host
   * and port of the sets' `publish`; given, only the sets whose `publish` names that port are served.
   */
  readonly listen?: string;
  /** Where `keyPassword: {env: VAR}` of a signing key is looked up; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Hears problems met while serving (a rebuilt set that cannot be read, a bug); default: ignored. */
  readonly onError?: (message: string) => void;
}

export interface ServeHandle {
  /** `http://HOST:PORT`, the base the sets' `publish` URLs name. */
  readonly url: string;
  /** The names of the sets served. */
  readonly sets: readonly string[];
  /** Stops the server (connections included); resolves once it is closed. */
  close(): Promise<void>;
}

/**
 * Serves the built sets whose `publish` URL it listens on: `GET /<set>/<ca>.crl`,
 * `GET /<set>/<ca>.cer` and the OCSP responder of every CA at `/<set>/ocsp/<ca>` (POST, and GET
 * with the base64 request in the path). A rebuilt set is served as rebuilt, without a restart.
 *
 * @throws {CertgenError} no set has a `publish` URL, sets publish different ones and `listen` does
 *   not pick one, a set is not built, or the address cannot be listened on.
 * @example
 * const server = await serve({ templates: 'templates', out: 'out' });
 * // … run clients that fetch server.url + '/mtls/ocsp/intermediate' …
 * await server.close();
 */
export async function serve(options: ServeOptions = {}): Promise<ServeHandle> {
  checkOptions(options);
  const paths = typeof options.templates === 'string' ? [options.templates] : options.templates ?? ['templates'];
  const out = options.out ?? 'out';
  const onError = options.onError ?? (() => undefined);
  let listen: LoopbackOrigin | null = null;
  if (options.listen !== undefined) {
    const parsed = parseListenAddress(options.listen);
    if (typeof parsed === 'string') throw new CertgenError(parsed, { path: ['listen'] });
    listen = parsed;
  }
  const { origin, templates } = chooseSets(await loadTemplates(paths), listen, paths);

  const sets = new ServedSets(out, templates, options.env ?? process.env, onError);
  await Promise.all(sets.names.map((name) => sets.get(name)));
  const signing = { engine: await engineFor('node'), rng: systemRngFactory().forLabel('ocsp'), deterministic: false };
  const server = await startServer(origin, { sets, signing, onError });
  return Object.freeze({ url: server.url, sets: Object.freeze(sets.names), close: () => server.close() });
}

/** The sets to serve and where: those whose `publish` the listen address matches. */
function chooseSets(loaded: readonly LoadedTemplate[], listen: LoopbackOrigin | null, paths: readonly string[]): { origin: LoopbackOrigin; templates: LoadedTemplate[] } {
  const published = loaded.flatMap((t) => (t.template.publish === undefined ? [] : [{ t, origin: parsePublishUrl(t.template.publish, { file: t.file, path: ['publish'] }) }]));
  if (published.length === 0) throw new CertgenError('no set has a publish URL to serve (add publish: http://127.0.0.1:PORT to a template)', { file: paths.join(', ') });
  const list = published.map((p) => `${p.t.name}: ${p.origin.url}`).join(', ');
  if (listen === null) {
    const origins = [...new Set(published.map((p) => p.origin.url))];
    if (origins.length > 1) throw new CertgenError(`the sets publish different URLs (${list}): choose one with --listen`, { file: paths.join(', ') });
    return { origin: published[0]!.origin, templates: published.map((p) => p.t) };
  }
  // localhost is whichever loopback address it resolves to: it matches either.
  const matches = (o: LoopbackOrigin) => o.port === listen.port && (o.host === listen.host || o.host === 'localhost' || listen.host === 'localhost');
  const chosen = published.filter((p) => matches(p.origin));
  if (chosen.length === 0) throw new CertgenError(`no set publishes ${listen.url} (${list})`, { path: ['listen'] });
  return { origin: listen, templates: chosen.map((p) => p.t) };
}

/** A JavaScript caller may pass anything: a wrong option is a CertgenError naming it, not a TypeError later. */
function checkOptions(options: ServeOptions): void {
  if (typeof options !== 'object' || options === null) throw new CertgenError('serve() takes an options object');
  const bad = (name: string, expected: string) => new CertgenError(`expected ${expected}`, { path: [name] });
  const { templates, out, listen, env, onError } = options;
  if (templates !== undefined && typeof templates !== 'string' && !(Array.isArray(templates) && templates.every((t) => typeof t === 'string'))) throw bad('templates', 'a path or a list of paths');
  if (out !== undefined && typeof out !== 'string') throw bad('out', 'a path');
  if (listen !== undefined && typeof listen !== 'string') throw bad('listen', 'HOST:PORT');
  if (env !== undefined && (typeof env !== 'object' || env === null)) throw bad('env', 'an object');
  if (onError !== undefined && typeof onError !== 'function') throw bad('onError', 'a function');
}
