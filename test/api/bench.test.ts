/**
 * A guard on bench/api.ts: the benchmark runs, and issuing a P-256 leaf from an existing CA stays
 * in the millisecond range (the bench target is single-digit ms; this bound is loose, for a
 * busy 2-core CI running other suites at the same time, and catches an order-of-magnitude
 * regression such as re-running the whole set per issue).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { benchIssueLeaf } from '../../bench/api.js';

it('ca.issue() of a P-256 leaf takes milliseconds', async () => {
  const { medianMs, runs } = await benchIssueLeaf({ runs: 41, warmup: 5 });
  assert.equal(runs, 41);
  assert.ok(medianMs > 0 && medianMs < 25, `median ${medianMs} ms`);
});
