/**
 * What the `certgen serve` tests share: a free loopback port, the revocation set they build (its
 * `publish` URL names that port, so the certificates point at the server under test), the CLI
 * server as a child process, and tools run asynchronously (an in-process `serve()` must keep
 * answering while openssl or java waits for it).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { certgen, certgenAsync, type CliResult } from '../helpers/cli.js';
import type { RunResult } from '../helpers/tools.js';

/** A port nothing listens on now (the kernel's pick; others run servers on this machine too). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * The set every serve test builds: root → inter → leaves, both CAs with a CRL (Java's CRLDP check
 * wants one for every certificate of the path). `bad` is revoked (keyCompromise); `later` is
 * revoked by the tests that rebuild; `other` is the root's, not inter's.
 */
export function revocationTemplate(port: number, revokedByInter: readonly string[] = ['bad']): string {
  const revoked = revokedByInter.map((name) => `{ cert: ${name}, reason: ${name === 'bad' ? 'keyCompromise' : 'superseded'} }`).join(', ');
  return `version: 1
name: rev
publish: http://127.0.0.1:${port}
certificates:
  root:
    subject: { CN: certgen Revocation Root }
    crl: { revoked: [] }
  inter:
    issuer: root
    profile: intermediate
    crl: { revoked: [${revoked}] }
  good: { issuer: inter }
  bad: { issuer: inter }
  later: { issuer: inter }
  other: { issuer: root }
`;
}

/** Writes `templates/rev.yaml` into `dir`; returns the template's path. */
export function writeTemplate(dir: string, text: string): string {
  mkdirSync(join(dir, 'templates'), { recursive: true });
  const file = join(dir, 'templates', 'rev.yaml');
  writeFileSync(file, text);
  return file;
}

export type ServeCli = Awaited<ReturnType<typeof startServeCli>>;

/** `certgen build` of `dir/templates`, then `certgen serve` there (no arguments). */
export async function buildAndServe(dir: string): Promise<ServeCli> {
  const built = certgen(['build', '--quiet'], { cwd: dir });
  assert.equal(built.status, 0, built.stderr);
  return startServeCli([], dir);
}

/** For `after`: kills a server a failed test left running. */
export function killIfRunning(server: ServeCli | undefined): void {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
}

/** `certgen serve ARGS` started in `cwd`, resolved once it prints its "serving" line (or exits). */
export async function startServeCli(args: readonly string[], cwd: string): Promise<{ child: ReturnType<typeof certgenAsync>['child']; banner: string; done: Promise<CliResult> }> {
  const { child, done } = certgenAsync(['serve', ...args], { cwd });
  let stderr = '';
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`certgen serve did not start within 20 s: ${stderr}`)), 20_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/serving .* at http:\/\/\S+\n/.test(stderr)) {
        clearTimeout(timer);
        resolve(stderr);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`certgen serve exited (${code}) before serving: ${stderr}`));
    });
  });
  return { child, banner, done };
}

/** Runs a tool without blocking the event loop; never rejects (status null when it cannot start). */
export function runAsync(cmd: string, args: readonly string[], opts: { cwd?: string; timeout?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { encoding: 'utf8', timeout: opts.timeout ?? 60_000, maxBuffer: 16 * 1024 * 1024, ...opts }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: unknown }).code ?? null) : 0;
      resolve({ status: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

/** `openssl ocsp` asking `url` about certificates of the set in `dir` (`-cert` files or `-serial` values in `ask`). */
export function opensslOcsp(dir: string, url: string, issuer: string, ask: readonly string[], extra: readonly string[] = []): Promise<RunResult> {
  return runAsync('openssl', ['ocsp', '-issuer', join(dir, `${issuer}.pem`), ...ask, '-url', url, '-CAfile', join(dir, 'root.pem'), '-resp_text', ...extra], { timeout: 30_000 });
}
