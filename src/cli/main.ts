import yargs, { type Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import { buildCommand, checkCommand } from './commands/build.js';
import { initCommand } from './commands/init.js';
import { inspectCommand } from './commands/inspect.js';
import { pinsCommand } from './commands/pins.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';
import { verifyCommand } from './commands/verify.js';
import { reportError } from './exit-status.js';
import { processIo, type CliIo } from './io.js';

/** A command module: yargs wiring plus a handler that returns the exit status. */
export interface Command<A = Record<string, unknown>> {
  readonly command: string;
  readonly describe: string;
  readonly builder: (y: Argv) => Argv<A>;
  readonly run: (args: A, io: CliIo) => Promise<number>;
}

// Each command types its own arguments; the registry only needs the shared shape.
const COMMANDS = [buildCommand, checkCommand, pinsCommand, inspectCommand, initCommand, schemaCommand, verifyCommand, serveCommand] as unknown as readonly Command[];

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
    parser = parser.command(c.command, c.describe, c.builder, async (args) => {
      status = await c.run(args, io);
    });
  }
  try {
    await parser.parseAsync();
    return status;
  } catch (e) {
    return reportError(e, io);
  }
}
