// The certgen executable.
import { runCli } from './entry.js';
import { processIo } from './io.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
