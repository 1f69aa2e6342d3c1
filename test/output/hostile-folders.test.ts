/**
 * `certgen build` into hostile output folders, through the built CLI as users run it: every
 * filesystem refusal ends in one `certgen:` line naming the path and the errno, exit 1, the
 * previous set intact; planted locks are refused at once; a set folder that is a symbolic link is
 * never followed; folder modes ignore the umask; two seeded builds give identical folders, hidden
 * entries and link targets included.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import { BIN, binForOtherUsers, certgen, ensureBuilt, readSet, REPO } from '../helpers/cli.js';
import { haveTool, tmpDir } from '../helpers/tools.js';
import { tree } from './fixtures/tree.js';

const SEEDED = join(REPO, 'test/golden/seeded/template.yaml');

before(() => ensureBuilt());

/** A small set named `u` (one root, one server leaf, a truststore) in a folder others can read. */
function setup(): { root: string; tpl: string; out: string; dir: string } {
  const root = tmpDir();
  chmodSync(root, 0o755); // the unprivileged runs below must reach the template
  const tpl = join(root, 'u.yaml');
  writeFileSync(tpl, 'version: 1\ncertificates:\n  root: {}\n  server: { issuer: root }\nstores:\n  trust.p12: { trusted: [root] }\n');
  chmodSync(tpl, 0o644);
  const out = join(root, 'out');
  return { root, tpl, out, dir: join(out, 'u') };
}

function buildOk(args: string[]): void {
  const r = certgen(['build', ...args, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
}

/** One `certgen:` line, exit 1, no trace; returns the line. */
function refused(r: { status: number | null; stdout: string; stderr: string }): string {
  assert.equal(r.status, 1, `exit status (stderr: ${r.stderr})`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0]!, /^certgen: /);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  return lines[0]!;
}

/** Runs the CLI as the unprivileged user `nobody` (tests run as root, which no mode stops). */
function asNobody(t: TestContext, args: string[]): ReturnType<typeof certgen> | null {
  if (process.getuid?.() !== 0 || !haveTool('setpriv')) {
    t.skip('needs root and setpriv to run the build as an unprivileged user (as root no folder mode refuses a write)');
    return null;
  }
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, binForOtherUsers(), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('filesystem errors while writing: one line with the path and the errno, previous set unchanged', () => {
  it('--out is a file: ENOTDIR', () => {
    const { tpl, root } = setup();
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    const line = refused(certgen(['build', tpl, '--out', file]));
    assert.match(line, /cannot write \(ENOTDIR: not a folder\); nothing was written/);
    assert.ok(line.includes(file), line);
    assert.equal(readFileSync(file, 'utf8'), 'x');
  });

  it('an out folder mode 0555, as a non-root user: EACCES', (t) => {
    const { tpl, out } = setup();
    mkdirSync(out, { mode: 0o555 });
    chmodSync(out, 0o555);
    const r = asNobody(t, ['build', tpl, '--out', out]);
    if (!r) return;
    const line = refused(r);
    assert.match(line, /EACCES: permission denied\); nothing was written/);
    assert.ok(line.includes(out), line);
    assert.deepEqual(readdirSync(out), []);
  });

  it('a read-only set folder, as a non-root user: EACCES, the previous set unchanged', (t) => {
    const { tpl, out, dir } = setup();
    buildOk([tpl, '--out', out]);
    const before = readSet(dir);
    chmodSync(dir, 0o555);
    const r = asNobody(t, ['build', tpl, '--out', out, '--force']);
    if (!r) return;
    const line = refused(r);
    assert.match(line, /EACCES.*the previous set is unchanged/);
    assert.ok(line.includes(dir), line);
    assert.deepEqual(readSet(dir), before);
  });

  it('a full disk (a 200 KB tmpfs): ENOSPC, the previous set unchanged, nothing half-written left', (t) => {
    const { root, out, dir } = setup();
    if (process.getuid?.() !== 0) return t.skip('mounting a tmpfs needs root');
    mkdirSync(out);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', out]).status !== 0) return t.skip('mount -t tmpfs is not permitted here');
    try {
      const small = join(root, 'small.yaml');
      writeFileSync(small, 'version: 1\nname: u\ncertificates:\n  root: {}\n');
      buildOk([small, '--out', out]);
      const before = readSet(dir);
      const big = join(root, 'big.yaml');
      const leaves = Array.from({ length: 150 }, (_, i) => `  l${i}: { issuer: root }\n`).join('');
      writeFileSync(big, `version: 1\nname: u\ncertificates:\n  root: {}\n${leaves}`);
      const line = refused(certgen(['build', big, '--out', out]));
      assert.match(line, /ENOSPC: no space left on the device\); the previous set is unchanged/);
      assert.ok(line.includes(dir), line);
      assert.deepEqual(readSet(dir), before);
      assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('..v-')), [readlinkSync(join(dir, '..data'))]);
    } finally {
      spawnSync('umount', [out]);
    }
  });

  it('..lock a folder, a visible name a folder, ..data a regular file: refused before writing', () => {
    const { tpl, out, dir } = setup();
    buildOk([tpl, '--out', out]);
    const before = readSet(dir);

    mkdirSync(join(dir, '..lock'));
    let line = refused(certgen(['build', tpl, '--out', out, '--force']));
    assert.match(line, /\.\.lock: the build lock is a folder.*the previous set is unchanged/);
    assert.deepEqual(readSet(dir), before);
    rmSync(join(dir, '..lock'), { recursive: true });

    unlinkSync(join(dir, 'server.pem'));
    mkdirSync(join(dir, 'server.pem'));
    line = refused(certgen(['build', tpl, '--out', out, '--force']));
    assert.match(line, /server\.pem: a folder is where certgen writes a file: remove it; the previous set is unchanged/);
    rmSync(join(dir, 'server.pem'), { recursive: true });

    const version = readlinkSync(join(dir, '..data'));
    unlinkSync(join(dir, '..data'));
    writeFileSync(join(dir, '..data'), version);
    line = refused(certgen(['build', tpl, '--out', out, '--force']));
    assert.match(line, /\.\.data: \.\.data is not a symbolic link: remove it; the previous set is unchanged/);
    assert.equal(readFileSync(join(dir, '..data'), 'utf8'), version);
    assert.ok(existsSync(join(dir, version, 'root.pem')));
  });
});

