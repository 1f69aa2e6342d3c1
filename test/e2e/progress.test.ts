/**
 * The build progress bar ("Progress goes to stderr (a bar on a TTY for long builds, nothing
 * in --quiet)"): the built CLI runs under a pseudo-terminal made by util-linux `script`, with a set
 * slow enough to pass the bar's 300 ms delay (20 RSA-2048 leaves), and once more without a TTY and
 * with --quiet, where no bar may appear. The bar's own logic is unit-tested below with a fake clock.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { progressBar } from '../../src/cli/progress.js';
import { BIN, certgen, ensureBuilt } from '../helpers/cli.js';
import { skipWithout, tmpDir } from '../helpers/tools.js';

const BAR = /\[#* *\] \d+\/\d+ certificates/;

const dir = tmpDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const template = join(dir, 'slow.yaml');
writeFileSync(
  template,
  [
    'version: 1',
    'name: slow',
    'defaults: { key: rsa2048 }',
    'certificates:',
    '  root: {}',
    ...Array.from({ length: 20 }, (_, i) => `  leaf-${i}: { issuer: root }`),
    '',
  ].join('\n'),
);

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI with stdin, stdout and stderr on a pseudo-terminal; returns what the terminal got. */
function underTty(args: readonly string[]): { status: number | null; output: string } {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '100' } });
  return { status: r.status, output: String(r.stdout) };
}

describe('certgen build progress bar', () => {
  ensureBuilt();

  test('a long build on a TTY shows the bar on stderr, then erases it', (t) => {
    if (skipWithout(t, 'script', 'util-linux')) return;
    const r = underTty(['build', template, '--out', join(dir, 'tty'), '--force']);
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, BAR, 'no progress bar on the terminal');
    assert.match(r.output, /\[#{5,} *\] \d+\/21 certificates/, 'the bar never advanced');
    assert.match(r.output, /\r\x1b\[K/, 'the bar is not redrawn in place / erased');
    // The results come after the erased bar, on a clean line.
    assert.match(r.output, /\r\x1b\[Kslow: built /);
  });

  test('--quiet on a TTY shows nothing', (t) => {
    if (skipWithout(t, 'script', 'util-linux')) return;
    const r = underTty(['build', template, '--out', join(dir, 'quiet'), '--force', '--quiet']);
    assert.equal(r.status, 0, r.output);
    assert.doesNotMatch(r.output, BAR);
    assert.equal(r.output.trim(), '');
  });

  test('without a TTY there is no bar (stderr stays empty)', () => {
    const r = certgen(['build', template, '--out', join(dir, 'pipe'), '--force']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, BAR);
    assert.doesNotMatch(r.stdout, BAR);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /slow: built /);
  });
});

describe('progressBar', () => {
  const fake = (isTTY: boolean) => {
    const written: string[] = [];
    return { io: { isTTY, stderr: (s: string) => void written.push(s) }, written };
  };

  test('draws nothing before the delay, then at most once per interval, and the last step always', () => {
    let clock = 0;
    const { io, written } = fake(true);
    const bar = progressBar(io, { quiet: false, delayMs: 300, intervalMs: 100, columns: 80, now: () => clock });
    bar.update(1, 10);
    clock = 200;
    bar.update(2, 10);
    assert.deepEqual(written, []);
    clock = 310;
    bar.update(3, 10);
    clock = 350;
    bar.update(4, 10); // within the interval: skipped
    clock = 420;
    bar.update(5, 10);
    clock = 430;
    bar.update(10, 10); // the last step is always drawn
    assert.equal(written.length, 3);
    assert.match(written[0]!, /^\r\x1b\[K\[#{9} {21}\] 3\/10 certificates$/);
    assert.match(written[2]!, /\[#{30}\] 10\/10 certificates, writing files$/);
    bar.finish();
    bar.finish();
    assert.equal(written.at(-1), '\r\x1b[K');
    assert.equal(written.length, 4);
  });

  test('a build finished before the delay leaves no trace', () => {
    let clock = 0;
    const { io, written } = fake(true);
    const bar = progressBar(io, { quiet: false, now: () => clock });
    bar.update(5, 5);
    clock = 100;
    bar.finish();
    assert.deepEqual(written, []);
  });

  test('quiet or not a TTY: nothing at all', () => {
    for (const [isTTY, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const { io, written } = fake(isTTY);
      const bar = progressBar(io, { quiet, delayMs: 0, now: () => 1000 });
      bar.update(1, 2);
      bar.update(2, 2);
      bar.finish();
      assert.deepEqual(written, []);
    }
  });

  test('fits a narrow terminal', () => {
    let clock = 0;
    const { io, written } = fake(true);
    const bar = progressBar(io, { quiet: false, delayMs: 0, columns: 40, now: () => clock });
    clock = 1;
    bar.update(500, 1000);
    bar.finish();
    assert.ok(written[0]!.replace('\r\x1b[K', '').length <= 39, written[0]);
  });
});
