/**
 * Writes a set so that readers and crashes only ever see a complete version (layout: state.ts).
 *
 * A new version is written in full to `..v-<hash>/`, named by its content (the hash of its state
 * file, which lists every file's hash): two identical builds give identical folders, link targets
 * included. Then `..data` is switched to it with one rename() of a symlink, which is atomic:
 * before it, `..data` names the old complete version, after it the new one. Visible names are
 * fixed symlinks `<file> -> ..data/<file>`, so they switch together. Everything happens inside
 * `out/<set>/`, which must be a real folder (set-folder.ts). The caller holds the set lock.
 *
 * Speed (sets have thousands of files): each file costs one open, one write and one close, done
 * synchronously (a thread-pool round trip per call cost more than the calls); the mode is given
 * at open and fixed with a chmod only when the umask took bits away; a visible link is created
 * directly where the name is free and read back only where it exists. Durability is decided at
 * the swap: the version folder is fsynced before `..data` names it and the set folder after.
 * File contents are not fsynced one by one (that cost 0.7 ms a file on ext4); a power loss may
 * leave a file of the new version short, which freshness sees (every file's hash is in the
 * state) and the next build repairs. A process killed at any moment leaves the old or the new
 * complete set.
 *
 * A reader that needs several files of one build resolves `..data` once (loadSetSnapshot) and
 * reads them from that version dir; the previous version is removed right after the swap, so
 * such a reader retries when its version vanished (load() does).
 */
