/**
 * A project outside this repository that uses certgen as its users do: TypeScript files that
 * `import … from 'certgen'`, type-checked with a strict tsconfig and run with tsx. The doc-block
 * test and the tarball test share it.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './cli.js';
import { run, type RunResult } from './tools.js';

/** tsx's loader, resolved from this repository (the consumer project does not install it). */
const TSX = import.meta.resolve('tsx');
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * Type-checks `files` (relative to `dir`) as a strict ESM project: NodeNext resolution, so
 * 'certgen' is found through `dir/node_modules/certgen/package.json` "exports" and its types.
 * Node's types come from this repository's node_modules. `libCheck` also checks every
 * declaration file (certgen's own included), as a consumer with `skipLibCheck: false` would.
 */
export function typecheck(dir: string, files: readonly string[], { libCheck = false } = {}): RunResult {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022'],
      types: ['node'],
      typeRoots: [join(REPO, 'node_modules', '@types')],
      strict: true,
      skipLibCheck: !libCheck,
      noEmit: true,
    },
    files,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  return run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: dir });
}

/**
 * Runs a command in its own process group and waits for it; on exit (or after `timeoutMs`) the
 * whole group is killed, so a server a snippet left running in the background cannot outlive it.
 */
export function runGroup(cmd: string, args: readonly string[], opts: SpawnOptions & { timeoutMs: number }): Promise<RunResult & { timedOut: boolean }> {
  const { NODE_TEST_CONTEXT: _ctx, ...env } = (opts.env ?? process.env) as NodeJS.ProcessEnv;
  const child = spawn(cmd, args, { ...opts, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, opts.timeoutMs);
  // 'exit' ends the group at once: 'close' would wait for a background child holding the pipes.
  let status: number | null = null;
  child.on('exit', (code) => {
    status = code;
    clearTimeout(timer);
    killGroup();
  });
  return new Promise((resolve) => child.on('close', () => resolve({ status, stdout, stderr, timedOut })));
}

/** Runs a TypeScript file with tsx, in its own process group (see runGroup). */
export function runTs(file: string, cwd: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000) {
  return runGroup(process.execPath, ['--import', TSX, file], { cwd, env, timeoutMs });
}
