/**
 * A filesystem error met while writing a set, as the one line the CLI prints: the path, the errno
 * and what it means, and whether the previous set is still the current one. Node built-ins and
 * errors.ts only (the lock, on the no-op path's import graph, uses it).
 */
import { CertgenError } from '../errors.js';

const MEANING: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'not a folder',
  EISDIR: 'is a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'name too long',
  EIO: 'input/output error',
};

/** Where a failed build left the set. */
export type Outcome = 'unchanged' | 'nothing-written' | 'new-set-links-incomplete';
const OUTCOME: Readonly<Record<Outcome, string>> = {
  unchanged: 'the previous set is unchanged',
  'nothing-written': 'nothing was written',
  'new-set-links-incomplete': 'the new set is in place but some visible names are missing: build again',
};

/** The errno of a Node filesystem error, or undefined for anything else. */
export function errnoOf(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/**
 * `e` as a CertgenError naming `path` (or the path Node attached) and the errno; CertgenErrors
 * and non-filesystem errors are returned as they are.
 */
export function writeFailure(e: unknown, path: string, outcome: Outcome): unknown {
  const code = errnoOf(e);
  if (e instanceof CertgenError || code === undefined) return e;
  const file = (e as NodeJS.ErrnoException).path ?? path;
  const meaning = MEANING[code];
  return new CertgenError(`cannot write (${code}${meaning ? `: ${meaning}` : ''}); ${OUTCOME[outcome]}`, { file }, { cause: e });
}

/** A folder entry that is in the way of the build, refused before anything is written. */
export function inTheWay(path: string, what: string, outcome: Outcome = 'unchanged'): CertgenError {
  return new CertgenError(`${what}: remove it; ${OUTCOME[outcome]}`, { file: path });
}
