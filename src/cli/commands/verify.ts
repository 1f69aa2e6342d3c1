import type { SetVerification } from '../../api/verify-sets.js';
import { defineCommand } from '../command.js';

export const verifyCommand = defineCommand({
  command: 'verify [paths..]',
  describe: 'check that every built certificate is accepted or refused exactly as its `expect` says',
  builder: (y) =>
    y
      .positional('paths', { type: 'string', array: true, default: ['templates'], describe: 'template files or folders' })
      .option('out', { type: 'string', default: 'out', describe: 'output folder the sets were built into' })
      .option('json', { type: 'boolean', default: false, describe: 'print a machine-readable summary' }),
  run: async (args, io) => {
    // Loaded on demand: the verifier brings pkijs, which no other command on the build path needs.
    const { verifySets } = await import('../../api/verify-sets.js');
    const sets = await verifySets({ templates: args.paths, out: args.out, env: io.env });
    // OCSP responses are rows too, named by their file (`server.ocsp.der`).
    const rows = sets.flatMap((s) => [...s.rows, ...s.ocspRows.map((r) => ({ ...r, cert: r.file }))]);
    const failed = rows.filter((r) => !r.ok);
    if (args.json) io.stdout(`${JSON.stringify(summary(sets), null, 2)}\n`);
    else io.stdout(table(sets));
    for (const r of failed) io.stderr(`certgen: ${r.set}/${r.cert}: expected ${r.expect}, observed ${r.observed}${r.detail ? `: ${r.detail}` : ''}\n`);
    if (failed.length > 0) io.stderr(`certgen: verify: ${failed.length} of ${rows.length} certificates and OCSP responses do not behave as their templates say\n`);
    return failed.length > 0 ? 1 : 0;
  },
});

function table(sets: readonly SetVerification[]): string {
  const head = ['SET', 'CERT', 'EXPECT', 'OBSERVED', 'RESULT', 'DETAIL'];
  const body = sets.flatMap((s) => [
    ...s.rows.map((r) => [r.set, r.cert, r.expect, r.observed, r.ok ? 'OK' : 'FAIL', r.detail]),
    ...s.ocspRows.map((r) => [r.set, r.file, r.expect, r.observed, r.ok ? 'OK' : 'FAIL', r.detail || `status ${r.status ?? 'none'}`]),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return `${[head, ...body].map(line).join('\n')}\n`;
}

function summary(sets: readonly SetVerification[]) {
  return {
    ok: sets.every((s) => s.rows.every((r) => r.ok) && s.ocspRows.every((r) => r.ok)),
    sets: sets.map((s) => ({
      name: s.name,
      template: s.file,
      dir: s.dir,
      at: s.at.toISOString(),
      certificates: s.rows.map(({ set: _set, ...row }) => row),
      ocspResponses: s.ocspRows.map(({ set: _set, ...row }) => row),
    })),
  };
}
