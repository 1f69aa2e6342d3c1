import type { Argv } from 'yargs';
import { buildSets, type SetOutcome } from '../../api/build-sets.js';
import { BUILD_DEFAULTS } from '../build-defaults.js';
import { defineCommand } from '../command.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress.js';
import { renderTree } from '../tree.js';

/** `certgen build`'s arguments; BUILD_DEFAULTS fills in what the command line leaves out. */
export interface BuildArgs {
  readonly paths: readonly string[];
  readonly out: string;
  readonly force: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly engine: 'node' | 'peculiar';
  readonly 'expiry-warning': number;
}

const common = (y: Argv) =>
  y
    .positional('paths', { type: 'string', array: true, default: [...BUILD_DEFAULTS.paths], describe: 'template files or folders' })
    .option('out', { type: 'string', default: BUILD_DEFAULTS.out, describe: 'output folder; each set goes to OUT/<set>/' })
    .option('json', { type: 'boolean', default: BUILD_DEFAULTS.json, describe: 'print a machine-readable summary' })
    .option('expiry-warning', { type: 'number', default: BUILD_DEFAULTS['expiry-warning'], describe: 'warn about valid certificates expiring within DAYS' });

export const buildCommand = defineCommand({
  command: 'build [paths..]',
  describe: 'build template sets into OUT/<set>/ (skips sets that are up to date)',
  builder: (y) =>
    common(y)
      .option('force', { type: 'boolean', default: BUILD_DEFAULTS.force, describe: 'rebuild even when up to date' })
      .option('quiet', { type: 'boolean', default: BUILD_DEFAULTS.quiet, describe: 'print nothing but errors and warnings' })
      .option('engine', { choices: ['node', 'peculiar'] as const, default: BUILD_DEFAULTS.engine, describe: 'crypto engine' }),
  run: (args, io) => runBuild(args, io),
});

/** `certgen build`: also run directly by the plain build, which parses its few arguments without yargs. */
export async function runBuild(args: BuildArgs, io: CliIo): Promise<number> {
  const progress = progressBar(io, { quiet: args.quiet });
  let outcomes: SetOutcome[];
  try {
    outcomes = await buildSets({ templates: args.paths, out: args.out, force: args.force, engine: args.engine, expiryWarningDays: args['expiry-warning'], env: io.env, onProgress: progress.update });
  } finally {
    progress.finish();
  }
  if (args.json) io.stdout(`${JSON.stringify(summary(outcomes), null, 2)}\n`);
  else if (!args.quiet) io.stdout(outcomes.map(describeOutcome).join(''));
  // Warnings go to stderr even under --quiet: a seeded set's keys are predictable, and a user must always be told.
  for (const w of outcomes.flatMap((o) => o.warnings)) io.stderr(`warning: ${w}\n`);
  return 0;
}

export const checkCommand = defineCommand({
  command: 'check [paths..]',
  describe: 'exit 1 naming what is stale or missing, 0 when every set is up to date; writes nothing',
  builder: (y) => common(y),
  run: async (args, io) => {
    const outcomes = await buildSets({ templates: args.paths, out: args.out, checkOnly: true, expiryWarningDays: args['expiry-warning'], env: io.env });
    if (args.json) io.stdout(`${JSON.stringify(summary(outcomes), null, 2)}\n`);
    else io.stdout(outcomes.map((o) => (o.status === 'up-to-date' ? `${o.name}: up to date\n` : `${o.name}: stale: ${o.reasons.join('; ')}\n`)).join(''));
    for (const w of outcomes.flatMap((o) => o.warnings)) io.stderr(`warning: ${w}\n`);
    return outcomes.every((o) => o.status === 'up-to-date') ? 0 : 1;
  },
});

function describeOutcome(o: SetOutcome): string {
  if (o.status !== 'built') return `${o.name}: up to date (${o.dir})\n`;
  return `${o.name}: built ${o.dir}/ (${o.packaged!.fileNames.length} files)\n${renderTree(o.packaged!)}`;
}

function summary(outcomes: readonly SetOutcome[]) {
  return {
    sets: outcomes.map((o) => ({
      name: o.name,
      template: o.file,
      dir: o.dir,
      status: o.status,
      reasons: o.reasons,
      warnings: o.warnings,
      files: o.packaged?.fileNames ?? null,
    })),
  };
}
