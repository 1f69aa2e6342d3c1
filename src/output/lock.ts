/**
 * The per-set build lock `out/<set>/..lock`: serialises builds of one set across processes, and
 * cannot be left stuck by a killed process (its pid is dead → the lock is broken at once).
 *
 * Callers check freshness first without the lock (the no-op path), then take the lock and check
 * again before building: another worker may have built the set while this one waited.
 *
 * On the no-op path's import graph: node built-ins, errors.ts and this folder's small modules only.
 * The uncontended path (create, sweep, release) is synchronous: seven small file operations cost
 * less than as many thread-pool round trips, and a cold build then never loads node:fs/promises.
 */
import { randomBytes } from 'node:crypto';
import { constants, linkSync, lstatSync, promises as fsp, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CertgenError } from '../errors.js';
import { errnoOf, writeFailure } from './fs-failure.js';
import { ensureSetFolder } from './set-folder.js';

export const LOCK_FILE = '..lock';
const LOCK_TMP_PREFIX = '..lock.tmp-';
const BREAK_FILE = '..lock.break';
/** Breaking a lock takes microseconds; a break marker this old was left by a killed breaker. */
const BREAK_STALE_MS = 10_000;
/** An unreadable lock this old was not being written (link() makes a lock appear complete). */
const GARBLED_STALE_MS = 10_000;

export interface LockOptions {
  /** Give up waiting after this long (default 120 s), with a CertgenError naming the holder. */
  timeoutMs?: number;
  /** Poll interval while waiting (default 25–50 ms, jittered so waiters do not move in step). */
  pollMs?: number;
  /** Called once, when the lock is found held by someone else and this call starts waiting. */
  onWait?: (holder: LockHolder) => void;
}

/** What a lock file records. */
export interface LockHolder {
  pid: number;
  host: string;
  started: string;
  /** Linux: the holder's start time in clock ticks since boot (/proc/<pid>/stat), against pid reuse. */
  pidStart?: string;
}

interface ReadHolder {
  ino: number;
  mtimeMs: number;
  holder: LockHolder | null; // null: unparseable
}


/** Field 22 of /proc/<pid>/stat (starttime); undefined where /proc is not available. */
function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote `h` is certainly gone. Unknown (other host...) counts as alive. */
function holderIsDead(h: LockHolder): boolean {
  if (h.host !== hostname()) return false;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    // EPERM: the pid exists but belongs to another user → alive.
    return errnoOf(e) === 'ESRCH';
  }
  // The pid is alive, but may have been reused by a new process since the holder died.
  if (h.pidStart !== undefined) {
    const now = procStart(h.pid);
    if (now !== undefined && now !== h.pidStart) return true;
  }
  return false;
}

function parseHolder(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text) as Partial<LockHolder> | null;
    if (v && Number.isInteger(v.pid) && (v.pid as number) > 0 && typeof v.host === 'string') {
      const h: LockHolder = { pid: v.pid as number, host: v.host, started: String(v.started ?? '') };
      if (typeof v.pidStart === 'string') h.pidStart = v.pidStart;
      return h;
    }
  } catch {
    /* garbled */
  }
  return null;
}

/**
 * Reads the lock file through one open file, so content and inode belong together. A lock that is
 * not a regular file (a symbolic link, a folder, a FIFO...) was not made by certgen: it is refused,
 * never followed or waited for.
 */
async function readLock(path: string): Promise<ReadHolder | undefined> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return undefined;
    if (errnoOf(e) === 'ELOOP') throw notALock(path, 'a symbolic link');
    throw e;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw notALock(path, st.isDirectory() ? 'a folder' : 'not a regular file');
    const text = await fh.readFile('utf8');
    return { ino: st.ino, mtimeMs: st.mtimeMs, holder: parseHolder(text) };
  } finally {
    await fh.close();
  }
}

function notALock(path: string, what: string): CertgenError {
  return new CertgenError(`the build lock is ${what}, not a lock certgen made: remove it if no build is running; the previous set is unchanged`, { file: path });
}

function isStale(r: ReadHolder): boolean {
  return r.holder === null ? Date.now() - r.mtimeMs > GARBLED_STALE_MS : holderIsDead(r.holder);
}

/**
 * Creates the lock with its content in one step: write a private temp file, then link() it to
 * `..lock` (fails with EEXIST if taken). A plain open('wx') + write would leave an empty lock,
 * with no pid to check, if the process died in between. Returns the lock's inode, or undefined.
 */
