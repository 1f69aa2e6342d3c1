/**
 * The output layer: atomic set writes, the build lock, freshness. Concurrency and crash claims are
 * tested with real processes: a reader racing 50 rewrites, 8 writers racing for the lock, and a
 * writer killed with SIGKILL at random points.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CertgenError } from '../../src/errors.js';
import { checkFreshness, type FreshnessQuery } from '../../src/output/freshness.js';
import { LOCK_FILE, withSetLock } from '../../src/output/lock.js';
import { loadSetSnapshot, readSetState, sha256Hex } from '../../src/output/state.js';
import { writeSet } from '../../src/output/write-set.js';
import { tmpDir } from '../helpers/tools.js';
import { makeFiles, tagOf, testState } from './fixtures/files.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const roots: string[] = [];
function scratch(): string {
  const d = tmpDir('certgen-output-');
  roots.push(d);
  return d;
}
after(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

/** A locked write, the way `certgen build` does it. */
async function build(out: string, set: string, tag: string, count = 3, size = 256): Promise<void> {
  await withSetLock(out, set, () => writeSet(out, set, makeFiles(tag, count, size), testState(tag)), { timeoutMs: 10_000 });
}

/**
 * Asserts `out/set` is one complete build: every recorded file visible as `..data/<name>`, its
 * bytes hashing as recorded and carrying the build's tag; one version dir, no temp links.
 * Returns the tag.
 */
function assertComplete(out: string, set: string, count: number): string {
  const dir = join(out, set);
  const snap = loadSetSnapshot(out, set);
  assert.equal(snap.status, 'ok', JSON.stringify(snap));
  if (snap.status !== 'ok') throw new Error('unreachable');
  const tag = snap.state.templateHash;
  const names = Object.keys(snap.state.files);
  assert.equal(names.length, count);
  for (const name of names) {
    assert.equal(readlinkSync(join(dir, name)), `..data/${name}`);
    const bytes = readFileSync(join(dir, name));
    assert.equal(sha256Hex(bytes), snap.state.files[name], `${name} hash`);
    assert.equal(tagOf(bytes), tag, `${name} tag`);
  }
  return tag;
}

function garbage(out: string, set: string): string[] {
  const dir = join(out, set);
  const current = readlinkSync(join(dir, '..data'));
  return readdirSync(dir).filter((e) => (e.startsWith('..v-') && e !== current) || e.startsWith('..data.tmp-') || e.startsWith('..lock.tmp-'));
}

