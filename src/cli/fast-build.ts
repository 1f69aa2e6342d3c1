/**
 * The no-op path of `certgen build`: when every set is up to date, answer using node built-ins
 * only, without loading yargs, the YAML parser, the validator or any crypto (a test suite's
 * setup pays this on every run). Anything it is not sure about falls through to the full CLI,
 * which decides again under the lock.
 */
import { basename, extname, join } from 'node:path';
import { templateHash } from '../api/template-hash.js';
import { checkFreshness } from '../output/freshness.js';
import { findTemplateFiles, readTemplateText } from '../template/find.js';
import { VERSION } from '../version.js';
import { BUILD_DEFAULTS } from './build-defaults.js';
import type { CliIo } from './io.js';

export interface PlainBuildArgs {
  paths: string[];
  out: string;
  quiet: boolean;
}

/**
 * The plainest invocations, `build [paths..] [--out DIR] [--quiet]`, are parsed here without
 * yargs (with the same BUILD_DEFAULTS); anything else goes to the full CLI.
 */
export function parsePlainBuild(argv: readonly string[]): PlainBuildArgs | null {
  if (argv[0] !== 'build') return null;
  const args: PlainBuildArgs = { paths: [], out: BUILD_DEFAULTS.out, quiet: BUILD_DEFAULTS.quiet };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quiet') args.quiet = true;
    else if (a === '--out' && i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) args.out = argv[++i]!;
    else if (a.startsWith('--out=')) args.out = a.slice('--out='.length);
    else if (a.startsWith('-') || a === '') return null;
    else args.paths.push(a);
  }
  if (args.paths.length === 0) args.paths.push(...BUILD_DEFAULTS.paths);
  return args;
}

/** The set name without a YAML parser: JSON is parsed; YAML's top-level `name:` line is read. */
function guessSetName(file: string, text: string): { name: string; seeded: boolean } | null {
  const stem = basename(file, extname(file));
  if (extname(file) === '.json') {
    try {
      const doc = JSON.parse(text) as { name?: unknown; seed?: unknown };
      return { name: typeof doc.name === 'string' ? doc.name : stem, seeded: doc.seed !== undefined };
    } catch {
      return null;
    }
  }
  const named = /^name:[ \t]*(["']?)([a-z0-9][a-z0-9_-]*)\1[ \t]*(#.*)?$/m.exec(text);
  return { name: named?.[2] ?? stem, seeded: /^seed:/m.test(text) };
}

/** Returns true when it answered (every set up to date), false when there is work to do. */
export async function reportUpToDate(args: PlainBuildArgs, io: CliIo): Promise<boolean> {
  // Anything odd (a missing path, a file that is no template) is left to the full CLI to report.
  let files: string[];
  try {
    files = findTemplateFiles(args.paths);
  } catch {
    return false;
  }
  const now = new Date();
  const lines: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = readTemplateText(file);
    } catch {
      return false;
    }
    const guess = guessSetName(file, text);
    if (!guess || seen.has(guess.name)) return false;
    seen.add(guess.name);
    // A matching template hash proves the guessed set was built from exactly this text.
    const fresh = await checkFreshness({ outDir: args.out, set: guess.name, version: VERSION, templateHash: templateHash(text), now, expiryWarningDays: BUILD_DEFAULTS['expiry-warning'], env: io.env });
    if (!fresh.upToDate || fresh.expiringSoon.length > 0) return false;
    lines.push(`${guess.name}: up to date (${join(args.out, guess.name)})\n`);
    if (guess.seeded) warnings.push(`warning: ${guess.name}: seeded keys are predictable: for tests only\n`);
  }
  if (!args.quiet) io.stdout(lines.join(''));
  // Seeded keys are predictable: build says so always, --quiet or not.
  io.stderr(warnings.join(''));
  return true;
}
