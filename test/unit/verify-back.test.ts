/**
 * The verify-back guard (x509/issue.ts): a signature that does not verify under the signer's
 * public key is an internal error, caught on the first signature each signer key makes with an
 * algorithm. An engine that corrupts its signatures stands in for a broken signer.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { engineFor, resolveTemplate } from '../../src/api/pipeline.js';
import type { Engine } from '../../src/crypto/types.js';
import { systemRngFactory } from '../../src/crypto/random.js';
import { parseTemplate } from '../../src/template/load.js';
import { issueSet } from '../../src/x509/issue-set.js';

const TEMPLATE = 'version: 1\ncertificates:\n  root: {}\n  a: { issuer: root }\n  b: { issuer: root }\n';

/** The node engine, with the first byte of every signature flipped after `good` good ones. */
async function corruptingEngine(good: number): Promise<Engine> {
  const real = await engineFor('node');
  let signed = 0;
  return {
    name: real.name,
    generateKeyPair: (...a) => real.generateKeyPair(...a),
    digest: (...a) => real.digest(...a),
    async sign(...a) {
      const signature = (await real.sign(...a)).slice();
      if (signed++ >= good) signature[signature.length - 1]! ^= 0xff;
      return signature;
    },
  };
}

const issueWith = async (engine: Engine) =>
  issueSet(resolveTemplate(parseTemplate(TEMPLATE, 'x.yaml'), { now: new Date(), env: {} }), { engine, rng: systemRngFactory() });

describe('verify-back', () => {
  it('refuses a first signature that does not verify, as an internal error', async () => {
    await assert.rejects(issueWith(await corruptingEngine(0)), /^Error: internal error: the signature of "root" does not verify$/);
  });

  it("checks each signer key's first signature: a new signer's broken first signature is caught", async () => {
    // Two good signatures (root by itself, the intermediate by root), then the intermediate
    // key's first signature, over the leaf, is corrupted.
    const engine = await corruptingEngine(2);
    const text = 'version: 1\ncertificates:\n  root: {}\n  ca: { issuer: root, profile: intermediate }\n  leaf: { issuer: ca }\n';
    const set = resolveTemplate(parseTemplate(text, 'x.yaml'), { now: new Date(), env: {} });
    await assert.rejects(issueSet(set, { engine, rng: systemRngFactory() }), /internal error: the signature of "leaf" does not verify/);
  });

  it('the negative control: the same sets with a sound engine are issued', async () => {
    const issued = await issueWith(await engineFor('node'));
    assert.deepEqual([...issued.certificates.keys()], ['root', 'a', 'b']);
  });
});
