/**
 * Loads a CommonJS bundle with a V8 code cache made when the bundle was built (Node 20 has no
 * module.enableCompileCache). Compiling the build path's ~1 MB of JavaScript, and lazily compiling
 * its functions on first call (the precompiled template validator is one 200 kB function), cost
 * about 40 ms of every cold `certgen build`; the cache holds the bytecode of every function a
 * training build ran. V8 checks the cache against its own version, flags and the source; a
 * rejected cache (another Node version) only means compiling as usual.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export interface CachedModule {
  readonly exports: Record<string, unknown>;
  /** Whether V8 refused the cache (or there was none): the code was compiled from source. */
  readonly compiled: boolean;
  /** A code cache of everything compiled so far (for the build's training run). */
  readonly createCache: () => Buffer;
}

/** `file`'s cache lives beside it. */
export const cacheFileOf = (file: string): string => `${file}.cache`;

/**
 * Runs `file` (a self-contained CommonJS bundle: it may require only node built-ins) as a module,
 * with its code cache when one is there. `name` is the file's name in stack traces: V8 keeps the
 * name the cache was made under, so it must not depend on where the package was built or lies.
 */
export function loadWithCodeCache(file: string, name: string): CachedModule {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFileOf(file));
  } catch {
    cachedData = undefined;
  }
  // The bundle is ASCII (esbuild escapes the rest), so latin1 reads it exactly and fastest.
  const source = readFileSync(file, 'latin1');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: name, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, require, module, file, dirname(file));
  return { exports: module.exports, compiled: cachedData === undefined || script.cachedDataRejected === true, createCache: () => script.createCachedData() };
}
