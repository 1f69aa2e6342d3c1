/**
 * PKCS#12 iteration counts are bounded at 1,000,000, written or read (issue 11 item 22): the
 * schema's old maximum of 10,000,000 made a build run a silent minute, and a damaged count in a
 * file given to inspect could run for hours.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFile } from '../../src/inspect/describe.js';
import { CertgenError, createCA, generate } from '../../src/index.js';
import { parseTemplate } from '../../src/template/load.js';

const template = (iterations: number) => `version: 1\ncertificates:\n  root: {}\nstores:\n  t.p12: { trusted: [root], iterations: ${iterations} }\n`;

describe('PKCS#12 iterations: at most 1,000,000', () => {
  it('a template asking for more is refused by the schema; the maximum itself is accepted', () => {
    assert.throws(() => parseTemplate(template(1_000_001), 't.yaml'), /^CertgenError: t\.yaml: stores\["t\.p12"\]\.iterations: must be <= 1000000/);
    assert.equal(parseTemplate(template(1_000_000), 't.yaml').name, 't');
  });

  it('toPkcs12() refuses more', async () => {
    const ca = await createCA();
    await assert.rejects(ca.toPkcs12({ iterations: 10_000_000 }), /toPkcs12\(\): PKCS#12 iterations must be an integer from 1 to 1000000, not 10000000/);
  });

  it('inspect refuses a file whose MAC asks for more, at once', async () => {
    const { stores } = await generate({ version: 1, certificates: { root: {} }, stores: { 't.p12': { trusted: ['root'], iterations: 65536 } } });
    const good = Buffer.from(stores['t.p12']!);
    // The MAC's iteration count closes the file: INTEGER 65536 (02 03 01 00 00) → 8,388,607.
    const at = good.lastIndexOf(Buffer.from([0x02, 0x03, 0x01, 0x00, 0x00]));
    assert.equal(at, good.length - 5);
    const bad = Buffer.from(good);
    bad.set([0x7f, 0xff, 0xff], at + 2);
    await assert.rejects(describeFile(bad, { file: 'bad.p12' }), (e: unknown) => e instanceof CertgenError && /^bad\.p12: unsupported PKCS#12: 8388607 iterations/.test(e.message));
    // The negative control: the file as written is described.
    assert.equal((await describeFile(good, { file: 'good.p12' })).format, 'pkcs12');
  });
});
