// The certgen executable. The up-to-date check runs on node built-ins alone; the full CLI
// (yargs, YAML, validator, crypto) is loaded only when there is work to do.
import { tryFastBuild } from './fast-build.js';
import { processIo } from './io.js';

const argv = process.argv.slice(2);
const io = processIo();
if (!(await tryFastBuild(argv, io))) {
  const { run } = await import('./main.js');
  process.exitCode = await run(argv, io);
}
