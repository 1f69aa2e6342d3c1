/**
 * An OCSP response lasts days, not years: a set whose response meant to be valid has passed its
 * nextUpdate is stale (`certgen check` exits 1 and says so; `certgen build` signs a fresh one), but
 * only when a rebuild can cure it: with a `seed` or a fixed `epoch` the times never move, and a
 * response that is meant to be expired never makes its set stale.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { certgen, ensureBuilt } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tools.js';

const dir = tmpDir();
after(() => rmSync(dir, { recursive: true, force: true }));
ensureBuilt();

function set(name: string, yaml: string): { check: () => ReturnType<typeof certgen>; build: () => ReturnType<typeof certgen>; file: (f: string) => string } {
  const tpl = join(dir, `${name}.yaml`);
  writeFileSync(tpl, yaml);
  const out = join(dir, 'out');
  return {
    check: () => certgen(['check', tpl, '--out', out]),
    build: () => certgen(['build', tpl, '--out', out]),
    file: (f) => join(out, name, f),
  };
}

test('a response meant valid whose nextUpdate has passed makes the set stale; build signs a fresh one', async () => {
  const s = set('short', 'version: 1\ncertificates:\n  root: {}\n  server: { issuer: root, ocspResponse: { thisUpdate: -1h, nextUpdate: 2s } }\n  old: { issuer: root, ocspResponse: { thisUpdate: -2h, nextUpdate: -1h, expect: expired } }\n');
  assert.match(s.build().stdout, /short: built/);
  const first = readFileSync(s.file('server.ocsp.der'));
  const fresh = s.check();
  assert.equal(fresh.status, 0, `the expect: expired response does not make the set stale: ${fresh.stdout}`);
  assert.doesNotMatch(s.build().stderr, /ocsp/i, 'no expiry warning for a response');
  await sleep(2500);
  const stale = s.check();
  assert.equal(stale.status, 1);
  assert.match(stale.stdout, /OCSP response server\.ocsp\.der expired 20\d\d-/);
  assert.match(s.build().stdout, /short: built/);
  assert.notDeepEqual(readFileSync(s.file('server.ocsp.der')), first);
  assert.equal(s.check().status, 0);
});

test('negative controls: seeded and fixed-epoch sets with old responses stay up to date, and so does a response already past its nextUpdate when built', () => {
  const past = set('past', 'version: 1\ncertificates:\n  root: {}\n  server: { issuer: root, ocspResponse: { thisUpdate: -2d, nextUpdate: -1d } }\n');
  assert.equal(past.build().status, 0);
  assert.equal(past.check().status, 0, 'a rebuild would not cure it: certgen verify reports it instead');
  for (const [name, head] of [['seeded', 'seed: s'], ['fixed', 'epoch: 2020-01-01T00:00:00Z\ndefaults: { validity: { days: 36500 } }']]) {
    const s = set(name, `version: 1\n${head}\ncertificates:\n  root: {}\n  server: { issuer: root, ocspResponse: true }\n`);
    assert.equal(s.build().status, 0);
    const r = s.check();
    assert.equal(r.status, 0, `${name}: ${r.stdout}`);
  }
});
