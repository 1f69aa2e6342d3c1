/**
 * Certificate handles: the values the API hands out (modelled on trustme's `LeafCert`/`Blob`).
 * A handle is a frozen plain object made here and nowhere else (no public constructor): PEM and
 * DER views of one certificate and its key, its pins.json entry, and ready-made options for
 * node:tls / node:https. The private key never shows in `util.inspect`, `console.log`,
 * `JSON.stringify` or a test runner's diff: `keyPem` is non-enumerable and the
 * inspect hook prints it as `[elided]`.
 */
import { X509Certificate } from 'node:crypto';
import { systemRngFactory } from '../crypto/random.js';
import { CertgenError } from '../errors.js';
import { checkOptions } from './arguments.js';
import type { PinEntry } from '../pins/manifest.js';
import { DEFAULT_ITERATIONS, DEFAULT_PASSWORD } from '../resolve/profiles.js';
import { privateKeyPem, sharedCertificatePem } from '../stores/pem.js';
import { encodePkcs12 } from '../stores/pkcs12-write.js';

/** What `serverOptions()` returns: spread it into `tls.createServer` / `https.createServer` options. */
export interface TlsServerOptions {
  /** The private key, PKCS#8 PEM. */
  readonly key: string;
  /** The certificate and its intermediates (`fullchainPem`), so clients can build the chain. */
  readonly cert: string;
  /** The root of this certificate's chain: the anchor client certificates are checked against. */
  readonly ca: string;
  /** Present (true) only when asked for with `{ requestCert: true }`. */
  readonly requestCert?: boolean;
  /** Present (true) only when asked for with `{ requestCert: true }`: refuse clients without a valid chain. */
  readonly rejectUnauthorized?: boolean;
}

/** What `clientOptions()` returns: spread it into `tls.connect` / `https.request` options. */
export interface TlsClientOptions {
  readonly key: string;
  /** The certificate and its intermediates (`fullchainPem`). */
  readonly cert: string;
  /** The root of this certificate's chain, trusted for the server's certificate. */
  readonly ca: string;
}

/** What `trustOptions()` returns: a client that presents no certificate but trusts this chain's root. */
export interface TlsTrustOptions {
  readonly ca: string;
}

/** Options of `toPkcs12()`; the defaults are the template's store defaults. */
export interface Pkcs12Options {
  /** Printable ASCII (Java refuses others); default `changeit`. */
  readonly password?: string;
  /** `aes256` (PBES2, AES-256-CBC, HMAC-SHA256 MAC; default) or `legacy` (3DES, SHA-1 MAC, for Java before 8u301 and macOS Keychain). */
  readonly encryption?: 'aes256' | 'legacy';
  /** PBKDF and MAC iterations; default 2048. */
  readonly iterations?: number;
  /** The key entry's alias (friendlyName); default the certificate's name. */
  readonly alias?: string;
}

/** One certificate with its private key, as `generate`, `build`, `load`, `createCA` and `ca.issue` return it. */
export interface CertificateHandle {
  /** The certificate's name (its file stem; for `ca.issue`, the `name` option). */
  readonly name: string;
  /** `root` (self-signed CA), `intermediate` (issued CA) or `leaf`. */
  readonly role: 'root' | 'intermediate' | 'leaf';
  /** The certificate, PEM. */
  readonly certPem: string;
  /**
   * The private key, PKCS#8 PEM. Non-enumerable, so it stays out of `JSON.stringify`, object
   * spreads and test-runner diffs; `util.inspect` shows it as `[elided]`.
   */
  readonly keyPem: string;
  /** The certificate, then its issuers up to but not including the self-signed root (a root: itself). */
  readonly fullchainPem: string;
  /** The self-signed root this certificate chains to (a root: itself): what peers trust. */
  readonly rootPem: string;
  /** The certificate, DER. */
  readonly der: Uint8Array;
  /** Base64 SHA-256 over the SubjectPublicKeyInfo DER: the pin of OkHttp, curl `--pinnedpubkey`, Envoy. */
  readonly spkiSha256: string;
  /** Lowercase hex SHA-256 over the certificate DER. */
  readonly certSha256: string;
  /** The certificate's pins.json entry: subject, issuer, serial, validity, key, EKU, SAN, fingerprints. */
  readonly info: PinEntry;
  /** The certificate as node:crypto's `X509Certificate` (made on first access). */
  readonly x509: X509Certificate;
  /**
   * Options for a TLS server presenting this certificate: `{ key, cert: fullchainPem, ca: rootPem }`;
   * with `{ requestCert: true }` also `requestCert` and `rejectUnauthorized` (mutual TLS).
   */
  serverOptions(options?: { readonly requestCert?: boolean }): TlsServerOptions;
  /** Options for a TLS client presenting this certificate and trusting its root: `{ key, cert: fullchainPem, ca: rootPem }`. */
  clientOptions(): TlsClientOptions;
  /** Options for a TLS client that only trusts this certificate's root: `{ ca: rootPem }` (trustme's `configure_trust`). */
  trustOptions(): TlsTrustOptions;
  /** A PKCS#12 with one key entry: this key and its chain up to and including the root. */
  toPkcs12(options?: Pkcs12Options): Promise<Uint8Array>;
}

