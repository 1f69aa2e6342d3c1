/**
 * Hostile inputs through the built CLI (issue 11): things that are not template files (folders,
 * dangling links, unreadable files, FIFOs, devices, huge files), set names that climb out of the
 * out folder, and the predictable-keys warning under --quiet. Each ends in exactly one `certgen:`
 * line and exit 1 (or, for the warning, is always said), never a trace, never a hang.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, binForOtherUsers, ensureBuilt } from '../helpers/cli.js';
import { assertOneLine } from '../helpers/one-line.js';
import { run, tmpDir, type RunResult } from '../helpers/tools.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
before(ensureBuilt);

const GOOD = 'version: 1\ncertificates:\n  root: {}\n';
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CERTGEN_') && k !== 'NODE_OPTIONS'));

/** A fresh folder with `t/` holding a good template `t/good.yaml`, already built into `out/`. */
function workspace(): { dir: string; t: string; out: string } {
  const dir = tmpDir('certgen-hostile-');
  dirs.push(dir);
  const t = join(dir, 't');
  mkdirSync(t);
  writeFileSync(join(t, 'good.yaml'), GOOD);
  const out = join(dir, 'out');
  const r = certgen(['build', t, '--out', out], dir);
  assert.equal(r.status, 0, r.stderr);
  return { dir, t, out };
}

/** The CLI with a timeout: a hang is a failure, not a stuck suite. */
function certgen(args: readonly string[], cwd: string, asUser?: string): RunResult {
  const argv = [process.execPath, asUser === undefined ? BIN : binForOtherUsers(), ...args];
  if (asUser === undefined) return run(argv[0]!, argv.slice(1), { cwd, env: ENV, timeout: 30_000 });
  return run('setpriv', [`--reuid=${asUser}`, '--regid=nogroup', '--clear-groups', ...argv], { cwd, env: ENV, timeout: 30_000 });
}

/** Both ways into a build: the plain no-op path (`build t`) and the full CLI (`build t --force`). */
function bothPaths(t: string, out: string, cwd: string, check: (r: RunResult, how: string) => void, asUser?: string): void {
  for (const extra of [[], ['--force']]) check(certgen(['build', t, '--out', out, ...extra], cwd, asUser), extra.join(' ') || 'plain');
}

describe('a template that is not a readable regular file: one line, exit 1, on the plain and the full path', () => {
  it('a folder named x.yaml inside the template folder', () => {
    const { dir, t, out } = workspace();
    mkdirSync(join(t, 'x.yaml'));
    bothPaths(t, out, dir, (r) => assert.match(assertOneLine(r, `certgen: ${join(t, 'x.yaml')}: `), /not a regular file \(a folder\)/));
  });

  it('a dangling symbolic link', () => {
    const { dir, t, out } = workspace();
    symlinkSync(join(dir, 'nowhere.yaml'), join(t, 'x.yaml'));
    bothPaths(t, out, dir, (r) => assert.match(assertOneLine(r, `certgen: ${join(t, 'x.yaml')}: `), /: no such file$/));
  });

  it('a file without read permission (chmod 000), as a non-root user', () => {
    const { dir, t, out } = workspace();
    const user = process.getuid?.() === 0 ? 'nobody' : undefined;
    // The non-root user must be able to enter the folders and write the out folder.
    chmodSync(dir, 0o777);
    chmodSync(t, 0o777);
    rmSync(out, { recursive: true });
    const file = join(t, 'x.yaml');
    writeFileSync(file, GOOD.replace('root', 'other'));
    const good = certgen(['build', t, '--out', out], dir, user);
    assert.equal(good.status, 0, good.stderr);
    chmodSync(file, 0o000);
    bothPaths(t, out, dir, (r) => assert.match(assertOneLine(r, `certgen: ${file}: `), /cannot read template \(EACCES/), user);
  });

  it('a FIFO inside the template folder: refused at once, never read', () => {
    const { dir, t, out } = workspace();
    const fifo = join(t, 'x.yaml');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    bothPaths(t, out, dir, (r) => assert.match(assertOneLine(r, `certgen: ${fifo}: `), /not a regular file \(a FIFO\)/));
  });

  it('a FIFO and /dev/zero given as the template', () => {
    const { dir } = workspace();
    const fifo = join(dir, 'pipe.yaml');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    for (const file of [fifo, '/dev/zero']) {
      bothPaths(file, join(dir, 'out'), dir, (r) => assert.match(assertOneLine(r, `certgen: ${file}: `), /not a regular file/));
    }
  });

  it('a template over 1 MiB', () => {
    const { dir, t, out } = workspace();
    const big = join(t, 'big.yaml');
    writeFileSync(big, `${GOOD.replace('root', 'big')}# ${'x'.repeat(1 << 20)}\n`);
    bothPaths(t, out, dir, (r) => assert.match(assertOneLine(r, `certgen: ${big}: `), /larger than 1 MiB/));
    // The negative control: the same file just under the cap builds.
    writeFileSync(big, `${GOOD.replace('root', 'big')}# ${'x'.repeat((1 << 20) - 100)}\n`);
    const r = certgen(['build', t, '--out', out], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(out, 'big', 'pins.json')));
  });
});

