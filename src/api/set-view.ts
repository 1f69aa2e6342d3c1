/** A fixture set as files on disk: the shape `build()` and `load()` share. */
import { join } from 'node:path';
import type { PinEntry, PinManifest } from '../pins/manifest.js';
import type { CertificateHandle } from './handle.js';
import { PINS_FILE, crlFiles } from '../layout/file-names.js';
import { STORE_EXTENSIONS } from '../stores/formats.js';

const STORE_NAME = new RegExp(`^[a-z0-9][a-z0-9._-]*\\.(${STORE_EXTENSIONS.join('|')})$`);

/** Absolute paths of a certificate's files. */
export interface CertificatePaths {
  /** `<name>.pem` */
  readonly cert: string;
  /** `<name>.key.pem` (mode 0600) */
  readonly key: string;
  /** `<name>.fullchain.pem` */
  readonly fullchain: string;
  /** `<name>.pub.pem` (SubjectPublicKeyInfo) */
  readonly pub: string;
}

/** A certificate handle of a set on disk, with the paths of its files. */
export interface FileCertificate extends CertificateHandle {
  readonly paths: CertificatePaths;
}

/** A built set read from (or just written to) `OUT/<set>/`. */
export interface FixtureSet {
  readonly name: string;
  /** The set's folder, absolute. */
  readonly dir: string;
  readonly certificates: Readonly<Record<string, FileCertificate>>;
  /** Every store (`.p12`, `.pfx`, `.pem` named in the template's `stores`), file name → absolute path. */
  readonly stores: Readonly<Record<string, string>>;
  /** The set's pins.json. */
  readonly pins: PinManifest;
}

export function certificatePaths(dir: string, info: PinEntry): CertificatePaths {
  return Object.freeze({ cert: join(dir, info.files.cert), key: join(dir, info.files.key), fullchain: join(dir, info.files.fullchain), pub: join(dir, info.files.pub) });
}

/**
 * The stores among a set's file names: what is neither pins.json nor a certificate's or CRL's
 * file (store names may not collide with those: the resolver refuses it) and has a store's
 * extension. Hidden bookkeeping files do not match.
 */
export function storePaths(dir: string, fileNames: readonly string[], pins: PinManifest): Readonly<Record<string, string>> {
  const taken = new Set([PINS_FILE]);
  for (const [name, e] of Object.entries(pins.certificates)) {
    for (const f of [...Object.values(e.files), ...Object.values(crlFiles(name))]) taken.add(f);
  }
  const stores = fileNames.filter((f) => STORE_NAME.test(f) && !taken.has(f)).sort();
  return Object.freeze(Object.fromEntries(stores.map((f) => [f, join(dir, f)])));
}
