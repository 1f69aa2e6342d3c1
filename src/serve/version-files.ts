/**
 * The files of one version of a built set (`out/<set>/..v-*`), pinned through `..data` once: a
 * rebuild that swaps the set while they are read cannot mix two builds. Reads never follow a
 * symlink and never leave the version folder, whatever was put there: `certgen serve` reads nothing
 * outside the out folder.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import { certificateFiles } from '../layout/file-names.js';
import { CertgenError } from '../errors.js';
import { loadSetSnapshot } from '../output/state.js';
import { pemBlocks } from '../stores/pem.js';

export interface VersionFiles {
  /** `out/<set>`, as files are named in messages. */
  readonly dir: string;
  /** The version folder read from. */
  readonly version: string;
  /** A file's bytes; a missing or unreadable file is a CertgenError naming it. */
  read(name: string): Promise<Uint8Array>;
  /** The same, null when the file does not exist. */
  readOptional(name: string): Promise<Uint8Array | null>;
  /** A certificate's DER, from `<name>.pem` (read once). */
  certificate(name: string): Promise<Uint8Array>;
  /** The error for a file that is not what the build writes. */
  damaged(name: string, detail: string): CertgenError;
}

/** The current version of `out/<set>`; a CertgenError when the set is not built or not intact. */
export async function openVersion(out: string, set: string): Promise<VersionFiles> {
  const dir = join(out, set);
  const snap = loadSetSnapshot(out, set);
  if (snap.status === 'missing') throw new CertgenError('not built: run certgen build first', { file: dir });
  if (snap.status === 'invalid') throw new CertgenError(`${snap.reason}: run certgen build again`, { file: dir });
  const version = snap.versionDir;
  // The version folder itself must be one: a symlink there could lead out of the out folder.
  if (!(await lstat(version).then((s) => s.isDirectory(), () => false))) throw new CertgenError(`${version} is not a folder: run certgen build again`, { file: dir });

  const damaged = (name: string, detail: string) => new CertgenError(`${detail}: run certgen build again`, { file: join(dir, name) });
  const readOptional = async (name: string): Promise<Uint8Array | null> => {
    const bytes = await readInside(version, name);
    if (typeof bytes === 'string') throw damaged(name, `cannot read (${bytes})`);
    return bytes;
  };
  const read = async (name: string): Promise<Uint8Array> => (await readOptional(name)) ?? Promise.reject(damaged(name, 'cannot read (ENOENT)'));
  const certificates = new Map<string, Promise<Uint8Array>>();
  const certificate = (name: string): Promise<Uint8Array> => {
    let der = certificates.get(name);
    if (der === undefined) {
      const file = certificateFiles(name).cert;
      der = read(file).then((bytes) => pemBlocks(new TextDecoder().decode(bytes)).find((b) => b.label === 'CERTIFICATE')?.der ?? Promise.reject(damaged(file, 'no CERTIFICATE block')));
      certificates.set(name, der);
    }
    return der;
  };
  return { dir, version, read, readOptional, certificate, damaged };
}

/** A file of the version folder: its bytes, null when it does not exist, else the error code. */
async function readInside(version: string, name: string): Promise<Uint8Array | null | string> {
  let handle;
  try {
    handle = await open(join(version, name), constants.O_RDONLY | constants.O_NOFOLLOW);
    return new Uint8Array(await handle.readFile());
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : code ?? (e as Error).message;
  } finally {
    await handle?.close();
  }
}
