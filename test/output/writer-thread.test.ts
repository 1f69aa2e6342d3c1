/**
 * Sets of 1,000 files and more are written by a second thread while the certificates are issued
 * (src/output/writer-thread.ts). The thread writes the same folder as the inline writer, a build
 * that fails midway leaves the previous set as it was, and a 300-leaf CLI build (which takes the
 * thread) is a consistent set that OpenSSL verifies and `certgen check` finds up to date.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withSetLock } from '../../src/output/lock.js';
import { loadSetSnapshot } from '../../src/output/state.js';
import { THREAD_FROM_FILES, openVersion, writeSet } from '../../src/output/write-set.js';
import { spawnWriterThread } from '../../src/output/writer-thread.js';
import { certgen, ensureBuilt, setProblems } from '../helpers/cli.js';
import { run, skipWithout, tmpDir } from '../helpers/tools.js';
import { makeFiles, tagOf, testState } from './fixtures/files.js';
import { tree } from './fixtures/tree.js';

const roots: string[] = [];
function scratch(): string {
  const d = tmpDir('certgen-writer-');
  roots.push(d);
  return d;
}
after(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

describe('the writer thread', () => {
  it('writes the very folder the inline writer writes, modes and links included, whatever the umask', async () => {
    const old = process.umask(0o077);
    try {
      const [a, b] = [scratch(), scratch()];
      const files = makeFiles('t', 60, 300);
      await withSetLock(a, 's', () => writeSet(a, 's', files, testState('t'), { thread: true }));
      await withSetLock(b, 's', () => writeSet(b, 's', files, testState('t'), { thread: false }));
      const written = tree(join(a, 's'));
      assert.equal(written.filter((e) => / -> \.\.data\//.test(e)).length, 60);
      assert.deepEqual(written, tree(join(b, 's')));
      assert.equal(statSync(join(a, 's', 'f02.key.pem')).mode & 0o777, 0o600);
      assert.equal(statSync(join(a, 's', 'f00.pem')).mode & 0o777, 0o644);
      // The negative control: different content is a different folder.
      await withSetLock(b, 's', () => writeSet(b, 's', makeFiles('u', 60, 300), testState('u'), { thread: true }));
      assert.notDeepEqual(tree(join(b, 's')), written);
    } finally {
      process.umask(old);
    }
  });

  it('a build given up midway leaves the previous set current, complete and alone', async () => {
    const out = scratch();
    const dir = join(out, 's');
    await withSetLock(out, 's', () => writeSet(out, 's', makeFiles('old', 3, 100), testState('old')));
    const before = tree(dir);
    await withSetLock(out, 's', async () => {
      const version = openVersion(out, 's', { thread: spawnWriterThread() });
      version.add(makeFiles('new', 5 * THREAD_FROM_FILES, 100)); // more than the thread may have queued; new names get links early
      await version.abort();
    });
    assert.deepEqual(tree(dir), before, 'no version folder, link or file left by the abandoned build');
    const snap = loadSetSnapshot(out, 's');
    assert.equal(snap.status, 'ok');
    assert.equal(tagOf(readFileSync(join(dir, 'f00.pem'))), 'old');
  });

  it('a name taken while the thread runs is still linked into the set', async () => {
    const out = scratch();
    const dir = join(out, 's');
    await withSetLock(out, 's', async () => {
      const version = openVersion(out, 's', { thread: spawnWriterThread() });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'f01.pem'), 'a stranger was quicker'); // free when the build began
      version.add(makeFiles('t', 3, 100));
      await version.commit(testState('t'));
    });
    assert.equal(readlinkSync(join(dir, 'f01.pem')), '..data/f01.pem');
    assert.equal(tagOf(readFileSync(join(dir, 'f01.pem'))), 't');
  });
});

describe('a CLI build large enough for the thread', () => {
  ensureBuilt();
  const leaves = 300; // 1,204 files: over THREAD_FROM_FILES
  const certificates: Record<string, object> = { root: { subject: { CN: 'Thread Root' } } };
  for (let i = 0; i < leaves; i++) certificates[`leaf-${i}`] = { issuer: 'root', san: [`leaf-${i}.test`] };

  it('is a consistent set that OpenSSL verifies and `certgen check` finds up to date', (t) => {
    assert.ok(4 * leaves >= THREAD_FROM_FILES);
    const out = scratch();
    const file = join(out, 'many.json');
    writeFileSync(file, JSON.stringify({ version: 1, defaults: { key: 'p256' }, certificates }));
    const built = certgen(['build', file, '--out', out, '--quiet']);
    assert.equal(built.status, 0, built.stderr);
    const dir = join(out, 'many');
    assert.deepEqual(setProblems(dir), []);
    assert.equal(readdirSync(dir).filter((n) => !n.startsWith('..')).length, 4 * (leaves + 1) + 1);
    assert.equal(statSync(join(dir, 'leaf-299.key.pem')).mode & 0o777, 0o600);
    assert.equal(certgen(['check', file, '--out', out]).status, 0);
    if (!skipWithout(t, 'openssl')) {
      const ok = run('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), join(dir, 'leaf-299.pem')]);
      assert.equal(ok.status, 0, ok.stderr);
      // The negative control: a leaf is no trust anchor for the root.
      assert.notEqual(run('openssl', ['verify', '-CAfile', join(dir, 'leaf-0.pem'), join(dir, 'root.pem')]).status, 0);
    }
  });

  it('refuses a folder in the way of a late file with one line, and leaves the previous set as it was', () => {
    const out = scratch();
    const file = join(out, 'many.json');
    writeFileSync(file, JSON.stringify({ version: 1, defaults: { key: 'p256' }, certificates: { root: {}, 'leaf-0': { issuer: 'root' } } }));
    assert.equal(certgen(['build', file, '--out', out, '--quiet']).status, 0);
    const dir = join(out, 'many');
    const before = tree(dir);
    writeFileSync(file, JSON.stringify({ version: 1, defaults: { key: 'p256' }, certificates }));
    mkdirSync(join(dir, 'leaf-299.pub.pem'));
    const refused = certgen(['build', file, '--out', out, '--quiet']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^certgen: .*leaf-299\.pub\.pem: a folder is where certgen writes a file: remove it; the previous set is unchanged\n$/);
    rmSync(join(dir, 'leaf-299.pub.pem'), { recursive: true });
    assert.deepEqual(tree(dir), before, 'no version folder or link left by the refused build');
  });
});