function spawnFixture(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, script), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Resolves with the child's first stdout line; collects the rest. */
function lines(child: ChildProcess): { first: Promise<string>; all: string[]; stderr: string[] } {
  const all: string[] = [];
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const first = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      all.push(l);
      if (all.length === 1) resolve(l);
    });
    child.once('exit', () => (all.length === 0 ? reject(new Error(`child exited early: ${stderr.join('')}`)) : undefined));
  });
  return { first, all, stderr };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A pid that certainly belonged to a process and is now dead. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('writeSet', () => {
  it('sets modes 0600/0644 whatever the umask', async () => {
    const out = scratch();
    const old = process.umask();
    try {
      for (const mask of [0o000, 0o077, 0o022]) {
        process.umask(mask);
        await build(out, 's', `m${mask}`, 3);
        assert.equal(statSync(join(out, 's', 'f00.pem')).mode & 0o777, 0o644, `umask ${mask.toString(8)}`);
        assert.equal(statSync(join(out, 's', 'f02.key.pem')).mode & 0o777, 0o600, `umask ${mask.toString(8)}`);
        assert.equal(statSync(join(out, 's', 'f02.key.pem')).isFile(), true);
      }
    } finally {
      process.umask(old);
    }
  });

  it('lays out ..data, version dir and visible links; replacing a set removes files no longer present', async () => {
    const out = scratch();
    await build(out, 's', 'one', 5);
    assert.equal(assertComplete(out, 's', 5), 'one');
    const v1 = readlinkSync(join(out, 's', '..data'));
    assert.match(v1, /^\.\.v-[0-9a-f]{16}$/);
    await build(out, 's', 'two', 2);
    assert.equal(assertComplete(out, 's', 2), 'two');
    const left = readdirSync(join(out, 's')).sort();
    const v2 = readlinkSync(join(out, 's', '..data'));
    assert.deepEqual(left, [v2, '..data', 'f00.pem', 'f01.pem'].sort());
    assert.notEqual(v1, v2);
    assert.deepEqual((await readSetState(out, 's'))?.files, {
      'f00.pem': sha256Hex(makeFiles('two', 2, 256)[0]!.bytes),
      'f01.pem': sha256Hex(makeFiles('two', 2, 256)[1]!.bytes),
    });
  });

  it('replaces regular files of an older layout, keeps strangers, clears crash leftovers', async () => {
    const out = scratch();
    const dir = join(out, 's');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'f00.pem'), 'old layout');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    mkdirSync(join(dir, '..v-00000000deadbeef'));
    writeFileSync(join(dir, '..v-00000000deadbeef', 'f00.pem'), 'half');
    symlinkSync('..v-00000000deadbeef', join(dir, '..data.tmp-0123'));
    writeFileSync(join(dir, `..lock.tmp-${deadPid()}-abc`), '{}');
    await build(out, 's', 'new', 2);
    assertComplete(out, 's', 2);
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
    assert.deepEqual(garbage(out, 's'), []);
  });

  it('refuses names that are paths or reserved, before writing anything', async () => {
    const out = scratch();
    for (const name of ['../x', 'a/b', 'a\\b', '..data', '..lock', '..v-1', '', '.', '.certgen-state.json']) {
      await assert.rejects(writeSet(out, 's', [{ name, bytes: new Uint8Array(1), mode: 0o644 }], testState('x')), /refusing/, name);
    }
    const dup = { name: 'a.pem', bytes: new Uint8Array(1), mode: 0o644 };
    await assert.rejects(writeSet(out, 's', [dup, dup], testState('x')), /twice/);
    await assert.rejects(writeSet(out, '../s', [dup], testState('x')), /refusing set/);
    assert.equal(existsSync(join(out, 's')), false);
  });

  it('a reader racing 50 rewrites never sees build A and build B together', async (t) => {
    const out = scratch();
    const size = 16 * 1024;
    const write = (tag: string) =>
      withSetLock(out, 's', () => writeSet(out, 's', makeFiles(tag, 2, size), testState(tag)));
    await write('A');
    const stop = join(out, 'stop');
    const reader = spawnFixture('reader.ts', [join(out, 's'), String(size), stop]);
    const io = lines(reader);
    assert.equal(await io.first, 'ready');
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) await write(i % 2 === 0 ? 'B' : 'A');
    const writeMs = performance.now() - t0;
    writeFileSync(stop, '');
    assert.equal((await exited(reader)).code, 0, io.stderr.join(''));
    const stats = JSON.parse(io.all[1]!) as {
      pinnedPairs: number;
      pinnedMixed: number;
      validatedPairs: number;
      validatedMixed: number;
      torn: number;
      visibleErrors: number;
      versionsSeen: number;
      swapsSeen: number;
      tags: Record<string, number>;
    };
    t.diagnostic(`50 rewrites in ${writeMs.toFixed(0)} ms; reader: ${JSON.stringify(stats)}`);
    assert.equal(stats.pinnedMixed, 0);
    assert.equal(stats.validatedMixed, 0);
    assert.equal(stats.torn, 0);
    assert.equal(stats.visibleErrors, 0);
    assert.ok(stats.pinnedPairs >= 100, 'reader ran concurrently');
    assert.ok(stats.validatedPairs >= 100, 'the seqlock kept pairs (it is not refusing every read)');
    assert.ok((stats.tags.A ?? 0) > 0 && (stats.tags.B ?? 0) > 0, 'reader saw both builds');
    assert.ok(stats.swapsSeen >= 10, 'reader saw many swaps');
    assertComplete(out, 's', 2);
  });
});

