/** `load()`: built sets read back from `OUT/<set>/` (pins.json and the PEM files it names). */
import { createPrivateKey } from 'node:crypto';
import { hexDigest } from '../crypto/digest.js';
import { readdirSync } from 'node:fs';
import { access, readFile, readdir, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CertgenError } from '../errors.js';
import { checkArgument } from './arguments.js';
import type { PinManifest } from '../pins/manifest.js';
import { readManifests } from '../artefacts/read-manifests.js';
import { pemBlocks } from '../stores/pem.js';
import { createHandle, deepFreeze } from './handle.js';
import { certificatePaths, storePaths, type FileCertificate, type FixtureSet } from './set-view.js';
import { PINS_FILE } from '../layout/file-names.js';
import { chainFrom } from '../resolve/graph.js';

export interface LoadResult {
  /** Set name → set. */
  readonly sets: Readonly<Record<string, FixtureSet>>;
}

/**
 * Reads sets that `certgen build` (or `build()`) wrote: every set under `out`, or only `set`.
 * Nothing is rebuilt; each certificate is checked against its pins.json fingerprint.
 *
 * @throws {CertgenError} when there is no built set, or a file is missing or does not match pins.json.
 * @example
 * const { sets } = await load('out', 'mtls');
 * const server = sets.mtls.certificates.server; // server.paths.cert, server.keyPem…
 */
export async function load(out = 'out', set?: string): Promise<LoadResult> {
  checkArgument(out, 'path', 'load()', ['out']);
  checkArgument(set, 'string', 'load()', ['set']);
  const manifests = await duringRebuilds(
    () => readManifests(out, set, { file: 'load()', path: ['set'] }),
    async () => (await Promise.all((set !== undefined ? [set] : setFolders(out)).map((n) => currentVersionOf(join(out, n))))).join('/'),
  );
  const sets = await Promise.all(manifests.map((m) => loadSet(join(out, m.set), m)));
  return Object.freeze({ sets: Object.freeze(Object.fromEntries(sets.map((s) => [s.name, s]))) });
}

/** The other forms `<name>.key.pem` takes (docs/templates.md: keyFormat, keyPassword). */
const KEY_FILE_LABELS = new Set(['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);

/** A traditional key file as PKCS#8; an encrypted one cannot be read without its password. */
function pkcs8Of(block: { label: string; der: Uint8Array }, file: string): Uint8Array {
  if (block.label === 'ENCRYPTED PRIVATE KEY') {
    throw new CertgenError('the key file is encrypted (keyPassword): load() cannot read it; use build() or generate(), which return the key', { file });
  }
  const type = block.label === 'RSA PRIVATE KEY' ? 'pkcs1' : 'sec1';
  return new Uint8Array(createPrivateKey({ key: Buffer.from(block.der), format: 'der', type }).export({ format: 'der', type: 'pkcs8' }));
}

/** Where a set's `..data` points now ('' when it has none). */
async function currentVersionOf(dir: string): Promise<string> {
  return realpath(join(dir, '..data')).catch(() => '');
}
function setFolders(out: string): string[] {
  try {
    return readdirSync(out);
  } catch {
    return [];
  }
}

/**
 * Runs `read` again when it failed while a build swapped the set (`version()` changed): the
 * version it was reading was removed after the swap. A failure on a set that did not change is
 * the set's own fault and is thrown.
 */
async function duringRebuilds<T>(read: () => Promise<T>, version: () => string | Promise<string>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const before = await version();
    try {
      return await read();
    } catch (e) {
      if (attempt >= 10 || (await version()) === before) throw e;
    }
  }
}

/**
 * One set from its folder, given its (already read) pins.json. Reads one version through the
 * `..data` link resolved once, so a build swapping the set meanwhile cannot hand it files of two
 * versions (output/write-set.ts), and starts again when that version was replaced under it.
 */
export async function loadSet(folder: string, manifest: PinManifest): Promise<FixtureSet> {
  const dir = resolve(folder);
  return duringRebuilds(async () => readVersion(dir, manifest, await currentVersionOf(dir)), () => currentVersionOf(dir));
}

/** The set as found in its version folder `source` (or in `dir` itself for a folder without `..data`). Paths reported stay the visible ones. */
async function readVersion(dir: string, manifest: PinManifest, version: string): Promise<FixtureSet> {
  const source = version === '' ? dir : version;
  const pins = source === dir ? manifest : (JSON.parse(await readFile(join(source, PINS_FILE), 'utf8')) as PinManifest);
  const names = Object.keys(pins.certificates);
  const read = async (name: string, label: string): Promise<Uint8Array[]> => {
    const file = join(dir, name);
    // The visible file must still be there: a deleted output means a damaged set.
    const text = await access(file).then(() => readFile(join(source, name), 'utf8')).catch((e: NodeJS.ErrnoException) => {
      throw new CertgenError(`cannot read (${e.code ?? e.message}): build the set again`, { file });
    });
    const blocks = pemBlocks(text).filter((b) => b.label === label || (label === 'PRIVATE KEY' && KEY_FILE_LABELS.has(b.label)));
    if (blocks.length === 0) throw new CertgenError(`no ${label} in this file: build the set again`, { file });
    return blocks.map((b) => (b.label === label ? b.der : pkcs8Of(b, file)));
  };

  const certs = new Map<string, Uint8Array>();
  await Promise.all(
    names.map(async (n) => {
      const der = (await read(pins.certificates[n]!.files.cert, 'CERTIFICATE'))[0]!;
      if (hexDigest('sha256', der) !== pins.certificates[n]!.certSha256) {
        throw new CertgenError(`does not match pins.json (certSha256 of "${n}"): build the set again`, { file: join(dir, pins.certificates[n]!.files.cert) });
      }
      certs.set(n, der);
    }),
  );
  // The certificate, then its issuers up to and including the root (which names itself as issuer).
  const chainOf = (name: string): Uint8Array[] => chainFrom(name, (n) => pins.certificates[n]!.issuer).map((n) => certs.get(n)!);

  const certificates = await Promise.all(
    names.map(async (name): Promise<[string, FileCertificate]> => {
      const info = pins.certificates[name]!;
      const [pkcs8, fullchain] = await Promise.all([read(info.files.key, 'PRIVATE KEY').then((k) => k[0]!), read(info.files.fullchain, 'CERTIFICATE')]);
      return [name, createHandle({ name, pkcs8, chain: chainOf(name), fullchain, info }, { paths: certificatePaths(dir, info) })];
    }),
  );
  return Object.freeze({
    name: pins.set,
    dir,
    certificates: Object.freeze(Object.fromEntries(certificates)),
    stores: storePaths(dir, await readdir(dir), pins),
    pins: deepFreeze(pins),
  });
}
