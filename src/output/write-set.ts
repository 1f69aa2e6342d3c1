/**
 * Writes a set so that readers and crashes only ever see a complete version (layout: state.ts).
 *
 * A new version is written in full to a folder `..v-<random>/`, then renamed to `..v-<hash>/`,
 * named by its content (the hash of its state file, which lists every file's hash): two identical
 * builds give identical folders, link targets included. Then `..data` is switched to it with one
 * rename() of a symlink, which is atomic: before it, `..data` names the old complete version,
 * after it the new one. Visible names are fixed symlinks `<file> -> ..data/<file>`, so they switch
 * together. Everything happens inside `out/<set>/`, which must be a real folder (set-folder.ts).
 * The caller holds the set lock.
 *
 * Speed (sets have thousands of files): a build streams its files here as each certificate is
 * issued (`openVersion`), and for a set of 1,000 files or more a second thread (writer-thread.ts)
 * writes them while the main thread issues the next ones (smaller sets: the same code, inline):
 * one open, one write and one close a file, the mode given at open (a chmod only where the umask
 * took bits away), its SHA-256 for the state, and the visible link where the name was free (a
 * link made early names nothing until `..data` names a version holding its file; a failed build
 * removes it). Only names and hashes stay in memory. Durability is decided at the
 * swap: the version folder is fsynced before it is renamed and `..data` names it, the set folder
 * after. File contents are not fsynced one by one (that cost 0.7 ms a file on ext4); a power loss
 * may leave a file of the new version short, which freshness sees (every file's hash is in the
 * state) and the next build repairs. A process killed at any moment leaves the old or the new
 * complete set (and at most a `..v-` folder and links to files of no version, which the next build
 * removes or reuses).
 *
 * A reader that needs several files of one build resolves `..data` once (loadSetSnapshot) and
 * reads them from that version dir; the previous version is removed right after the swap, so
 * such a reader retries when its version vanished (load() does).
 */
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
  type Dirent,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { inTheWay, writeFailure } from './fs-failure.js';
import { KEY_TMP_PREFIX } from './secrets.js';
import { ensureSetFolder, FOLDER_MODE } from './set-folder.js';
import { DATA_LINK, STATE_FILE, VERSION_PREFIX, isSafeFileName, sha256Hex, type SetState } from './state.js';
import { spawnWriterThread, startWriter, type FileWriter, type WriterThread } from './writer-thread.js';

export interface SetFile {
  name: string;
  bytes: Uint8Array;
  /** Permission bits, set explicitly (umask-independent): 0o600 for private keys, else 0o644. */
  mode: number;
}

/** A version being written: files go in as they are made, then `commit` makes it the set. */
export interface VersionWriter {
  /** Hands files to the writer thread (the caller may drop them). Refuses unsafe or repeated names. */
  readonly add: (files: readonly SetFile[]) => void;
  /** Writes the state, makes the version current and the visible names point into it. */
  readonly commit: (state: Omit<SetState, 'files'>) => Promise<void>;
  /** Removes what was written (the previous set stays current). */
  readonly abort: () => Promise<void>;
}

const TMP_LINK_PREFIX = `${DATA_LINK}.tmp-`;
/** Files handed to the writer thread at a time: one message per certificate would cost more than its files. */
const BATCH = 64;
/**
 * From how many files a set is written by a thread: a thread needs ~70 ms to start (on the other
 * core), which the writes of ~1,000 files (250 leaves) outweigh on this machine's disk.
 */
export const THREAD_FROM_FILES = 1000;