describe('withSetLock', () => {
  it('serialises callers within one process and releases after a throw', async () => {
    const out = scratch();
    let inside = 0;
    let maxInside = 0;
    const job = () =>
      withSetLock(out, 's', async () => {
        inside++;
        maxInside = Math.max(maxInside, inside);
        await sleep(10);
        inside--;
      });
    await Promise.all([job(), job(), job(), job()]);
    assert.equal(maxInside, 1);
    await assert.rejects(withSetLock(out, 's', async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(existsSync(join(out, 's', LOCK_FILE)), false);
  });

  it('breaks the lock of a dead pid at once', async () => {
    const out = scratch();
    mkdirSync(join(out, 's'));
    const pid = deadPid();
    writeFileSync(join(out, 's', LOCK_FILE), JSON.stringify({ pid, host: hostname(), started: new Date().toISOString() }));
    let waited = false;
    await withSetLock(out, 's', async () => undefined, { timeoutMs: 2000, onWait: () => (waited = true) });
    assert.equal(waited, false, 'a dead holder is not waited for');
    assert.equal(existsSync(join(out, 's', LOCK_FILE)), false);
  });

  it('breaks the lock of a reused pid (different process start time)', async () => {
    const out = scratch();
    mkdirSync(join(out, 's'));
    if (!existsSync('/proc/self/stat')) return; // the start-time check needs Linux /proc
    // Our own pid, alive, but recorded with another start time: the recorded process is gone.
    writeFileSync(join(out, 's', LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), started: '', pidStart: '1' }));
    await withSetLock(out, 's', async () => undefined, { timeoutMs: 2000 });
  });

  it('waits for a live holder, another host or a fresh unreadable lock, then names it', async () => {
    const out = scratch();
    mkdirSync(join(out, 's'));
    const lock = join(out, 's', LOCK_FILE);
    const cases: [string, RegExp][] = [
      [JSON.stringify({ pid: process.pid, host: hostname(), started: 'T' }), new RegExp(`held by pid ${process.pid} on`)],
      [JSON.stringify({ pid: deadPid(), host: 'elsewhere.invalid', started: 'T' }), /on elsewhere\.invalid since T/],
      ['', /unreadable/],
    ];
    for (const [content, message] of cases) {
      writeFileSync(lock, content);
      let waitedFor: number | undefined;
      const err = await withSetLock(out, 's', async () => 'ran', { timeoutMs: 150, onWait: (h) => (waitedFor = h.pid) }).catch((e: unknown) => e);
      assert.ok(err instanceof CertgenError, String(err));
      assert.match(err.message, message);
      assert.match(err.message, /\.\.lock/);
      if (content !== '') assert.equal(typeof waitedFor, 'number');
      assert.equal(existsSync(lock), true, 'a live lock is never removed');
    }
    // An unreadable lock that nobody has touched for a while was left by a crash.
    writeFileSync(lock, '');
    utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    assert.equal(await withSetLock(out, 's', async () => 'ran', { timeoutMs: 1000 }), 'ran');
  });

  it('8 concurrent writer processes all succeed, one at a time, leaving a consistent set', async (t) => {
    const out = scratch();
    const log = join(out, 'log');
    const count = 10;
    const children = Array.from({ length: 8 }, (_, i) =>
      spawnFixture('writer.ts', [out, 's', `w${i}`, '--count', String(count), '--size', '20000', '--times', '3', '--wait-go', '--log', log]),
    );
    const ios = children.map(lines);
    for (const io of ios) assert.equal(await io.first, 'ready');
    const t0 = performance.now();
    for (const c of children) c.stdin!.write('go\n');
    const results = await Promise.all(children.map(exited));
    const ms = performance.now() - t0;
    results.forEach((r, i) => assert.equal(r.code, 0, ios[i]!.stderr.join('')));
    const waits = ios.reduce((n, io) => n + (JSON.parse(io.all[1]!) as { waits: number }).waits, 0);
    // Critical sections never overlap: the log alternates enter/exit of the same build.
    const entries = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(entries.length, 8 * 3 * 2);
    for (let i = 0; i < entries.length; i += 2) {
      const [e, tagIn] = entries[i]!.split(' ');
      const [x, tagOut] = entries[i + 1]!.split(' ');
      assert.deepEqual([e, x, tagIn], ['enter', 'exit', tagOut], `log lines ${i}-${i + 1}`);
    }
    const last = entries.at(-1)!.split(' ')[1];
    assert.equal(assertComplete(out, 's', count), last);
    assert.deepEqual(garbage(out, 's'), []);
    assert.equal(existsSync(join(out, 's', LOCK_FILE)), false);
    t.diagnostic(`24 locked writes by 8 processes in ${ms.toFixed(0)} ms; ${waits} of them waited for the lock`);
  });

  it('a writer killed with SIGKILL at random points leaves the old or the new set, and no stuck lock', async (t) => {
    const count = 30;
    const size = 200 * 1024;
    const trials = 20;
    let lockLeft = 0;
    let midWrite = 0;
    let advanced = 0;
    // Two independent sets killed in parallel: the trials are dominated by child start-up time.
    const lane = async (name: string, laneTrials: number) => {
      const out = scratch();
      await build(out, 's', 'init', count, size);
      let previous = 'init';
      for (let trial = 0; trial < laneTrials; trial++) {
        const child = spawnFixture('writer.ts', [out, 's', `${name}k${trial}`, '--count', String(count), '--size', String(size), '--loop']);
        const io = lines(child);
        assert.equal(await io.first, 'ready', io.stderr.join(''));
        await sleep(Math.random() * 300);
        child.kill('SIGKILL');
        assert.equal((await exited(child)).signal, 'SIGKILL', io.stderr.join(''));

        // What the crash left: a complete set, the previous one or one the child finished.
        const tag = assertComplete(out, 's', count);
        if (tag !== previous) advanced++;
        if (existsSync(join(out, 's', LOCK_FILE))) lockLeft++;
        if (garbage(out, 's').length > 0) midWrite++;

        // The next build does not wait for the dead pid.
        const tagNext = `${name}p${trial}`;
        let waited = false;
        await withSetLock(out, 's', () => writeSet(out, 's', makeFiles(tagNext, count, size), testState(tagNext)), {
          timeoutMs: 5000,
          onWait: () => (waited = true),
        });
        assert.equal(waited, false, `trial ${trial}: the next build waited for a dead holder`);
        assert.equal(assertComplete(out, 's', count), tagNext);
        assert.deepEqual(garbage(out, 's'), []);
        previous = tagNext;
      }
    };
    const t0 = performance.now();
    await Promise.all([lane('a', trials / 2), lane('b', trials / 2)]);
    t.diagnostic(
      `${trials} SIGKILL trials in ${(performance.now() - t0).toFixed(0)} ms: ${lockLeft} left a lock, ${midWrite} left a half-written version, ` +
        `${advanced} had completed ≥1 build`,
    );
    assert.ok(lockLeft >= 5, 'the stale-lock path was exercised');
    assert.ok(midWrite >= 3, 'kills landed mid-write');
  });
});

