/** What every user-caused failure of the CLI must look like: exit 1, one `certgen:` line, no trace. */
import assert from 'node:assert/strict';
import type { RunResult } from './tools.js';

/** True when stderr is exactly one `certgen: …` line with no stack frame and no internal-error wording. */
export function isOneCleanLine(stderr: string): boolean {
  return (
    stderr.startsWith('certgen: ') &&
    stderr.endsWith('\n') &&
    !stderr.slice(0, -1).includes('\n') &&
    !/internal error/.test(stderr) &&
    !/\bat .*:\d+:\d+\)?$/m.test(stderr) &&
    !/(^|\s)[A-Za-z]*Error:/.test(stderr)
  );
}

/** Asserts exit status 1 and one clean line starting with `prefix` (e.g. `certgen: FILE: `); returns the line. */
export function assertOneLine(r: RunResult, prefix = 'certgen: '): string {
  assert.equal(r.status, 1, `exit status ${r.status}; stderr: ${r.stderr}`);
  assert.ok(isOneCleanLine(r.stderr), `not one clean line: ${JSON.stringify(r.stderr.slice(0, 2000))}`);
  assert.ok(r.stderr.startsWith(prefix), `${JSON.stringify(r.stderr)} does not start with ${JSON.stringify(prefix)}`);
  return r.stderr.slice(0, -1);
}
