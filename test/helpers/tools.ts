/**
 * Small helpers for tests that call external tools (openssl, keytool, python...). Tests skip,
 * rather than fail, when a tool is missing (`haveTool` decides), except on CI (CI=true), where
 * they fail.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command synchronously (no shell); `input` may be given in `opts`. */
export function run(cmd: string, args: readonly string[], opts: SpawnSyncOptions = {}): RunResult {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'ENOENT') throw result.error;
  return {
    status: result.error ? null : result.status,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? (result.error ? result.error.message : '')),
  };
}

const toolCache = new Map<string, boolean>();

/** Whether `name` can be run from PATH. */
export function haveTool(name: string): boolean {
  let found = toolCache.get(name);
  if (found === undefined) {
    found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' }).status === 0;
    toolCache.set(name, found);
  }
  return found;
}

/**
 * false when every one of `tools` is on PATH; else why a test needing them is skipped, naming the
 * missing ones (and `hint`, where they come from, when given). For `describe(..., { skip })`.
 * On CI (CI=true; .ci/run installs every tool) a missing tool is a broken set-up: it throws.
 */
export function missingTools(tools: string | readonly string[], hint?: string): false | string {
  const missing = (typeof tools === 'string' ? [tools] : tools).filter((tool) => !haveTool(tool));
  if (missing.length === 0) return false;
  if (process.env.CI === 'true') assert.fail(`${missing.join(', ')} not installed, and CI=true: .ci/run should have installed it`);
  return `${missing.join(', ')} not installed${hint === undefined ? '' : ` (${hint})`}: this interop test cannot run (CI installs it)`;
}

/**
 * Skips `t` when one of `tools` is not on PATH (see `missingTools`); true when skipped:
 * `if (skipWithout(t, 'openssl')) return;`.
 */
export function skipWithout(t: TestContext, tools: string | readonly string[], hint?: string): boolean {
  const reason = missingTools(tools, hint);
  if (reason === false) return false;
  t.skip(reason);
  return true;
}

/** A fresh temporary directory (under the OS tmpdir, prefixed `certgen-test-`). */
export function tmpDir(prefix = 'certgen-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