/** What a handle is made of (internal). */
export interface HandleParts {
  readonly name: string;
  /** The private key, PKCS#8 DER. */
  readonly pkcs8: Uint8Array;
  /** The certificate, then its issuers up to and including the root. */
  readonly chain: readonly Uint8Array[];
  /** The DERs of `<name>.fullchain.pem`. */
  readonly fullchain: readonly Uint8Array[];
  readonly info: PinEntry;
}

const ELIDED = '[elided]';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Makes a frozen handle; `extra` adds fields (e.g. `paths`) or methods (`issue`) before freezing.
 * The parts' byte arrays are the engine's own, never handed out, so they are kept as they are;
 * the public `der` is a copy of its own: mutating it changes nothing else.
 */
export function createHandle<E extends object = Record<never, never>>(parts: HandleParts, extra?: E): CertificateHandle & E {
  const { chain, pkcs8 } = parts;
  const der = chain[0]!;
  const keyPem = privateKeyPem(pkcs8);
  const certPem = sharedCertificatePem(der);
  const fullchainPem = parts.fullchain.map(sharedCertificatePem).join('');
  const rootPem = sharedCertificatePem(chain[chain.length - 1]!);
  const info = deepFreeze(parts.info);
  let x509: X509Certificate | undefined;

  const handle = {
    name: parts.name,
    role: info.role,
    certPem,
    fullchainPem,
    rootPem,
    der: der.slice(),
    spkiSha256: info.spkiSha256,
    certSha256: info.certSha256,
    info,
    serverOptions(options: { readonly requestCert?: boolean } = {}): TlsServerOptions {
      checkOptions(options, 'serverOptions()', { requestCert: 'boolean' });
      const base = { key: keyPem, cert: fullchainPem, ca: rootPem };
      return options.requestCert === true ? { ...base, requestCert: true, rejectUnauthorized: true } : base;
    },
    clientOptions: (): TlsClientOptions => ({ key: keyPem, cert: fullchainPem, ca: rootPem }),
    trustOptions: (): TlsTrustOptions => ({ ca: rootPem }),
    toPkcs12: (options: Pkcs12Options = {}): Promise<Uint8Array> => toPkcs12(parts.name, pkcs8, chain, options),
    ...extra,
  };
  Object.defineProperties(handle, {
    keyPem: { value: keyPem, enumerable: false },
    x509: { get: () => (x509 ??= new X509Certificate(der)), enumerable: false },
    [INSPECT]: {
      value: (_depth: number, options: object, inspect: (value: unknown, options: object) => string) =>
        `CertificateHandle ${inspect({ ...handle, keyPem: ELIDED }, options)}`,
      enumerable: false,
    },
  });
  return Object.freeze(handle) as unknown as CertificateHandle & E;
}

/** Freezes a plain JSON-like value (a pins.json entry or manifest) all the way down; returns it. */
export function deepFreeze<T>(value: T): T {
  // Typed arrays cannot be frozen; nothing JSON-like holds one.
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const API_FILE = 'toPkcs12()';

async function toPkcs12(name: string, pkcs8: Uint8Array, chain: readonly Uint8Array[], options: Pkcs12Options): Promise<Uint8Array> {
  checkOptions(options, API_FILE, { password: 'string', encryption: 'string', iterations: 'integer', alias: 'string' });
  const { password = DEFAULT_PASSWORD, encryption = 'aes256', iterations = DEFAULT_ITERATIONS, alias = name } = options;
  if (encryption !== 'aes256' && encryption !== 'legacy') {
    throw new CertgenError(`must be one of "aes256", "legacy"`, { file: API_FILE, path: ['encryption'] });
  }
  try {
    return await encodePkcs12([{ alias, pkcs8, chain: [...chain] }], [], {
      password,
      encryption,
      iterations,
      rng: systemRngFactory().forLabel('pkcs12'),
    });
  } catch (e) {
    // The store writer's checks (password, iterations) carry no location: name the API call.
    if (e instanceof CertgenError && e.file === undefined) throw new CertgenError(e.detail, { file: API_FILE, path: e.path }, { cause: e });
    throw e;
  }
}
