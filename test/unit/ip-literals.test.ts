/**
 * certgen's own IP-literal check (src/values/san.ts `isIp`, which avoids node:net's slow-to-compile
 * IPv6 pattern) gives node:net's `isIP` answer on every input: hand-picked edge cases and random
 * strings made of the pieces addresses are made of.
 */
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import { isIp } from '../../src/values/san.js';

const EDGES = ['::', '::1', '1::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '::ffff:1.2.3.4',
  '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', '::1.2.3.4', '1.2.3.4', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.',
  'fe80::1%eth0', ':1', '1:', '1:::2', '::ffff:1.2.3.04', '12345::', 'g::1', 'localhost', '', ' 1.2.3.4', '1.2.3.4/8'];

test('isIp answers as node:net isIP on edge cases', () => {
  for (const s of EDGES) assert.equal(isIp(s), isIP(s), JSON.stringify(s));
  // The cases cover all three answers (a check that cannot tell them apart would fail here).
  assert.deepEqual(new Set(EDGES.map(isIp)), new Set([0, 4, 6]));
});

test('isIp answers as node:net isIP on random address-like strings', () => {
  const piece = fc.constantFrom('0', '1', '9', 'a', 'f', 'F', 'g', ':', '::', '.', '255', '256', '01', '1.2.3.4', 'ffff', '12345', '%eth0', ' ', '/');
  let valid = 0;
  fc.assert(
    fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (parts) => {
      const s = parts.join('');
      if (isIP(s) !== 0) valid++;
      return isIp(s) === isIP(s);
    }),
    { numRuns: 20000, seed: 12 },
  );
  assert.ok(valid > 100, `the random strings included addresses (${valid})`);
});
