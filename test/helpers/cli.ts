/** Runs the built CLI (`bin/certgen.js`, i.e. dist/) as a child process, as users do. */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin', 'certgen.js');

let otherUsersBin: string | undefined;

/**
 * `bin/certgen.js` as an unprivileged user can run it (tests that run the CLI as `nobody`): this
 * one when every folder above the package lets others through, else a copy of the package's
 * runnable files (bin/, dist/, package.json: the bundle needs nothing from node_modules) in a
 * folder they can enter. A clone inside a `mktemp -d` folder (mode 0700) is out of their reach.
 */
export function binForOtherUsers(): string {
  if (otherUsersBin !== undefined) return otherUsersBin;
  let reachable = true;
  for (let dir = dirname(BIN); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) reachable = false;
    if (dirname(dir) === dir) break;
  }
  if (reachable) return (otherUsersBin = BIN);
  const copy = mkdtempSync(join(tmpdir(), 'certgen-package-'));
  chmodSync(copy, 0o755);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(REPO, part), join(copy, part), { recursive: true });
  process.on('exit', () => rmSync(copy, { recursive: true, force: true }));
  return (otherUsersBin = join(copy, 'bin', 'certgen.js'));
}

/** Builds dist/ once if a test runs without `npm test`'s build step. */
export function ensureBuilt(): void {
  if (!existsSync(join(REPO, 'dist', 'cli', 'bin.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function certgen(args: readonly string[], opts: SpawnSyncOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', ...opts });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Starts the CLI without waiting (for concurrency and kill tests). */
export function certgenAsync(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((res) => child.on('close', (status) => res({ status, stdout, stderr })));
  return { child, done };
}

/** Every visible file of a built set (following the symlinks), name → bytes. */
export function readSet(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir).filter((n) => !n.startsWith('..')).sort()) files.set(name, readFileSync(join(dir, name)));
  return files;
}

/**
 * Checks that a set is internally consistent: every key matches its certificate and pins.json
 * describes exactly the certificate files present. Returns a list of problems (empty = consistent).
 */
export function setProblems(dir: string): string[] {
  const problems: string[] = [];
  let pins: { certificates: Record<string, { certSha256: string; spkiSha256: string }> };
  try {
    pins = JSON.parse(readFileSync(join(dir, 'pins.json'), 'utf8'));
  } catch (e) {
    return [`pins.json unreadable: ${(e as Error).message}`];
  }
  for (const [name, entry] of Object.entries(pins.certificates)) {
    try {
      const cert = new X509Certificate(readFileSync(join(dir, `${name}.pem`)));
      const key = createPrivateKey(readFileSync(join(dir, `${name}.key.pem`)));
      if (!cert.checkPrivateKey(key)) problems.push(`${name}: key does not match certificate`);
      if (createHash('sha256').update(cert.raw).digest('hex') !== entry.certSha256) problems.push(`${name}: certSha256 differs from ${name}.pem`);
      const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
      if (createHash('sha256').update(spki).digest('base64') !== entry.spkiSha256) problems.push(`${name}: spkiSha256 differs from the key`);
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
    }
  }
  return problems;
}