describe('inspect reads only regular files', () => {
  it('a FIFO, a folder and /dev/zero: one line at once; a missing file: no such file', () => {
    const { dir } = workspace();
    const fifo = join(dir, 'pipe.pem');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    for (const [file, detail] of [[fifo, /not a regular file \(a FIFO\)/], [dir, /not a regular file \(a folder\)/], ['/dev/zero', /not a regular file \(a device\)/], [join(dir, 'nope.pem'), /: no such file$/]] as const) {
      assert.match(assertOneLine(certgen(['inspect', file], dir), `certgen: ${file}: `), detail);
    }
  });
});

describe('set names given on the command line stay inside the out folder', () => {
  it('certgen pins --set ../x is refused without reading ../x', () => {
    const { dir, out } = workspace();
    // A valid manifest one level up, where `--set ../t` would find it.
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'pins.json'), JSON.stringify({ schema: 'certgen.pins/v1', set: 'x', certificates: {} }));
    for (const name of ['../x', '..', '.', 'a/b', '/etc', '']) {
      const r = certgen(['pins', '--out', out, '--set', name], dir);
      assert.match(assertOneLine(r, 'certgen: '), /--set: invalid set name/);
      assert.equal(r.stdout, '');
    }
    // The negative control: a real set name prints its pins.
    const good = certgen(['pins', '--out', out, '--set', 'good'], dir);
    assert.equal(good.status, 0, good.stderr);
    assert.equal(JSON.parse(good.stdout).set, 'good');
  });
});

describe('the predictable-keys warning of a seeded set is always said, on stderr', () => {
  it('with and without --quiet, on the plain no-op path and the full CLI', () => {
    const { dir, t, out } = workspace();
    writeFileSync(join(t, 'seeded.yaml'), `${GOOD.replace('root', 'sroot')}seed: fixed\n`);
    const warning = 'warning: seeded: seeded keys are predictable: for tests only\n';
    // Built, then up to date (plain no-op path), then forced (full CLI), then --json.
    for (const args of [['build', t], ['build', t], ['build', t, '--force'], ['build', t, '--json']]) {
      for (const quiet of [[], ['--quiet']]) {
        const r = certgen([...args, '--out', out, ...quiet], dir);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(r.stderr.includes(warning), `${args.join(' ')} ${quiet.join(' ')}: ${JSON.stringify(r.stderr)}`);
        if (quiet.length > 0 && !args.includes('--json')) assert.equal(r.stdout, '');
      }
    }
    // The negative control: a set without a seed gets no such warning, and --quiet prints nothing.
    const unseeded = certgen(['build', join(t, 'good.yaml'), '--out', out, '--quiet'], dir);
    assert.equal(unseeded.status, 0);
    assert.equal(unseeded.stderr, '');
    assert.deepEqual(readdirSync(out).filter((n) => !n.startsWith('.')).sort(), ['good', 'seeded']);
  });
});
