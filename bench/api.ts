/**
 * How long `ca.issue()` takes for one P-256 server leaf from an existing CA, in memory, through
 * the package entry (dist/, as a user imports it). bench/run.ts calls `benchIssueLeaf()`; run
 * directly (`node --import tsx bench/api.ts`) it prints the figure. The target is 0.5 ms: one key
 * generation, one signature and its verify-back, no set re-run.
 */
import { pathToFileURL } from 'node:url';
import { createCA } from 'certgen';

export interface IssueLeafResult {
  /** Median wall time of one `await ca.issue()`, in milliseconds. */
  readonly medianMs: number;
  /** How many timed issues the median is over (after the warm-up ones). */
  readonly runs: number;
}

/** Times `runs` sequential P-256 leaf issues from one P-256 CA, after `warmup` untimed ones. */
export async function benchIssueLeaf(options: { readonly runs?: number; readonly warmup?: number } = {}): Promise<IssueLeafResult> {
  const { runs = 200, warmup = 20 } = options;
  const ca = await createCA({ subject: 'CN=certgen Bench CA', key: 'p256' });
  for (let i = 0; i < warmup; i++) await ca.issue();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await ca.issue(); // a P-256 server leaf: the default key
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(runs / 2);
  const medianMs = runs % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  return { medianMs, runs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { medianMs, runs } = await benchIssueLeaf();
  console.log(`ca.issue() P-256 leaf: median ${medianMs.toFixed(2)} ms over ${runs} runs`);
}
