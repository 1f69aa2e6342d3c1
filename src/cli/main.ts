import yargs from 'yargs';
import { UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import type { Command } from './command.js';
import { buildCommand, checkCommand } from './commands/build.js';
import { initCommand } from './commands/init.js';
import { inspectCommand } from './commands/inspect.js';
import { pinsCommand } from './commands/pins.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';
import { verifyCommand } from './commands/verify.js';
import { reportError } from './exit-status.js';
import { processIo, type CliIo } from './io.js';

const COMMANDS: readonly Command[] = [buildCommand, checkCommand, pinsCommand, inspectCommand, initCommand, schemaCommand, verifyCommand, serveCommand];

/**
 * Runs the CLI in-process and returns the exit status: 0 success, 1 a certgen error (the message
 * names the file and field; no stack trace), 2 command-line misuse.
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let status = 0;
  let parser = yargs([...argv])
    .scriptName('certgen')
    .usage('$0 <command> [options]\n\nA certificate authority and TLS test-fixture toolkit.')
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .strict()
    .demandCommand(1, 'name a command (certgen --help lists them)')
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message: string | undefined, error: Error | undefined) => {
      throw error ?? new UsageError(message ?? 'invalid command line');
    });
  for (const c of COMMANDS) {
    parser = c.register(parser, io, (s) => {
      status = s;
    });
  }
  try {
    await parser.parseAsync();
    return status;
  } catch (e) {
    return reportError(e, io);
  }
}
