/** `generate()`: a template object through the whole engine, in memory; nothing is written. */
import type { PinManifest } from '../pins/manifest.js';
import { checkOptions } from './arguments.js';
import { createHandle, deepFreeze, type CertificateHandle } from './handle.js';
import { issuedParts } from './issued-handles.js';
import type { EngineName, Template } from './options.js';
import { produceSet } from './pipeline.js';
import { MEMORY_FILE, loadTemplateObject } from './template-object.js';

export interface GenerateOptions {
  /** What errors name as the file; default `<memory>`. */
  readonly file?: string;
  /** Default `node` (Node's built-in crypto). */
  readonly engine?: EngineName;
  /** The clock relative times count from when the template has neither `epoch` nor `seed`; default now. */
  readonly now?: Date;
  /** Where `password: {env: VAR}` is looked up; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** One file `certgen build` would write for the set, relative to its folder. */
export interface GeneratedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** 0o600 for files holding a private key (a key file: its `keyMode`), else 0o644. */
  readonly mode: number;
}

export interface GenerateResult {
  /** The set name: the template's `name`, default `fixtures`. */
  readonly name: string;
  /** Every certificate of the template, by name. */
  readonly certificates: Readonly<Record<string, CertificateHandle>>;
  /** Every store of the template (PKCS#12 or PEM bytes), by file name. */
  readonly stores: Readonly<Record<string, Uint8Array>>;
  /** The set's pins.json. */
  readonly pins: PinManifest;
  /** Every file of the set, as `certgen build` writes them (PEMs, CRLs, stores, pins.json). */
  readonly files: readonly GeneratedFile[];
}

/**
 * Runs a template object through the same engine as `certgen build` (schema, profiles, keys,
 * certificates, stores, pins) and returns the result in memory.
 *
 * @throws {CertgenError} with the CLI's message; `file` is `<memory>` (or `options.file`).
 * @example
 * const { certificates } = await generate({ version: 1, certificates: { root: {}, server: { issuer: 'root' } } });
 * https.createServer(certificates.server.serverOptions(), handler);
 */
export async function generate(template: Template, options: GenerateOptions = {}): Promise<GenerateResult> {
  checkOptions(options, 'generate()', { file: 'string', engine: 'engine', now: 'date', env: 'env' });
  const packaged = await produceSet(loadTemplateObject(template, options.file ?? MEMORY_FILE), options);
  const certs = packaged.issued.certificates;
  const entries = packaged.manifest.certificates;
  const storeFiles = new Set(packaged.issued.resolved.stores.map((s) => s.file));
  return Object.freeze({
    name: packaged.issued.resolved.name,
    certificates: Object.freeze(Object.fromEntries([...certs.keys()].map((n) => [n, createHandle(issuedParts(n, certs, entries[n]!))]))),
    stores: Object.freeze(Object.fromEntries(packaged.files.filter((f) => storeFiles.has(f.name)).map((f) => [f.name, f.bytes]))),
    pins: deepFreeze(packaged.manifest),
    files: Object.freeze(packaged.files.map((f) => Object.freeze({ ...f }))),
  });
}