function tryCreate(dir: string, lockPath: string, content: string): number | undefined {
  const tmp = join(dir, `${LOCK_TMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  writeFileSync(tmp, content, { flag: 'wx', mode: 0o644 });
  try {
    linkSync(tmp, lockPath);
    return statSync(tmp).ino;
  } catch (e) {
    if (errnoOf(e) === 'EEXIST') return undefined;
    throw e;
  } finally {
    unlinkQuietly(tmp);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already, or not ours to remove: nothing to do.
  }
}

/**
 * Removes the stale lock whose inode is `ino`. Breakers take `..lock.break` first: without it,
 * breaker A could unlink the stale lock, a new holder C create its own, and breaker B (which had
 * just checked the stale inode) unlink C's live lock. Under the marker nothing can change
 * `..lock` between our check and our unlink: its dead holder cannot release it, no other breaker
 * runs, and nobody can create a lock while it exists.
 */
async function breakStale(dir: string, lockPath: string, ino: number): Promise<void> {
  const breakPath = join(dir, BREAK_FILE);
  const me = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() });
  try {
    await fsp.writeFile(breakPath, me, { flag: 'wx' });
  } catch (e) {
    if (errnoOf(e) !== 'EEXIST') throw e;
    // Another breaker is at work, or died at work: clear its marker if so, then let the caller poll.
    const other = await readLock(breakPath);
    if (other && (Date.now() - other.mtimeMs > BREAK_STALE_MS || (other.holder && holderIsDead(other.holder)))) {
      const st = await fsp.lstat(breakPath).catch(() => undefined);
      if (st?.ino === other.ino) await fsp.unlink(breakPath).catch(() => undefined);
    }
    return;
  }
  try {
    const again = await readLock(lockPath);
    if (!again || again.ino !== ino || !isStale(again)) return;
    const st = await fsp.lstat(lockPath).catch(() => undefined);
    if (st?.ino === ino) await fsp.unlink(lockPath).catch(() => undefined);
  } finally {
    await fsp.unlink(breakPath).catch(() => undefined);
  }
}

/** Removes temp lock files left by killed processes (their pid is in the name). */
function sweepTemps(dir: string): void {
  const me = hostname();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(LOCK_TMP_PREFIX)) continue;
    const pid = Number(name.slice(LOCK_TMP_PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && holderIsDead({ pid, host: me, started: '' })) unlinkQuietly(join(dir, name));
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` holding the build lock of `outDir/set` (creating `outDir/set/` if needed), and
 * releases it when `fn` settles. Waits for a live holder, breaks a dead one's lock at once.
 * Not re-entrant: calling it for the same set from inside `fn` waits for itself until timeout.
 */
export async function withSetLock<T>(outDir: string, set: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const dir = join(outDir, set);
  const lockPath = join(dir, LOCK_FILE);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  ensureSetFolder(outDir, set);

  const mine: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const start = procStart(process.pid);
  if (start !== undefined) mine.pidStart = start;
  const content = JSON.stringify(mine);

  let ino: number | undefined;
  let waited = false;
  let holder: LockHolder | null | undefined;
  try {
    // Every pass checks the deadline, whatever path it took: nothing in the folder can make it spin.
    for (let pass = 0; ; pass++) {
      if (pass > 0 && Date.now() >= deadline) {
        throw new CertgenError(
          holder
            ? `timed out after ${timeoutMs} ms waiting for the lock ${lockPath}, held by pid ${holder.pid} on ${holder.host} since ${holder.started}`
            : `timed out after ${timeoutMs} ms waiting for the lock ${lockPath} (unreadable; remove it if no build is running)`,
        );
      }
      ino = tryCreate(dir, lockPath, content);
      if (ino !== undefined) break;
      const current = await readLock(lockPath);
      holder = current?.holder;
      if (!current) continue; // released between our link() and open(): try again at once
      if (isStale(current)) {
        await breakStale(dir, lockPath, current.ino);
        // Retry at once unless another breaker is busy (then the lock is still there: poll).
        if (!(await fsp.lstat(lockPath).then((s) => s.ino === current.ino, () => false))) continue;
      }
      if (!waited && current.holder) {
        waited = true;
        opts.onWait?.(current.holder);
      }
      await sleep(opts.pollMs ?? 25 + Math.random() * 25);
    }
  } catch (e) {
    throw writeFailure(e, lockPath, 'unchanged');
  }

  try {
    sweepTemps(dir);
    return await fn();
  } finally {
    // Only remove our own lock: if it was (wrongly) taken from us, the file is someone else's.
    let own = false;
    try {
      own = lstatSync(lockPath).ino === ino;
    } catch {
      // Gone: nothing to release.
    }
    if (own) unlinkQuietly(lockPath);
  }
}
