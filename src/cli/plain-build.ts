import { BUILD_DEFAULTS } from './build-defaults.js';
import { runBuild } from './commands/build.js';
import { reportError } from './exit-status.js';
import type { PlainBuildArgs } from './fast-build.js';
import type { CliIo } from './io.js';

/** A plain `certgen build` that has work to do: the build command itself, without loading yargs. */
export async function runPlainBuild(args: PlainBuildArgs, io: CliIo): Promise<number> {
  try {
    return await runBuild({ ...BUILD_DEFAULTS, ...args }, io);
  } catch (e) {
    return reportError(e, io);
  }
}