import { Buffer } from 'node:buffer';
import {
  chmodSync,
  closeSync,
  fsyncSync,
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
import { join } from 'node:path';
import { inTheWay, writeFailure } from './fs-failure.js';
import { linksAlongside, type LinksAlongside } from './links-alongside.js';
import { KEY_TMP_PREFIX } from './secrets.js';
import { ensureSetFolder, FOLDER_MODE } from './set-folder.js';
import { DATA_LINK, STATE_FILE, VERSION_PREFIX, isSafeFileName, sha256Hex, type SetState } from './state.js';

export interface SetFile {
  name: string;
  bytes: Uint8Array;
  /** Permission bits, set explicitly (umask-independent): 0o600 for private keys, else 0o644. */
  mode: number;
}

const TMP_LINK_PREFIX = `${DATA_LINK}.tmp-`;
/** Files written between two yields to the event loop (a large set must not block it for a second). */
const YIELD_EVERY = 512;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The state file's text: the build's record plus every file's hash, in a fixed order. */
function stateText(state: Omit<SetState, 'files'>, files: readonly SetFile[]): string {
  const hashes = files.map((f): [string, string] => [f.name, sha256Hex(f.bytes)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const full: SetState = { ...state, files: Object.fromEntries(hashes) };
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

/** Whether the version folder `versionDir` holds exactly `files` and `text` as its state. */
function holdsExactly(versionDir: string, files: readonly SetFile[], text: string): boolean {
  try {
    if (!lstatSync(versionDir).isDirectory()) return false; // a symbolic link is not followed
    if (readdirSync(versionDir).length !== files.length + 1) return false;
    if (readFileSync(join(versionDir, STATE_FILE), 'utf8') !== text) return false;
    return files.every((f) => Buffer.from(f.bytes).equals(readFileSync(join(versionDir, f.name))));
  } catch {
    return false;
  }
}

/**
 * Writes `files` and the state `text` into the new folder `dir/version`, then makes it current.
 * On failure the folder is removed and `..data` is untouched.
 */
async function commitVersion(dir: string, version: string, files: readonly SetFile[], text: string, links: LinksAlongside): Promise<void> {
  const versionDir = join(dir, version);
  mkdirSync(versionDir, { mode: FOLDER_MODE });
  let path = versionDir;
  try {
    // The bits the umask took from the folder are the ones it takes from files: chmod only then.
    const masked = FOLDER_MODE & ~statSync(versionDir).mode;
    if (masked !== 0) chmodSync(versionDir, FOLDER_MODE);
    const write = (name: string, bytes: Uint8Array, mode: number) => {
      path = `${versionDir}/${name}`; // a plain name (checked): no join() per file
      writeFileSync(path, bytes, { flag: 'wx', mode });
      if ((mode & masked) !== 0) chmodSync(path, mode);
    };
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      write(f.name, f.bytes, f.mode);
      if (i % YIELD_EVERY === YIELD_EVERY - 1) {
        await yieldToLoop();
        links.topUp();
      }
    }
    // The state file may record digests of secrets (state.ts): readable by the owner only.
    write(STATE_FILE, new TextEncoder().encode(text), 0o600);
    path = dir;
    await links.settle(); // the new visible names are in place when the set appears
    path = versionDir;
    fsyncFolder(versionDir); // the entries must be durable before ..data names them
    path = join(dir, DATA_LINK);
    replaceWithSymlink(dir, DATA_LINK, version); // the commit point
  } catch (e) {
    rmSync(versionDir, { recursive: true, force: true });
    throw writeFailure(e, path, 'unchanged');
  }
}

/**
 * Replaces the content of `outDir/set/` with `files` and their state, atomically. File names must
 * be plain names (validated earlier; refused here again). The caller holds the set lock.
 *
 * @throws {CertgenError} naming the path and the errno when the filesystem refuses a step, and
 *   saying whether the previous set is still the current one.
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

  const dir = ensureSetFolder(outDir, set);
  let entries: Map<string, Dirent>;
  let current: string | null;
  try {
    entries = new Map(readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d]));
    // What would make the swap or a visible link fail: refused before anything is written.
    const data = entries.get(DATA_LINK);
    if (data && !data.isSymbolicLink()) throw inTheWay(join(dir, DATA_LINK), `${DATA_LINK} is not a symbolic link`);
    for (const name of seen) {
      if (entries.get(name)?.isDirectory()) throw inTheWay(join(dir, name), 'a folder is where certgen writes a file');
    }
    current = data ? readlinkSync(join(dir, DATA_LINK)) : null;
    // Leftovers of a killed build: versions never (or no longer) current, half-made symlinks.
    for (const name of entries.keys()) {
      if ((name.startsWith(VERSION_PREFIX) && name !== current) || name.startsWith(TMP_LINK_PREFIX) || name.startsWith(KEY_TMP_PREFIX)) {
        rmSync(join(dir, name), { recursive: true, force: true });
      }
    }
  } catch (e) {
    throw writeFailure(e, dir, 'unchanged');
  }

  const text = stateText(state, files);
  const version = versionName(text);
  const links = linksAlongside(dir, [...seen].filter((name) => !entries.has(name)));
  try {
    if (version !== current) {
      await commitVersion(dir, version, files, text, links);
    } else if (!holdsExactly(join(dir, version), files, text)) {
      // The same content as the current version, whose files were damaged: go through another
      // name so that ..data always names a complete version, then back to the content's name.
      const detour = versionName(`${text}\0detour`);
      await commitVersion(dir, detour, files, text, links);
      rmSync(join(dir, version), { recursive: true, force: true });
      await commitVersion(dir, version, files, text, links);
      rmSync(join(dir, detour), { recursive: true, force: true });
    }
  } catch (e) {
    await links.undo();
    throw e;
  }

  // From here the new set is current. A crash below leaves it current with some visible link
  // missing or extra: freshness then reports it stale and the next build repairs it.
  let path = dir;
  try {
    // Names that were free are linked already (or now, when this version was current already).
    const taken = new Set(await links.settle());
    for (const name of seen) {
      const target = `${DATA_LINK}/${name}`;
      const entry = entries.get(name);
      path = `${dir}/${name}`;
      if (entry === undefined ? !taken.has(name) : entry.isSymbolicLink() && readLinkOr(path) === target) continue;
      replaceWithSymlink(dir, name, target); // also replaces a regular file of an older layout
    }
    for (const [name, entry] of entries) {
      if (name.startsWith('..') || seen.has(name) || !entry.isSymbolicLink()) continue;
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
