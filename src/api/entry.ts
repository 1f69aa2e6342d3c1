/**
 * The package entry's functions, each loading its part of the engine on first call, so that
 * importing the package itself costs next to nothing (a test suite imports it in every worker,
 * and most workers use one function or none). The signatures are the modules' own.
 */
import type * as BuildModule from './build.js';
import type * as CaModule from './ca.js';
import type * as GenerateModule from './generate.js';
import type * as LoadModule from './load.js';
import type * as ServeModule from './serve.js';

/** Builds template sets into `OUT/<set>/` as `certgen build` does (api/build.ts). */
export const build: typeof BuildModule.build = async (...args) => (await import('./build.js')).build(...args);
/** A self-signed CA in memory that issues certificates (api/ca.ts). */
export const createCA: typeof CaModule.createCA = async (...args) => (await import('./ca.js')).createCA(...args);
/** A template object through the whole engine, in memory; nothing is written (api/generate.ts). */
export const generate: typeof GenerateModule.generate = async (...args) => (await import('./generate.js')).generate(...args);
/** Sets that `certgen build` wrote, read back from `OUT/<set>/` (api/load.ts). */
export const load: typeof LoadModule.load = async (...args) => (await import('./load.js')).load(...args);
/** The built sets' CRLs, CA certificates and live OCSP over loopback HTTP, as `certgen serve` (api/serve.ts). */
export const serve: typeof ServeModule.serve = async (...args) => (await import('./serve.js')).serve(...args);