/** The state file's text: the build's record plus every file's hash, in a fixed order. */
function stateText(state: Omit<SetState, 'files'>, hashes: readonly (readonly [string, string])[]): string {
  const sorted = [...hashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const full: SetState = { ...state, files: Object.fromEntries(sorted) };
  return `${JSON.stringify(full, null, 2)}\n`;
}

/** `..v-` and 16 hex digits of a hash of `text`: a version named by its content. */
const versionName = (text: string): string => VERSION_PREFIX + sha256Hex(text).slice(0, 16);

function fsyncFolder(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Points `dir/name` at `target` with one rename(): readers see the old or the new entry, never none. */
function replaceWithSymlink(dir: string, name: string, target: string): void {
  const tmp = join(dir, TMP_LINK_PREFIX + randomBytes(8).toString('hex'));
  symlinkSync(target, tmp);
  try {
    renameSync(tmp, join(dir, name));
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* the error that matters is the rename's */
    }
    throw e;
  }
}

const readLinkOr = (path: string): string | null => {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
};

/** Whether the version folder `versionDir` holds exactly the files of the state `text` (their hashes in `hashes`). */
function holdsExactly(versionDir: string, hashes: readonly (readonly [string, string])[], text: string): boolean {
  try {
    if (!lstatSync(versionDir).isDirectory()) return false; // a symbolic link is not followed
    if (readdirSync(versionDir).length !== hashes.length + 1) return false;
    if (readFileSync(join(versionDir, STATE_FILE), 'utf8') !== text) return false;
    return hashes.every(([name, hash]) => sha256Hex(readFileSync(join(versionDir, name))) === hash);
  } catch {
    return false;
  }
}

/** Refuses a name that is not a plain file name, or one already given. */
function claim(name: string, seen: Set<string>): void {
  if (!isSafeFileName(name)) throw new Error(`refusing to write ${JSON.stringify(name)}: not a plain file name`);
  if (seen.has(name)) throw new Error(`refusing to write ${JSON.stringify(name)} twice`);
  seen.add(name);
}

/**
 * Replaces the content of `outDir/set/` with `files` and their state, atomically. File names must
 * be plain names (validated earlier; refused here again, before anything is written). The caller
 * holds the set lock.
 *
 * @throws {CertgenError} naming the path and the errno when the filesystem refuses a step, and
 *   saying whether the previous set is still the current one.
 */
export async function writeSet(
  outDir: string,
  set: string,
  files: readonly SetFile[],
  state: Omit<SetState, 'files'>,
  options: { readonly thread?: boolean } = {},
): Promise<void> {
  const seen = new Set<string>();
  for (const f of files) claim(f.name, seen);
  const version = openVersion(outDir, set, { thread: (options.thread ?? files.length >= THREAD_FROM_FILES) ? spawnWriterThread() : null });
  try {
    version.add(files);
  } catch (e) {
    await version.abort();
    throw e;
  }
  await version.commit(state);
}

/**
 * Starts a new version of `outDir/set/`: clears a killed build's leftovers, refuses what would make
 * the swap fail, and starts the writer thread. The caller holds the set lock, calls `add` as files
 * are made and then `commit`, or `abort` if the build fails.
 */
export function openVersion(outDir: string, set: string, options: { readonly thread: WriterThread | null }): VersionWriter {
  if (!isSafeFileName(set)) throw new Error(`refusing set name ${JSON.stringify(set)}`);
  const dir = ensureSetFolder(outDir, set);
  let entries: Map<string, Dirent>;
  let current: string | null;
  const tmpDir = join(dir, VERSION_PREFIX + randomBytes(8).toString('hex'));
  let masked: number;
  try {
    entries = new Map(readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d]));
    // What would make the swap fail: refused before anything is written.
    const data = entries.get(DATA_LINK);
    if (data && !data.isSymbolicLink()) throw inTheWay(join(dir, DATA_LINK), `${DATA_LINK} is not a symbolic link`);
    current = data ? readlinkSync(join(dir, DATA_LINK)) : null;
    // Leftovers of a killed build: versions never (or no longer) current, half-made symlinks.
    for (const name of entries.keys()) {
      if ((name.startsWith(VERSION_PREFIX) && name !== current) || name.startsWith(TMP_LINK_PREFIX) || name.startsWith(KEY_TMP_PREFIX)) {
        rmSync(join(dir, name), { recursive: true, force: true });
      }
    }
    mkdirSync(tmpDir, { mode: FOLDER_MODE });
    // The bits the umask took from the folder are the ones it takes from files: chmod only then.
    masked = FOLDER_MODE & ~statSync(tmpDir).mode;
    if (masked !== 0) chmodSync(tmpDir, FOLDER_MODE);
  } catch (e) {
    rmSync(tmpDir, { recursive: true, force: true });
    void options.thread?.stop();
    throw writeFailure(e, dir, 'unchanged');
  }

  const thread: FileWriter = startWriter(tmpDir, dir, masked, options.thread);
  const seen = new Set<string>();
  const linked: string[] = []; // names the thread was asked to link (free when the build began)
  let batch: SetFile[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const files = batch.map((f) => ({ name: f.name, bytes: f.bytes, mode: f.mode, link: !entries.has(f.name) }));
    batch = [];
    try {
      thread.post(files);
    } catch (e) {
      throw writeFailure(e, dir, 'unchanged'); // an inline writer's error (the caller aborts)
    }
  };

  const abort = async (): Promise<void> => {
    await thread.stop();
    rmSync(tmpDir, { recursive: true, force: true });
    for (const name of linked) {
      // Free when the build began and we hold the lock: a link there now is one we asked for.
      if (readLinkOr(join(dir, name)) === `${DATA_LINK}/${name}`) rmSync(join(dir, name), { force: true });
    }
  };

  const add = (files: readonly SetFile[]): void => {
    for (const f of files) {
      claim(f.name, seen);
      if (entries.get(f.name)?.isDirectory()) throw inTheWay(join(dir, f.name), 'a folder is where certgen writes a file');
      if (!entries.has(f.name)) linked.push(f.name);
      batch.push(f);
      if (batch.length >= BATCH) flush();
    }
  };

  const commit = async (state: Omit<SetState, 'files'>): Promise<void> => {
    let path = tmpDir;
    let version: string;
    let taken: ReadonlySet<string>;
    let renamed: string | null = null;
    try {
      flush();
      const written = await thread.finish();
      taken = new Set(written.taken);
      const text = stateText(state, written.hashes);
      version = versionName(text);
      path = join(tmpDir, STATE_FILE);
      // The state file may record digests of secrets (state.ts): readable by the owner only.
      writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
      if ((0o600 & masked) !== 0) chmodSync(path, 0o600);
      path = tmpDir;
      fsyncFolder(tmpDir); // the entries must be durable before ..data names them
      if (version === current && holdsExactly(join(dir, version), written.hashes, text)) {
        rmSync(tmpDir, { recursive: true, force: true }); // the same set, intact: nothing to change
      } else if (version === current) {
        // The same content as the current version, whose files were damaged: ..data names the
        // complete new copy under its first name (the commit point), then a copy of it under the
        // content's name, so that a repaired set ends in the same folder as a clean build.
        path = join(dir, DATA_LINK);
        replaceWithSymlink(dir, DATA_LINK, basename(tmpDir));
        version = repairUnderContentName(dir, basename(tmpDir), version, masked);
      } else {
        path = join(dir, version);
        renameSync(tmpDir, path);
        renamed = path;
        path = join(dir, DATA_LINK);
        replaceWithSymlink(dir, DATA_LINK, version); // the commit point
      }
    } catch (e) {
      await abort();
      if (renamed !== null) rmSync(renamed, { recursive: true, force: true });
      throw writeFailure(e, path, 'unchanged');
    }
    finishLinks(dir, version, seen, entries, taken);
  };

  return { add, commit, abort };
}

