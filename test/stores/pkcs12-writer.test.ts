/**
 * The DER PKCS#12 writer (src/stores/pkcs12-write.ts) writes exactly the bytes of the pkijs-based
 * writer it replaced (commit c5951fa): the digests below were computed with that writer, for the
 * same inputs and salts. Interop with real readers is test/stores/pkcs12.test.ts's job.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { encodePkcs12 } from '../../src/stores/pkcs12-write.js';
import { encodePkcs12 as reexported } from '../../src/stores/pkcs12.js';

/** Deterministic filler bytes: SHA-256(label:counter) blocks. */
function bytes(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let filled = 0, counter = 0; filled < length; filled += 32, counter++) {
    out.set(createHash('sha256').update(`${label}:${counter}`).digest().subarray(0, Math.min(32, length - filled)), filled);
  }
  return out;
}

const rng = (seed: string) => {
  let counter = 0;
  return { bytes: (length: number) => bytes(`${seed}/${counter++}`, length) };
};

const root = bytes('root', 420);
const intermediate = bytes('inter', 450);
const keys = [
  { alias: 'server', pkcs8: bytes('k1', 138), chain: [bytes('server', 500), intermediate, root] },
  { alias: 'Client-é', pkcs8: bytes('k2', 1218), chain: [bytes('client', 480), intermediate, root] },
];
const trusted = [{ alias: 'root', cert: root }];

const GOLDEN: Record<string, string> = {
  'aes256/2048': '7ed2c30a24672b6a6610899a4b7f4e0990d84b4e0c8ac8ed656e0de5de20c01b',
  'aes256/200': '498adeab29110cd3f191f1f301c99765f525f3708edaef2df64d39740ce38c83',
  'legacy/2048': '6e218022591c566a4ae4772b685104a82df91569d79ec3bf6de2a72dacce1862',
  'legacy/200': '353ad18d9f62aba167cc8bb7c94da670aa414577edf5121dbfe2a4311a2276df',
};

for (const [id, digest] of Object.entries(GOLDEN)) {
  test(`PKCS#12 ${id}: the same bytes as the pkijs-based writer`, async () => {
    const [encryption, iterations] = id.split('/') as ['aes256' | 'legacy', string];
    const der = await encodePkcs12(keys, trusted, { password: 'changeit', encryption, iterations: Number(iterations), rng: rng(`${encryption}${iterations}`) });
    assert.equal(createHash('sha256').update(der).digest('hex'), digest);
  });
}

test('pkcs12.ts re-exports the writer', () => {
  assert.equal(reexported, encodePkcs12);
});
