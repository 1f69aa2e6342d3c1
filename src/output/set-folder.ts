/**
 * The folders a build writes into, `out/` and `out/<set>/`: created 0755 whatever the umask
 * (another local user must not be able to swap files in them), and the set folder must be a real
 * folder, never a symbolic link, so nothing is ever written outside `out/`. Node built-ins and
 * errors only: the lock (on the no-op path's import graph) calls it.
 */
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { errnoOf, inTheWay, writeFailure } from './fs-failure.js';

/** The mode of every folder certgen creates. */
export const FOLDER_MODE = 0o755;

/** mkdir -p with mode 0755 on every folder it creates (mkdir's mode is filtered by the umask). */
function makeFolders(path: string): void {
  let first: string | undefined;
  try {
    first = mkdirSync(path, { recursive: true, mode: FOLDER_MODE });
  } catch (e) {
    // mkdir -p says EEXIST when the path is a file: what the user needs to hear is "not a folder".
    if (errnoOf(e) === 'EEXIST') throw Object.assign(new Error(`${path} is not a folder`), { code: 'ENOTDIR', path });
    throw e;
  }
  if (first === undefined) return;
  const top = resolve(first);
  for (let p = resolve(path); ; p = dirname(p)) {
    chmodSync(p, FOLDER_MODE);
    if (p === top || dirname(p) === p) break;
  }
}

/**
 * Makes sure `outDir/set/` exists as a real folder and returns its path. A set folder that is a
 * symbolic link (even to a folder) or not a folder is refused with one line: following it would
 * write outside `out/`. An existing folder keeps the mode its owner gave it.
 */
export function ensureSetFolder(outDir: string, set: string): string {
  const dir = join(outDir, set);
  try {
    makeFolders(outDir);
    let st;
    try {
      st = lstatSync(dir);
    } catch (e) {
      if (errnoOf(e) !== 'ENOENT') throw e;
      makeFolders(dir);
      return dir;
    }
    if (st.isSymbolicLink()) throw inTheWay(dir, 'the set folder is a symbolic link (certgen writes only inside the output folder)', 'nothing-written');
    if (!st.isDirectory()) throw inTheWay(dir, 'the set folder is not a folder', 'nothing-written');
    return dir;
  } catch (e) {
    throw writeFailure(e, dir, 'nothing-written');
  }
}
