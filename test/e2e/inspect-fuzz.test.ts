/**
 * A seeded mutation fuzz of `certgen inspect` (issue 11 item 4): PEM, DER and PKCS#12 inputs that
 * certgen wrote, with bytes flipped, cut short, length fields rewritten and bytes inserted. Every
 * case must end in a description or in exactly one `certgen: FILE: …` line with exit 1: no stack
 * trace, no "internal error", no hang. Most cases run in-process against the inspect entry point
 * (describe, then render as text and JSON); a few hundred go through the built CLI.
 * Also: a description never carries raw terminal control or bidirectional characters (item 13).
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { describeFile } from '../../src/inspect/describe.js';
import { renderDescription } from '../../src/inspect/render.js';
import { CertgenError } from '../../src/errors.js';
import { generate } from '../../src/index.js';
import { certificatePem } from '../../src/stores/pem.js';
import { certgenAsync as spawnCertgen, ensureBuilt } from '../helpers/cli.js';
import { isOneCleanLine } from '../helpers/one-line.js';
import { tmpDir, type RunResult } from '../helpers/tools.js';

const SEED = 20261204;
const dir = tmpDir('certgen-fuzz-');
after(() => rmSync(dir, { recursive: true, force: true }));

/** The inputs the mutations start from. */
interface Sample {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Mutate the DER inside the PEM armour, not the base64 text. */
  readonly pem: boolean;
}

let samples: Sample[] = [];

before(async () => {
  ensureBuilt();
  const { certificates, stores, files } = await generate({
    version: 1,
    seed: 'fuzz',
    certificates: {
      root: { key: 'rsa2048', crl: { revoked: ['client'] } },
      server: { issuer: 'root', subject: { CN: 'XXXXXXXXXXXX' }, san: ['yyyyyyyyyyyy.test', '127.0.0.1', 'URI:https://x.test', 'a@b.test'] },
      client: { issuer: 'root', profile: 'client', key: 'ed25519' },
    },
    stores: {
      'aes.p12': { keys: ['server'], trusted: ['root'], iterations: 64 },
      'legacy.p12': { keys: ['client'], encryption: 'legacy', iterations: 64 },
    },
  });
  const crl = files.find((f) => f.name.endsWith('.crl.der'));
  samples = [
    { name: 'cert.der', bytes: certificates.server!.der, pem: false },
    { name: 'root.der', bytes: certificates.root!.der, pem: false },
    { name: 'cert.pem', bytes: certificates.server!.der, pem: true },
    { name: 'key.pem', bytes: Buffer.from(certificates.client!.keyPem), pem: false },
    { name: 'aes.p12', bytes: stores['aes.p12']!, pem: false },
    { name: 'legacy.p12', bytes: stores['legacy.p12']!, pem: false },
    { name: 'crl.der', bytes: crl!.bytes, pem: false },
  ];
  // The server certificate with terminal escapes and a right-to-left override written over its CN
  // and a DNS SAN (same lengths, so the DER stays well-formed; the signature no longer matters).
  const der = Buffer.from(certificates.server!.der);
  const hostile = der.indexOf('XXXXXXXXXXXX');
  Buffer.from('\u001b[2J\u202eexe..').copy(der, hostile);
  Buffer.from('\u001b]0;pwn\u0007\u009b1m.', 'latin1').copy(der, der.indexOf('yyyyyyyyyyyy'));
  hostileDer = der;
});

let hostileDer: Uint8Array;

describe('inspect escapes what a certificate could use against a terminal', () => {
  it('control characters, C1 and bidi overrides in a subject and a SAN are shown escaped', async () => {
    const d = await describeFile(hostileDer, { file: 'hostile.der' });
    const text = renderDescription(d);
    const json = JSON.stringify(d);
    assert.doesNotMatch(text, UNSAFE);
    assert.doesNotMatch(json, UNSAFE);
    // Escaped, not dropped: the reader sees that something was there.
    assert.match(text, /subject +CN=\\1B\[2J\\E2\\80\\AEexe\./);
    assert.match(text, /DNS:\\x1b\]0;pwn\\x07\\x9b1m\./);
    // The negative control: ordinary text is left as it is.
    assert.match(renderDescription(await describeFile(samples[0]!.bytes, { file: 'cert.der' })), /subject +CN=XXXXXXXXXXXX\n/);
  });
});

