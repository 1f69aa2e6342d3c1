/**
 * The progress bar of long builds ("Progress goes to stderr (a bar on a TTY for long
 * builds, nothing in --quiet)"):
 *
 *   [############                  ] 412/1000 certificates
 *
 * Drawn on stderr only when stderr is a terminal and `--quiet` is off, and only once the build has
 * run for `delayMs` (a short build never flickers a bar). Redrawn in place (`\r`, erase to end of
 * line) at most every `intervalMs`, and erased by `finish()`, so the results printed afterwards
 * start on a clean line. Fed by the pipeline's `onProgress(done, total)`.
 */
import type { CliIo } from './io.js';

export interface ProgressOptions {
  readonly quiet: boolean;
  /** Show nothing before the build has run this long; default 300 ms. */
  readonly delayMs?: number;
  /** Redraw at most this often; default 80 ms. */
  readonly intervalMs?: number;
  /** The terminal's width (the bar shrinks to fit); default stderr's columns, or 80 when unknown. */
  readonly columns?: number;
  /** The clock (tests); default `performance.now`. */
  readonly now?: () => number;
}

export interface Progress {
  /** The pipeline's callback: `done` of `total` certificates issued. */
  readonly update: (done: number, total: number) => void;
  /** Erases the bar (if it was drawn); call before printing results. Idempotent. */
  readonly finish: () => void;
}

const NONE: Progress = { update: () => undefined, finish: () => undefined };
const ERASE_LINE = '\r\x1b[K';

export function progressBar(io: Pick<CliIo, 'stderr' | 'isTTY'>, options: ProgressOptions): Progress {
  if (options.quiet || !io.isTTY) return NONE;
  const now = options.now ?? (() => performance.now());
  const delayMs = options.delayMs ?? 300;
  const intervalMs = options.intervalMs ?? 80;
  const reported = options.columns ?? process.stderr.columns;
  const columns = reported !== undefined && reported > 0 ? Math.max(20, reported) : 80; // a pty may report 0
  const start = now();
  let state = { done: 0, total: 0 };
  let drawn = false;
  let lastDraw = -Infinity;
  let finished = false;

  const draw = (): void => {
    if (finished) return;
    const { done, total } = state;
    const counter = total > 0 ? ` ${done}/${total} certificates${done === total ? ', writing files' : ''}` : ' starting';
    const width = Math.max(10, Math.min(30, columns - counter.length - 3));
    const filled = total > 0 ? Math.round((width * done) / total) : 0;
    io.stderr(`${ERASE_LINE}[${'#'.repeat(filled)}${' '.repeat(width - filled)}]${counter}`.slice(0, columns + ERASE_LINE.length - 1));
    drawn = true;
    lastDraw = now();
  };

  // The first frame appears after the delay even if no certificate is done yet (slow RSA keys).
  const timer = setTimeout(draw, delayMs);
  timer.unref();

  return {
    update(done, total) {
      state = { done, total };
      const t = now();
      if (t - start < delayMs) return;
      if (done === total || t - lastDraw >= intervalMs) draw();
    },
    finish() {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (drawn) io.stderr(ERASE_LINE);
    },
  };
}
