/**
 * The build state of one output set and how to read it consistently.
 *
 * Layout of `out/<set>/` (Kubernetes AtomicWriter style, see write-set.ts):
 *   ..v-<random>/          one complete version: every file plus `.certgen-state.json`
 *   ..data -> ..v-<random> the current version (relative symlink, swapped atomically)
 *   <file> -> ..data/<file> what users read
 *   ..lock                 the build lock (lock.ts)
 *
 * This module is on the no-op (`up to date`) path: node built-ins, fs-failure.ts and errors.ts only.
 */
import { hexDigest } from '../crypto/digest.js';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { errnoOf } from './fs-failure.js';

/** What a build records about the set it wrote; stored as `..v-*\/.certgen-state.json`. */
export interface SetState {
  /** certgen version that built the set. */
  version: string;
  /** SHA-256 of the raw template file bytes (the cheap no-op check). */
  templateHash: string;
  /** SHA-256 of the parsed template (not of passwords read from the environment: see `env`). */
  inputsHash: string;
  /** Environment variables the template reads (`{env: VAR}`) and a keyed digest of their values (secrets.ts); absent when none. */
  env?: { names: string[]; digest: string };
  /** Every written file (not the state file itself) → lowercase hex SHA-256 of its bytes. */
  files: Record<string, string>;
  /** Certificate name → its notAfter, ISO 8601. */
  notAfter: Record<string, string>;
  /** Certificates meant to be valid: their expiry makes the set stale. */
  expectValid: string[];
  /**
   * Files meant to be current that go stale at a time: `<name>.ocsp.der` → its nextUpdate, ISO
   * 8601 (OCSP responses meant valid; a rebuild signs fresh ones). Absent when there are none.
   */
  staleAfter?: Record<string, string>;
}

export const STATE_FILE = '.certgen-state.json';
export const DATA_LINK = '..data';
export const VERSION_PREFIX = '..v-';
const VERSION_NAME = /^\.\.v-[0-9a-f]{16}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** Lowercase hex SHA-256. */
export const sha256Hex = (data: Uint8Array | string): string => hexDigest('sha256', data);

/**
 * Whether `name` may be a file of a set: a plain name inside `out/<set>/`, never a path, never one
 * of the `..`-prefixed names the layout reserves, never the state file.
 */
export function isSafeFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name !== '.' &&
    !name.startsWith('..') &&
    !name.includes('/') &&
    !name.includes('\\') &&
    !name.includes('\0') &&
    name !== STATE_FILE
  );
}

/** The result of reading a set's state pinned to one version. */
export type SetSnapshot =
  | { status: 'missing' }
  | { status: 'invalid'; reason: string }
  | { status: 'ok'; /** absolute-or-relative path of the pinned version dir */ versionDir: string; state: SetState };


function isStringRecord(v: unknown, valueOk: (s: string) => boolean): v is Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((x) => typeof x === 'string' && valueOk(x));
}

function parseState(text: string): SetState | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'build state is not valid JSON';
  }
  if (typeof raw !== 'object' || raw === null) return 'build state is not an object';
  const s = raw as Record<string, unknown>;
  if (typeof s.version !== 'string' || typeof s.templateHash !== 'string' || typeof s.inputsHash !== 'string') {
    return 'build state lacks version or hashes';
  }
  if (!isStringRecord(s.files, (h) => HEX64.test(h)) || !Object.keys(s.files).every(isSafeFileName)) {
    return 'build state has a bad file list';
  }
  if (!isStringRecord(s.notAfter, (d) => !Number.isNaN(Date.parse(d)))) return 'build state has a bad notAfter';
  if (!Array.isArray(s.expectValid) || !s.expectValid.every((c) => typeof c === 'string')) {
    return 'build state has a bad expectValid';
  }
  if (s.staleAfter !== undefined && !isStringRecord(s.staleAfter, (d) => !Number.isNaN(Date.parse(d)))) return 'build state has a bad staleAfter';
  const env = s.env as { names?: unknown; digest?: unknown } | undefined;
  if (env !== undefined && (!Array.isArray(env.names) || !env.names.every((n) => typeof n === 'string') || typeof env.digest !== 'string')) {
    return 'build state has a bad env';
  }
  return {
    version: s.version,
    templateHash: s.templateHash,
    inputsHash: s.inputsHash,
    ...(env ? { env: { names: env.names as string[], digest: env.digest as string } } : {}),
    files: s.files,
    notAfter: s.notAfter,
    expectValid: s.expectValid as string[],
    ...(s.staleAfter !== undefined && { staleAfter: s.staleAfter as Record<string, string> }),
  };
}

/**
 * Reads the state of `outDir/set` pinned to one version: `..data` is resolved once, so the state
 * and any file read from `versionDir` belong to the same build even while another build swaps
 * `..data`. A reader that wants several files of one build reads them from `versionDir` (and
 * retries if it vanished, which means a newer build replaced it). Synchronous: it is on the no-op
 * path and reads one small file.
 */
export function loadSetSnapshot(outDir: string, set: string): SetSnapshot {
  const dir = join(outDir, set);
  // Never read through a set folder that is a symbolic link: it may lead outside out/.
  try {
    if (lstatSync(dir).isSymbolicLink()) return { status: 'invalid', reason: 'the set folder is a symbolic link' };
  } catch {
    return { status: 'missing' };
  }
  // A concurrent build may delete the version we resolved between readlink and read: retry then.
  for (let attempt = 0; attempt < 10; attempt++) {
    let target: string;
    try {
      target = readlinkSync(join(dir, DATA_LINK));
    } catch (e) {
      const code = errnoOf(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
      if (code === 'EINVAL') return { status: 'invalid', reason: `${DATA_LINK} is not a symlink` };
      throw e;
    }
    // Never follow a hand-made ..data out of the set.
    if (!VERSION_NAME.test(target)) return { status: 'invalid', reason: `${DATA_LINK} points to ${target}` };
    const versionDir = join(dir, target);
    let text: string;
    try {
      // A hand-made version "folder" that is a symbolic link may lead outside out/: not followed.
      if (!lstatSync(versionDir).isDirectory()) return { status: 'invalid', reason: `${target} is not a folder` };
      text = readFileSync(join(versionDir, STATE_FILE), 'utf8');
    } catch (e) {
      if (errnoOf(e) !== 'ENOENT' && errnoOf(e) !== 'ENOTDIR') throw e;
      let now: string | undefined;
      try {
        now = readlinkSync(join(dir, DATA_LINK));
      } catch {
        now = undefined;
      }
      if (now !== undefined && now !== target) continue;
      return { status: 'invalid', reason: 'build state is missing' };
    }
    const state = parseState(text);
    return typeof state === 'string' ? { status: 'invalid', reason: state } : { status: 'ok', versionDir, state };
  }
  return { status: 'invalid', reason: 'the set kept changing while being read' };
}

/** The state of the current build of `outDir/set`, or null when there is none (or it is unreadable). */
export async function readSetState(outDir: string, set: string): Promise<SetState | null> {
  const snap = loadSetSnapshot(outDir, set);
  return snap.status === 'ok' ? snap.state : null;
}
