import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { CliIo } from './io.js';

/** A command as the CLI's registry holds it: yargs wiring whose handler reports the exit status. */
export interface Command {
  /** Adds the command to a parser; `done` receives the handler's exit status. */
  readonly register: (parser: Argv, io: CliIo, done: (status: number) => void) => Argv;
}

/**
 * A command from its yargs builder and its handler. The handler's arguments are the type yargs
 * infers from the builder's options, so the two cannot disagree and nothing is cast.
 */
export function defineCommand<A>(spec: {
  readonly command: string;
  readonly describe: string;
  readonly builder: (y: Argv) => Argv<A>;
  readonly run: (args: ArgumentsCamelCase<A>, io: CliIo) => Promise<number>;
}): Command {
  return { register: (parser, io, done) => parser.command(spec.command, spec.describe, spec.builder, async (args) => done(await spec.run(args, io))) };
}
