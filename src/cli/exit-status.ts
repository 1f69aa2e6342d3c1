import { CertgenError, UsageError } from '../errors.js';
import type { CliIo } from './io.js';

/**
 * The CLI's one error funnel: misuse → 2; a certgen error → its message (file and field, no
 * stack trace) → 1; anything else is a bug → "internal error" with the stack → 1.
 */
export function reportError(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    io.stderr(`certgen: ${e.message}\nRun certgen --help for usage.\n`);
    return 2;
  }
  if (e instanceof CertgenError) {
    io.stderr(`certgen: ${e.message}\n`);
    return 1;
  }
  io.stderr(`certgen: internal error (please report it): ${(e as Error)?.stack ?? String(e)}\n`);
  return 1;
}
