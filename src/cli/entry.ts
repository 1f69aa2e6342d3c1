/**
 * The whole command line as the executable runs it: a plain `build` is answered without yargs
 * (its up-to-date check runs on node built-ins alone, and the build itself loads only what
 * building needs); every other command line goes through the full CLI.
 */
import { parsePlainBuild, reportUpToDate } from './fast-build.js';
import type { CliIo } from './io.js';

/** Returns the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const plain = parsePlainBuild(argv);
  if (plain) {
    if (await reportUpToDate(plain, io)) return 0;
    const { runPlainBuild } = await import('./plain-build.js');
    return runPlainBuild(plain, io);
  }
  const { run } = await import('./main.js');
  return run(argv, io);
}