/** One mutation of a byte string, drawn by fast-check. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('length' as const), at: fc.nat(), value: fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0x89, 0xff) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** Applies mutations in turn; `length` rewrites the length octet after a constructed tag (0x30, 0x31, 0xa0…). */
function mutate(input: Uint8Array, list: readonly Mutation[]): Uint8Array {
  let bytes = Uint8Array.from(input);
  for (const m of list) {
    if (bytes.length === 0) break;
    const at = m.at % bytes.length;
    if (m.kind === 'flip') bytes[at] = m.value;
    else if (m.kind === 'truncate') bytes = bytes.slice(0, at);
    else if (m.kind === 'insert') bytes = Uint8Array.from([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
    else {
      // The next constructed tag at or after `at`: its length octet is the one to rewrite.
      let tag = at;
      while (tag < bytes.length - 1 && (bytes[tag]! & 0x20) === 0) tag++;
      if (tag < bytes.length - 1) bytes[tag + 1] = m.value;
    }
  }
  return bytes;
}

/** The built CLI, killed (status null) when it runs past `timeout` ms. */
async function certgenAsync(args: readonly string[], timeout: number): Promise<RunResult> {
  const { child, done } = spawnCertgen(args);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

const pemOf = (der: Uint8Array): Uint8Array => Buffer.from(certificatePem(der));

/** What inspect must do with any bytes: describe them, or throw one located one-line CertgenError. */
async function inspectInProcess(bytes: Uint8Array, file: string): Promise<'described' | 'refused'> {
  try {
    const d = await describeFile(bytes, { file });
    const text = renderDescription(d) + JSON.stringify(d);
    assert.doesNotMatch(text, UNSAFE, 'raw control or bidi characters in the description');
    return 'described';
  } catch (e) {
    assert.ok(e instanceof CertgenError, `not a CertgenError: ${(e as Error)?.stack ?? String(e)}`);
    assert.ok(e.message.startsWith(`${file}: `), e.message);
    assert.ok(!e.message.includes('\n'), `several lines: ${JSON.stringify(e.message)}`);
    return 'refused';
  }
}

// C0 (but \n), DEL, C1, and the bidirectional and invisible formatting characters.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/;

describe('inspect, mutation fuzz', () => {
  it('2,000 in-process cases (PEM, DER, PKCS#12): a description or one CertgenError line', async () => {
    const outcomes = { described: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (pick, list) => {
        const sample = samples[pick % samples.length]!;
        const mutated = mutate(sample.bytes, list);
        outcomes[await inspectInProcess(sample.pem ? pemOf(mutated) : mutated, sample.name)]++;
      }),
      { seed: SEED, numRuns: 2000, endOnFailure: true },
    );
    // Both outcomes occur: the fuzz is not refusing (or accepting) everything.
    assert.ok(outcomes.described > 50 && outcomes.refused > 50, JSON.stringify(outcomes));
  });

  it('200 cases through the built CLI, four at a time: exit 0, or exit 1 with one clean line; never a hang', async () => {
    const cases = fc.sample(fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean()), { seed: SEED, numRuns: 200 });
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < cases.length; i = next++) {
        const [pick, list, json] = cases[i]!;
        const sample = samples[pick % samples.length]!;
        const mutated = mutate(sample.bytes, list);
        const file = join(dir, `${i}-${sample.name}`);
        writeFileSync(file, sample.pem ? pemOf(mutated) : mutated);
        const r = await certgenAsync(['inspect', file, ...(json ? ['--json'] : [])], 30_000);
        const what = `case ${i} (${sample.name}, ${JSON.stringify(list)}): `;
        if (r.status === 0) {
          assert.equal(r.stderr, '', what);
          assert.doesNotMatch(r.stdout, UNSAFE, what);
        } else {
          assert.equal(r.status, 1, `${what}status ${r.status} (a hang is null): ${r.stderr}`);
          assert.ok(isOneCleanLine(r.stderr), what + r.stderr);
          assert.ok(r.stderr.startsWith(`certgen: ${file}: `), what + r.stderr);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  });

  it('the negative control: the unmutated samples are all described', async () => {
    for (const s of samples) assert.equal(await inspectInProcess(s.pem ? pemOf(s.bytes) : s.bytes, s.name), 'described', s.name);
  });
});