/**
 * Makes `dir/version` (damaged, not current) a copy of the current `dir/from` (hard links: no new
 * file) and makes it current. Returns the version now current: `from` if anything failed, the
 * set being complete under that name either way.
 */
function repairUnderContentName(dir: string, from: string, version: string, masked: number): string {
  const target = join(dir, version);
  try {
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { mode: FOLDER_MODE });
    if (masked !== 0) chmodSync(target, FOLDER_MODE);
    for (const name of readdirSync(join(dir, from))) linkSync(join(dir, from, name), join(target, name));
    fsyncFolder(target);
    replaceWithSymlink(dir, DATA_LINK, version);
    return version;
  } catch {
    rmSync(target, { recursive: true, force: true });
    return from;
  }
}

/**
 * After the swap: visible names the thread did not link (they existed, or were taken meanwhile)
 * point into `..data`, links of files no longer in the set and older versions are removed.
 * A crash here leaves the new set current with some visible link missing or extra: freshness
 * then reports it stale and the next build repairs it.
 */
function finishLinks(dir: string, version: string, names: ReadonlySet<string>, entries: ReadonlyMap<string, Dirent>, taken: ReadonlySet<string>): void {
  let path = dir;
  try {
    for (const name of names) {
      const target = `${DATA_LINK}/${name}`;
      const entry = entries.get(name);
      path = `${dir}/${name}`;
      if (entry === undefined ? !taken.has(name) : entry.isSymbolicLink() && readLinkOr(path) === target) continue;
      replaceWithSymlink(dir, name, target); // also replaces a regular file of an older layout
    }
    for (const [name, entry] of entries) {
      if (name.startsWith('..') || names.has(name) || !entry.isSymbolicLink()) continue;
      // Only our own links: a stranger's file in the folder is not ours to delete.
      if (readLinkOr(join(dir, name))?.startsWith(`${DATA_LINK}/`)) rmSync(join(dir, name), { force: true });
    }
    path = dir;
    for (const name of readdirSync(dir)) {
      if (name.startsWith(VERSION_PREFIX) && name !== version) rmSync(join(dir, name), { recursive: true, force: true });
    }
    fsyncFolder(dir);
  } catch (e) {
    throw writeFailure(e, path, 'new-set-links-incomplete');
  }
}
