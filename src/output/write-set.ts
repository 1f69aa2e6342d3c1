/**
 * Writes a set so that readers and crashes only ever see a complete version (layout: state.ts).
 *
 * A new version is written in full to `..v-<random>/`, then `..data` is switched to it with one
 * rename() of a symlink, which is atomic: before it, `..data` names the old complete version,
 * after it the new one. Visible names are fixed symlinks `<file> -> ..data/<file>`, so they switch
 * together. Everything happens inside `out/<set>/`. The caller holds the set lock (lock.ts).
 *
 * A reader that needs several files of one build resolves `..data` once (loadSetSnapshot) and
 * reads them from that version dir; opening `<file>` paths one by one resolves `..data` each time,
 * so a swap between two opens gives each file whole but from two builds.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { DATA_LINK, STATE_FILE, VERSION_PREFIX, isSafeFileName, sha256Hex, type SetState } from './state.js';

export interface SetFile {
  name: string;
  bytes: Uint8Array;
  /** Permission bits, set explicitly (umask-independent): 0o600 for private keys, else 0o644. */
  mode: number;
}

const TMP_LINK_PREFIX = `${DATA_LINK}.tmp-`;

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

const rand = () => randomBytes(8).toString('hex');

async function fsyncPath(path: string): Promise<void> {
  const fh = await fsp.open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeFileDurably(path: string, bytes: Uint8Array, mode: number): Promise<void> {
  const fh = await fsp.open(path, 'wx', mode);
  try {
    await fh.chmod(mode); // open()'s mode is filtered by the umask
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Points `dir/name` at `target` with one rename(): readers see the old or the new entry, never none. */
async function replaceWithSymlink(dir: string, name: string, target: string): Promise<void> {
  const tmp = join(dir, TMP_LINK_PREFIX + rand());
  await fsp.symlink(target, tmp);
  try {
    await fsp.rename(tmp, join(dir, name));
  } catch (e) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Runs `fn` over `items`, at most BATCH at a time (enough to keep the disk busy, few open files). */
const BATCH = 32;
async function inBatches<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    // allSettled: on a failure, nothing of this batch is still writing when the caller cleans up.
    const failed = (await Promise.allSettled(items.slice(i, i + BATCH).map(fn))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

async function readLinkOrNull(path: string): Promise<string | null> {
  try {
    return await fsp.readlink(path);
  } catch (e) {
    if (errno(e) === 'ENOENT') return null;
    if (errno(e) === 'EINVAL') throw new Error(`${path} exists and is not a symlink; remove it`);
    throw e;
  }
}

/**
 * Replaces the content of `outDir/set/` with `files` and their state, atomically. File names must
 * be plain names (validated earlier; refused here again). The caller holds the set lock.
 */
export async function writeSet(
  outDir: string,
  set: string,
  files: readonly SetFile[],
  state: Omit<SetState, 'files'>,
): Promise<void> {
  const seen = new Set<string>();
  for (const f of files) {
    if (!isSafeFileName(f.name)) throw new Error(`refusing to write ${JSON.stringify(f.name)}: not a plain file name`);
    if (seen.has(f.name)) throw new Error(`refusing to write ${JSON.stringify(f.name)} twice`);
    seen.add(f.name);
  }
  if (!isSafeFileName(set)) throw new Error(`refusing set name ${JSON.stringify(set)}`);

  const dir = join(outDir, set);
  await fsp.mkdir(dir, { recursive: true });
  const current = await readLinkOrNull(join(dir, DATA_LINK));

  // Leftovers of a killed build: versions never (or no longer) current, half-made symlinks.
  for (const entry of await fsp.readdir(dir)) {
    if ((entry.startsWith(VERSION_PREFIX) && entry !== current) || entry.startsWith(TMP_LINK_PREFIX)) {
      await fsp.rm(join(dir, entry), { recursive: true, force: true });
    }
  }

  const version = VERSION_PREFIX + rand();
  const versionDir = join(dir, version);
  await fsp.mkdir(versionDir);
  const hashes: Record<string, string> = {};
  try {
    // Files are independent until the commit point: write them a batch at a time (large sets have thousands).
    await inBatches(files, async (f) => {
      await writeFileDurably(join(versionDir, f.name), f.bytes, f.mode);
      hashes[f.name] = sha256Hex(f.bytes);
    });
    const full: SetState = {
      version: state.version,
      templateHash: state.templateHash,
      inputsHash: state.inputsHash,
      files: Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      notAfter: state.notAfter,
      expectValid: state.expectValid,
      ...(state.staleAfter !== undefined && { staleAfter: state.staleAfter }),
    };
    await writeFileDurably(join(versionDir, STATE_FILE), new TextEncoder().encode(`${JSON.stringify(full, null, 2)}\n`), 0o644);
    await fsyncPath(versionDir); // the directory entries must be durable before ..data names them
    // The commit point.
    await replaceWithSymlink(dir, DATA_LINK, version);
  } catch (e) {
    await fsp.rm(versionDir, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }

  // From here the new set is current. A crash below leaves it current with some visible link
  // missing or extra: freshness then reports it stale and the next build repairs it.
  await inBatches(files, async (f) => {
    const target = `${DATA_LINK}/${f.name}`;
    if ((await fsp.readlink(join(dir, f.name)).catch(() => null)) !== target) {
      await replaceWithSymlink(dir, f.name, target); // also replaces a regular file of an older layout
    }
  });
  for (const entry of await fsp.readdir(dir)) {
    if (entry.startsWith('..') || seen.has(entry)) continue;
    // Only our own links: a stranger's file in the folder is not ours to delete.
    const link = await fsp.readlink(join(dir, entry)).catch(() => null);
    if (link?.startsWith(`${DATA_LINK}/`)) await fsp.unlink(join(dir, entry)).catch(() => undefined);
  }
  for (const entry of await fsp.readdir(dir)) {
    if (entry.startsWith(VERSION_PREFIX) && entry !== version) {
      await fsp.rm(join(dir, entry), { recursive: true, force: true });
    }
  }
  await fsyncPath(dir);
}
