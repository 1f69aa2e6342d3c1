/**
 * What the recipe tests (test/recipes/*.test.ts) share. Each recipe of docs/recipes.md is run
 * exactly as written there: the set is built from the page's template by the real CLI into a
 * work folder, config and client blocks are read with `docBlock` and used verbatim except for the
 * port (the page shows a fixed one; tests take a free one) and paths are relative to the work
 * folder, as they are to the folder where a user ran `certgen build`. Servers run as children of
 * the test process, in the foreground, and are stopped once the file's tests are done.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { after } from 'node:test';
import { BIN, certgen, ensureBuilt } from '../helpers/cli.js';
import { docBlock } from '../helpers/doc-blocks.js';
import { tmpDir } from '../helpers/tools.js';

export const PAGE = 'docs/recipes.md';

/**
 * Stops servers and removes folders once the file's tests are done. (Registered here, at the
 * top level of the test file that imports this module: an `after()` called inside a `before()`
 * hook would run as soon as that hook ends.)
 */
const cleanups: (() => void | Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});
/** The set the page's template builds, relative to a work folder. */
export const SET = 'out/recipes';

export interface Pins {
  certificates: Record<string, { certSha256: string; spkiSha256: string; subject: string }>;
}

export interface Work {
  /** The folder where `certgen build` ran: the recipes' paths are relative to it. */
  readonly dir: string;
  /** Absolute path of a file of the set. */
  readonly file: (name: string) => string;
  readonly pins: Pins;
  /** A folder with `certgen` on it, for console blocks that call the CLI. */
  readonly bin: string;
}

/**
 * Builds the page's template (block `template`) with the built CLI in a fresh work folder,
 * readable by other users (PostgreSQL runs as its own user), removed after the file's tests.
 */
export function buildRecipes(): Work {
  ensureBuilt();
  const dir = tmpDir('certgen-recipes-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'recipes.yaml'), docBlock(PAGE, 'template'));
  const r = certgen(['build', 'recipes.yaml', '--out', 'out', '--quiet'], { cwd: dir });
  assert.equal(r.status, 0, `certgen build of ${PAGE}'s template: ${r.stderr}`);
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'certgen'));
  const file = (name: string) => join(dir, SET, name);
  return { dir, file, pins: JSON.parse(readFileSync(file('pins.json'), 'utf8')) as Pins, bin };
}

/** A block of the page with its fixed port (`docPort`) replaced by `port`; the block must use it. */
export function recipe(id: string, docPort: number, port: number): string {
  const text = docBlock(PAGE, id);
  assert.ok(text.includes(String(docPort)), `${PAGE} block ${id} no longer uses port ${docPort}: update its test`);
  return text.replaceAll(String(docPort), String(port));
}

/** `text` with each [from, to] replaced, each required to occur (so a renamed file fails loudly). */
export function swap(text: string, ...pairs: readonly (readonly [string, string])[]): string {
  for (const [from, to] of pairs) {
    assert.ok(text.includes(from), `expected ${JSON.stringify(from)} in:\n${text}`);
    text = text.replaceAll(from, to);
  }
  return text;
}

/** A free TCP port on 127.0.0.1 (bound once by port 0, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as { port: number };
  await new Promise<void>((res) => server.close(() => res()));
  return port;
}

export interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without blocking the event loop (a server of the test process may answer it). */
export function exec(cmd: string, args: readonly string[], opts: SpawnOptions & { timeout?: number } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs a console block of the page with sh in the work folder, `certgen` on PATH. */
export function shell(work: Work, script: string, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return exec('sh', ['-c', script], { cwd: work.dir, env: { ...process.env, ...env, PATH: `${work.bin}:${process.env.PATH}` } });
}

/** `what` of a result, for assertion messages. */
export const shown = (what: string, r: Result): string => `${what}: exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

export interface Server {
  readonly child: ChildProcess;
  /** Everything the server wrote so far (stdout and stderr). */
  output(): string;
}

/**
 * Starts a server in the foreground as a child of the test process and waits until it accepts
 * TCP connections on 127.0.0.1:`port` (it fails, with the server's output, if the server exits
 * first or is not up within 30 s). When the file's tests are done it is stopped: SIGTERM, then SIGKILL after 5 s.
 */
export async function startServer(cmd: string, args: readonly string[], port: number, opts: SpawnOptions = {}): Promise<Server> {
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) assert.fail(`${cmd} exited (${child.exitCode ?? child.signalCode}) before listening:\n${out}`);
    if (await accepts(port)) return { child, output: () => out };
    if (Date.now() > deadline) assert.fail(`${cmd} not listening on 127.0.0.1:${port} after 30 s:\n${out}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((res) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      res(true);
    });
    socket.once('error', () => res(false));
  });
}

/** Writes `text` as `name` in the work folder; returns its path. */
export function writeWork(work: Work, name: string, text: string): string {
  const path = join(work.dir, name);
  writeFileSync(path, text);
  return path;
}

/** The first of `candidates` that exists (for tools Debian keeps off PATH). */
export function firstExisting(candidates: readonly string[]): string | undefined {
  return candidates.find((c) => existsSync(c));
}

/** Waits up to 5 s for `condition` (a server's log line may arrive after its client has exited). */
export async function eventually(condition: () => boolean): Promise<boolean> {
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((res) => setTimeout(res, 50))) {
    if (condition()) return true;
  }
  return condition();
}

/**
 * The environment for `go build` in a test: off-line (GOPROXY=off, no module downloads), caches
 * in the work folder; `gopath` (e.g. Debian's /usr/share/gocode) for GOPATH-mode builds.
 */
export function goEnv(work: Work, gopath?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GOCACHE: join(work.dir, '.gocache'), GOPATH: join(work.dir, '.gopath'), GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
  if (gopath !== undefined) Object.assign(env, { GOPATH: gopath, GO111MODULE: 'off', GOFLAGS: '' });
  return env;
}

/** Like `missingTools`, for a file or folder a package installs (it fails on CI too). */
export function missingPath(path: string, hint: string): false | string {
  if (existsSync(path)) return false;
  assert.ok(process.env.CI !== 'true', `${path} not found, and CI=true: .ci/run should have installed it (${hint})`);
  return `${path} not found (${hint}): this recipe cannot run (CI installs it)`;
}

export interface WrongClient {
  /** What the client is, for test names. */
  readonly what: string;
  /** The replacements that turn a command presenting client.fullchain.pem into this client's. */
  readonly swaps: readonly (readonly [string, string])[];
}

/** The negative controls of the recipes whose client command names the files of `client`. */
export const WRONG_CLIENTS = {
  stranger: { what: 'an untrusted client (stranger)', swaps: [['client.fullchain.pem', 'stranger.fullchain.pem'], ['client.key.pem', 'stranger.key.pem']] },
  server: { what: 'the serverAuth-only server leaf as a client', swaps: [['client.fullchain.pem', 'server.fullchain.pem'], ['client.key.pem', 'server.key.pem']] },
  leafOnly: { what: 'the client leaf without its intermediate (client.pem)', swaps: [['client.fullchain.pem', 'client.pem']] },
} as const satisfies Record<string, WrongClient>;
