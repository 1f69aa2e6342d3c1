/**
 * Readers during rebuilds, the documented ways: `load()` in a loop and a loop over the visible
 * files, while another process runs `certgen build --force` on the set again and again. Never an
 * error; through `load()` never a mix of two builds (each key matches its certificate, each
 * certificate's issuer is the set's issuer, and the handles match the set's own pins.json).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { load } from '../../src/api/load.js';
import { BIN, certgen, ensureBuilt } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tools.js';

before(() => ensureBuilt());

const REBUILDS = 25;

test('load() and visible-file readers never fail and never mix builds during repeated --force rebuilds', async (t) => {
  const root = tmpDir();
  const tpl = join(root, 'u.yaml');
  writeFileSync(tpl, 'version: 1\ncertificates:\n  root: {}\n  server: { issuer: root }\n  client: { issuer: root, profile: client }\n');
  const out = join(root, 'out');
  const dir = join(out, 'u');
  assert.equal(certgen(['build', tpl, '--out', out, '--quiet']).status, 0);

  const script = `for i in $(seq ${REBUILDS}); do "$0" "$1" build "$2" --out "$3" --force --quiet || exit 1; done`;
  const builder = spawn('sh', ['-c', script, process.execPath, BIN, tpl, out], { stdio: ['ignore', 'ignore', 'pipe'] });
  let builderErr = '';
  builder.stderr.on('data', (d) => (builderErr += d));
  let running = true;
  const finished = new Promise<number | null>((resolve) => builder.on('close', (code) => ((running = false), resolve(code))));

  let loads = 0;
  let visibleRounds = 0;
  const versions = new Set<string>();
  const errors: string[] = [];
  while (running) {
    try {
      const { sets } = await load(out, 'u');
      const set = sets.u!;
      const rootCert = new X509Certificate(set.certificates.root!.certPem);
      for (const name of ['root', 'server', 'client']) {
        const c = set.certificates[name]!;
        const cert = new X509Certificate(c.certPem);
        const spki = (k: string) => createPublicKey(createPrivateKey(k)).export({ type: 'spki', format: 'der' });
        if (!spki(c.keyPem).equals(cert.publicKey.export({ type: 'spki', format: 'der' }))) errors.push(`load: ${name}'s key is from another build`);
        if (!cert.verify(rootCert.publicKey)) errors.push(`load: ${name} is not signed by this build's root`);
        if (c.certSha256 !== set.pins.certificates[name]!.certSha256) errors.push(`load: ${name} does not match pins`);
      }
      loads++;
    } catch (e) {
      errors.push(`load: ${(e as Error).message}`);
    }
    try {
      versions.add(readlinkSync(join(dir, '..data')));
      for (const name of readdirSync(dir)) if (!name.startsWith('..')) readFileSync(join(dir, name));
      visibleRounds++;
    } catch (e) {
      errors.push(`visible: ${(e as Error).message}`);
    }
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(await finished, 0, builderErr);
  t.diagnostic(`${loads} loads and ${visibleRounds} visible rounds over ${versions.size} versions during ${REBUILDS} rebuilds`);
  assert.deepEqual(errors.slice(0, 5), []);
  assert.ok(versions.size >= 5, 'the readers ran across many rebuilds');
  assert.ok(loads >= 20, 'load() ran throughout');
});
