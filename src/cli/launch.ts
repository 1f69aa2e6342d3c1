/**
 * What bin/certgen.js runs, bundled as CommonJS (dist/cli/launch.cjs): a Node start through the
 * ESM loader costs ~8 ms more than a CommonJS one, and the no-op build has ~20 ms in all. A plain
 * `build` that finds every set up to date answers here on node built-ins alone; one with work to
 * do runs dist/cli/plain-build.cjs with its code cache; every other command line goes to the ESM
 * CLI (dist/cli/bin.js).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadWithCodeCache } from './code-cache.js';
import { parsePlainBuild, reportUpToDate } from './fast-build.js';
import { processIo } from './io.js';
import type { runPlainBuild } from './plain-build.js';

// Only meaningful in the CommonJS bundle, which is the only way this module runs.
const here = __dirname;

/** The plain build's bundle, loaded with its code cache. */
export function loadPlainBuild() {
  const loaded = loadWithCodeCache(join(here, 'plain-build.cjs'), 'certgen/dist/cli/plain-build.cjs');
  return { ...loaded, runPlainBuild: loaded.exports['runPlainBuild'] as typeof runPlainBuild };
}

export async function launch(argv: readonly string[]): Promise<void> {
  const plain = parsePlainBuild(argv);
  if (!plain) {
    // dist/cli/bin.js runs the command line itself and sets the exit status.
    await import(pathToFileURL(join(here, 'bin.js')).href);
    return;
  }
  const io = processIo();
  if (await reportUpToDate(plain, io)) return;
  process.exitCode = await loadPlainBuild().runPlainBuild(plain, io);
}