describe('planted locks and links', () => {
  it('a lock that is a dangling symlink, or a link to a non-JSON file, is refused at once (no spinning)', () => {
    const { root, tpl, out, dir } = setup();
    buildOk([tpl, '--out', out]);
    writeFileSync(join(root, 'old.txt'), 'not json');
    for (const target of ['/nonexistent', join(root, 'old.txt')]) {
      symlinkSync(target, join(dir, '..lock'));
      const r = spawnSync(process.execPath, [BIN, 'build', tpl, '--out', out, '--force'], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.signal, null, `the build hung on a lock linked to ${target}`);
      const line = refused({ status: r.status, stdout: r.stdout, stderr: r.stderr });
      assert.match(line, /\.\.lock: the build lock is a symbolic link/);
      unlinkSync(join(dir, '..lock'));
    }
    assert.equal(readFileSync(join(root, 'old.txt'), 'utf8'), 'not json');
  });

  it('a set folder that is a symlink (or a file) is refused and nothing is written through it', () => {
    const { root, tpl, out, dir } = setup();
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(out);
    symlinkSync(elsewhere, dir);
    const line = refused(certgen(['build', tpl, '--out', out]));
    assert.match(line, /u: the set folder is a symbolic link.*nothing was written/);
    assert.deepEqual(readdirSync(elsewhere), []);
    // Not even read through: a set built there does not make the link "up to date".
    buildOk([tpl, '--out', root.concat('/x')]);
    rmSync(elsewhere, { recursive: true });
    symlinkSync(join(root, 'x', 'u'), elsewhere);
    refused(certgen(['build', tpl, '--out', out]));
    unlinkSync(dir);
    writeFileSync(dir, 'a file');
    assert.match(refused(certgen(['build', tpl, '--out', out])), /the set folder is not a folder/);
  });

  it('a version folder replaced by a symlink is neither read through nor written through', () => {
    const { root, tpl, out, dir } = setup();
    buildOk([tpl, '--out', out]);
    const version = readlinkSync(join(dir, '..data'));
    const elsewhere = join(root, 'elsewhere');
    rmSync(join(dir, version), { recursive: true });
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'mine.txt'), 'mine');
    symlinkSync(elsewhere, join(dir, version));
    const r = certgen(['check', tpl, '--out', out]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /u: stale: \.\.v-[0-9a-f]{16} is not a folder/);
    buildOk([tpl, '--out', out]);
    assert.deepEqual(readdirSync(elsewhere), ['mine.txt']);
    assert.equal(lstatSync(join(dir, readlinkSync(join(dir, '..data')))).isDirectory(), true);
  });
});

describe('folder modes and deterministic folders', () => {
  it('under umask 000 the out, set and version folders are 0755', () => {
    const { tpl, out, dir } = setup();
    const r = spawnSync('sh', ['-c', 'umask 000; exec "$@"', 'sh', process.execPath, BIN, 'build', tpl, '--out', join(out, 'deeper')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const set = join(out, 'deeper', 'u');
    for (const folder of [out, join(out, 'deeper'), set, join(set, readlinkSync(join(set, '..data')))]) {
      assert.equal(statSync(folder).mode & 0o777, 0o755, folder);
    }
    assert.equal(existsSync(dir), false);
  });

  it('two seeded builds give identical folders, hidden entries and link targets included', () => {
    const a = tmpDir();
    const b = tmpDir();
    buildOk([SEEDED, '--out', a]);
    buildOk([SEEDED, '--out', b]);
    const one = tree(join(a, 'seeded'));
    assert.ok(one.some((e) => e.startsWith('..data -> ..v-')));
    assert.deepEqual(tree(join(b, 'seeded')), one);
    // A forced rebuild, and one repairing an edited file, end in the same folder.
    buildOk([SEEDED, '--out', a, '--force']);
    assert.deepEqual(tree(join(a, 'seeded')), one);
    writeFileSync(join(a, 'seeded', 'pins.json'), '{}');
    buildOk([SEEDED, '--out', a]);
    assert.deepEqual(tree(join(a, 'seeded')), one);
  });
});