describe('checkFreshness', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  async function setup(): Promise<{ out: string; q: FreshnessQuery }> {
    const out = scratch();
    const files = makeFiles('x', 3, 100).map((f, i) => ({ ...f, name: ['server.pem', 'server.key.pem', 'pins.json'][i]! }));
    await withSetLock(out, 's', () =>
      writeSet(out, 's', files, {
        version: '0.1.0',
        templateHash: 't1',
        inputsHash: 'i1',
        notAfter: { server: '2026-12-01T00:00:00Z', revoked: '2020-01-01T00:00:00Z' },
        expectValid: ['server'],
      }),
    );
    return { out, q: { outDir: out, set: 's', version: '0.1.0', templateHash: 't1', now, expiryWarningDays: 30 } };
  }
  const ok = { upToDate: true, reasons: [], expiringSoon: [] };
  const stale = (...reasons: string[]) => ({ upToDate: false, reasons, expiringSoon: [] });

  it('up to date; extra files ignored; an expired cert not meant to be valid ignored', async () => {
    const { out, q } = await setup();
    assert.deepEqual(await checkFreshness(q), ok);
    writeFileSync(join(out, 's', 'stray.txt'), 'x');
    assert.deepEqual(await checkFreshness(q), ok);
  });

  it('not built yet, and creates nothing', async () => {
    const out = scratch();
    assert.deepEqual(await checkFreshness({ outDir: out, set: 'nope', version: '0.1.0', templateHash: 't', now, expiryWarningDays: 30 }), stale('not built yet'));
    assert.equal(existsSync(join(out, 'nope')), false);
  });

  it('writes nothing', async () => {
    const { out, q } = await setup();
    const dir = join(out, 's');
    const snapshot = () => readdirSync(dir).map((e) => `${e}:${lstatSync(join(dir, e)).mtimeMs}`).join(',') + `|${statSync(dir).mtimeMs}`;
    const before = snapshot();
    await checkFreshness(q);
    await checkFreshness({ ...q, version: '9' });
    assert.equal(snapshot(), before);
  });

  it('version change', async () => {
    const { q } = await setup();
    assert.deepEqual(await checkFreshness({ ...q, version: '0.2.0' }), stale('certgen version changed (0.1.0 → 0.2.0)'));
  });

  it('template change, unless the resolved inputs are the same', async () => {
    const { q } = await setup();
    assert.deepEqual(await checkFreshness({ ...q, templateHash: 't2' }), stale('template changed'));
    assert.deepEqual(await checkFreshness({ ...q, templateHash: 't2', inputsHash: 'i2' }), stale('template changed'));
    assert.deepEqual(await checkFreshness({ ...q, templateHash: 't2', inputsHash: 'i1' }), ok);
  });

  it('edited (through the link), replaced by a regular file, deleted', async () => {
    const { out, q } = await setup();
    const dir = join(out, 's');
    appendFileSync(join(dir, 'server.pem'), 'x');
    assert.deepEqual(await checkFreshness(q), stale('server.pem was edited'));
    const bytes = readFileSync(join(dir, 'pins.json'));
    unlinkSync(join(dir, 'pins.json'));
    assert.deepEqual(await checkFreshness(q), stale('pins.json was deleted', 'server.pem was edited'));
    writeFileSync(join(dir, 'pins.json'), bytes); // same bytes, but no longer the build's file
    assert.deepEqual(await checkFreshness(q), stale('pins.json was replaced', 'server.pem was edited'));
  });

  it('expired, and expiring soon', async () => {
    const { q } = await setup();
    assert.deepEqual(await checkFreshness({ ...q, now: new Date('2026-12-01T00:00:00Z') }), stale('certificate server expired 2026-12-01T00:00:00Z'));
    const soon = await checkFreshness({ ...q, now: new Date('2026-11-20T00:00:00Z') });
    assert.deepEqual(soon, { upToDate: true, reasons: [], expiringSoon: [{ cert: 'server', notAfter: '2026-12-01T00:00:00Z' }] });
    assert.deepEqual(await checkFreshness({ ...q, now: new Date('2026-11-20T00:00:00Z'), expiryWarningDays: 5 }), ok);
  });

  it('a hand-made ..data or state is stale, not followed', async () => {
    const { out, q } = await setup();
    const dir = join(out, 's');
    const v = readlinkSync(join(dir, '..data'));
    writeFileSync(join(dir, v, '.certgen-state.json'), '{"version":');
    assert.deepEqual(await checkFreshness(q), stale('build state is not valid JSON'));
    unlinkSync(join(dir, '..data'));
    symlinkSync('/etc', join(dir, '..data'));
    assert.deepEqual(await checkFreshness(q), stale('..data points to /etc'));
    assert.equal(await readSetState(out, 's'), null);
  });
});
