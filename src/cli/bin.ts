// The certgen executable. A plain `build` is answered without yargs: its up-to-date check runs on
// node built-ins alone, and the build itself loads only what building needs. Every other command
// line goes through the full CLI.
import { parsePlainBuild, reportUpToDate } from './fast-build.js';
import { processIo } from './io.js';

const argv = process.argv.slice(2);
const io = processIo();
const plain = parsePlainBuild(argv);
if (plain) {
  if (!(await reportUpToDate(plain, io))) {
    const { runPlainBuild } = await import('./plain-build.js');
    process.exitCode = await runPlainBuild(plain, io);
  }
} else {
  const { run } = await import('./main.js');
  process.exitCode = await run(argv, io);
}
