/**
 * Fuzzing the template loader: more than 10,000 generated and mutated templates go through
 * `parseTemplate` + `resolveSet`. Each must end in a ResolvedSet or a CertgenError naming the file,
 * never another exception, never a long stall, and never a file written. Some of the templates that
 * resolve are then built for real through the CLI (`run(['build', ...])`) into a temp folder, which
 * must then hold files under OUT/<set>/ only.
 *
 * Four sources of templates:
 * - generated: random certificate maps whose fields come from pools of valid, invalid and odd values
 *   (random issuer and sameAs references, stores, CRLs, trust lists);
 * - a valid root → int → leaf set with a store, where one or two fields take a broken or odd value
 *   (so each value parser meets each odd value on its own, not behind another field's error);
 * - structural mutations of templates/mtls.yaml's parsed object: keys deleted, replaced, duplicated,
 *   renamed, wrapped, with values of every type (null, numbers, lists, maps, long and unicode
 *   strings, `__proto__`, `constructor`);
 * - text mutations of YAML: byte flips, truncation, insertions, deleted and repeated lines.
 *
 * Reproduce a failure with CERTGEN_FUZZ_SEED=<seed printed by fast-check>.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { run } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { CertgenError } from '../../src/errors.js';
import { parseTemplate } from '../../src/template/load.js';
import { resolveSet } from '../../src/resolve/resolve-set.js';
import type { ResolvedSet } from '../../src/resolve/types.js';
import { tmpDir } from '../helpers/tools.js';

const SEED = process.env['CERTGEN_FUZZ_SEED'] !== undefined ? Number(process.env['CERTGEN_FUZZ_SEED']) : undefined;
const NOW = new Date('2026-01-01T00:00:00Z');
/** A null-prototype env, so only the variables named here exist. */
const ENV: Record<string, string | undefined> = Object.assign(Object.create(null) as Record<string, string>, { CERTGEN_FUZZ_PW: 'fuzz-pass' });
/** A single run (parse + resolve, no crypto) taking longer than this is a stall. */
const MAX_RUN_MS = 2000;
const MTLS_TEXT = readFileSync(new URL('../../templates/mtls.yaml', import.meta.url), 'utf8');

// ---------------------------------------------------------------------------------------------
// The property

type Outcome = { ok: true; set: ResolvedSet; text: string; file: string } | { ok: false; error: CertgenError };

const stats = { runs: 0, resolved: 0, refused: 0, slowestMs: 0, slowest: '' };
/** Templates that resolved, kept for the CLI build below. */
const resolvedSamples: { text: string; file: string; set: ResolvedSet }[] = [];

/** Parse + resolve; returns the outcome, or throws (failing the property) on anything else. */
function attempt(text: string, file: string): Outcome {
  const started = performance.now();
  let outcome: Outcome;
  try {
    const set = resolveSet(parseTemplate(text, file), { now: NOW, env: ENV });
    outcome = { ok: true, set, text, file };
  } catch (e) {
    if (!(e instanceof CertgenError)) throw new Error(`not a CertgenError: ${(e as Error)?.stack ?? String(e)}\n--- ${file}\n${text.slice(0, 4000)}`);
    outcome = { ok: false, error: e };
  }
  const ms = performance.now() - started;
  if (ms > stats.slowestMs) Object.assign(stats, { slowestMs: ms, slowest: `${file}, ${text.length} characters` });
  if (ms > MAX_RUN_MS) throw new Error(`a run took ${Math.round(ms)} ms\n--- ${file}\n${text.slice(0, 4000)}`);
  stats.runs++;
  if (outcome.ok) {
    stats.resolved++;
    checkResolved(outcome.set);
    if (resolvedSamples.length < 2000) resolvedSamples.push({ text, file, set: outcome.set });
  } else {
    stats.refused++;
    checkError(outcome.error, file);
  }
  return outcome;
}

function checkError(error: CertgenError, file: string): void {
  assert.equal(error.name, 'CertgenError');
  assert.equal(error.file, file);
  assert.ok(error.message.startsWith(`${file}: `), error.message);
  assert.ok(error.detail.length > 0);
  for (const part of error.path) assert.ok(typeof part === 'number' || typeof part === 'string', `path part ${String(part)}`);
}

/** What the crypto layer relies on: a resolved set has no holes. */
function checkResolved(set: ResolvedSet): void {
  const names = new Set(set.certificates.map((c) => c.name));
  assert.equal(names.size, set.certificates.length);
  for (const c of set.certificates) {
    assert.ok(names.has(c.issuer), `${c.name}: issuer ${c.issuer}`);
    assert.ok(names.has(c.keyOwner), `${c.name}: key owner ${c.keyOwner}`);
    assert.ok(!Number.isNaN(c.notBefore.getTime()) && !Number.isNaN(c.notAfter.getTime()), `${c.name}: invalid validity dates`);
    assert.ok(c.notAfter >= c.notBefore, `${c.name}: notAfter before notBefore`);
    assert.ok(c.subject.length > 0, `${c.name}: empty subject`);
    for (const a of c.subject) assert.ok(typeof a.type === 'string' && typeof a.value === 'string' && a.value !== '', `${c.name}: subject attribute ${String(a.type)}`);
    if (c.serial !== null) assert.ok(c.serial.length >= 1 && c.serial.length <= 21, `${c.name}: serial of ${c.serial.length} bytes`);
    assert.ok(['ec', 'rsa', 'ed25519'].includes(c.key.type), `${c.name}: key ${JSON.stringify(c.key)}`);
  }
  for (const t of set.trust) assert.ok(names.has(t), `trust ${t}`);
  for (const s of set.stores) {
    assert.equal(typeof s.password, 'string', `${s.file}: password is ${typeof s.password}`);
    assert.match(s.password, /^[\x20-\x7e]+$/);
    for (const e of [...s.keys, ...s.trusted]) assert.ok(names.has(e.cert), `${s.file}: ${e.cert}`);
  }
}

function runProperty<T>(arb: fc.Arbitrary<T>, numRuns: number, toText: (value: T) => { text: string; file: string }): void {
  fc.assert(
    fc.property(arb, (value) => {
      const { text, file } = toText(value);
      attempt(text, file);
    }),
    { numRuns, endOnFailure: true, ...(SEED !== undefined ? { seed: SEED } : {}) },
  );
}

// ---------------------------------------------------------------------------------------------
// Pools of values: for each field, plausible values (`good`) and broken or odd ones (`bad`)

const CERT_NAMES = ['root', 'ca', 'int', 'server', 'client', 'dual', 'a', 'b', 'constructor'] as const;
const BAD_NAMES = ['Root', '-x', 'a/b', '..', '__proto__', 'toString', '', 'x'.repeat(300), 'ä'];

/** Mostly good, sometimes bad: `weight` to 1. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>, weight = 6): fc.Arbitrary<T | U> =>
  fc.oneof({ arbitrary: good, weight }, { arbitrary: bad, weight: 1 });

const oddStrings = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' ', '\u0000', '☃', '𝕏𝕐', 'é', '\u202e', 'x'.repeat(5000), '-', '~', '*', '&a', '!!str', 'null', '1e400');
const oddKeys = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'type', 'size', 'cert', 'env', 'days', 'sameAs', ''), fc.string({ maxLength: 8 }));
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1000, max: 100000 }),
  // Mostly plausible sizes; the extremes too (`days: 1e300` once overflowed notAfter: template-errors.test.ts).
  fc.oneof({ arbitrary: fc.double({ min: -1e7, max: 1e7, noNaN: true }), weight: 4 }, { arbitrary: fc.double({ noNaN: true }), weight: 1 }),
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  oddStrings,
);
/** Any JSON-ish value: scalars, short lists and small maps with odd keys, nested a little. */
const weird: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: scalar, weight: 4 },
    { arbitrary: fc.array(tie('value'), { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(oddKeys, tie('value'), { maxKeys: 3 }), weight: 1 },
  ),
})).value;

interface Pool {
  readonly good: fc.Arbitrary<unknown>;
  readonly bad: fc.Arbitrary<unknown>;
}
const pool = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>): Pool => ({ good, bad: fc.oneof({ arbitrary: bad, weight: 3 }, { arbitrary: weird, weight: 1 }) });
const mixed = (p: Pool, weight = 6) => mostly(p.good, p.bad, weight);
/** A list whose items come from `item`: mostly good items in `good`; at least one odd item in `bad`. */
const listPool = (item: Pool, maxLength = 4): Pool => ({
  good: fc.array(mixed(item, 12), { maxLength }),
  bad: fc.oneof(
    fc.tuple(fc.array(item.good, { maxLength: 2 }), item.bad, fc.array(item.good, { maxLength: 1 })).map(([a, b, c]) => [...a, b, ...c]),
    weird,
  ),
});

const refPool = pool(fc.constantFrom(...CERT_NAMES), fc.constantFrom('rooot', ...BAD_NAMES));
const certRef = mixed(refPool, 8);
const timePool = pool(
  fc.constantFrom('-1h', '-1d', '30d', '2y', '1y6w', '1.5d', '-5m', '2026-01-01T00:00:00Z', '2020-06-01', '2030-01-01T12:00:00+02:00', '9999-12-31T23:59:59Z'),
  fc.constantFrom('-1x', '2026-01-01T00:00:00', '2026-13-45T00:00:00Z', '1949-01-01T00:00:00Z', '99999999999y', '', 'd', 'yesterday', '+-1h', '2026-01-01T25:00:00Z', '2026-02-30', '2026-01-01T00:00:00+25:00'),
);
const timeText = mixed(timePool);
const daysPool = pool(fc.constantFrom(1, 0.5, 30, 397, 825, 3650, 1e6), fc.constantFrom(0, -1, 'ten', 5e6));
const validityPool = pool(
  fc.record({ notBefore: timeText, notAfter: timeText, days: mixed(daysPool) }, { requiredKeys: [] }),
  fc.oneof(
    fc.record({ notBefore: timePool.bad }),
    fc.record({ notAfter: timePool.bad }),
    fc.record({ days: daysPool.bad }),
    fc.record({ notBefore: fc.constant('2026-06-01T00:00:00Z'), notAfter: timePool.good }),
  ),
);
const keyPool = pool(
  fc.oneof(
    fc.constantFrom('p256', 'p384', 'p521', 'ed25519', 'rsa2048', { type: 'ec', curve: 'P-384' }, { type: 'ed25519' }, { type: 'rsa', size: 1024 }),
    fc.record({ sameAs: certRef }),
  ),
  fc.constantFrom('p257', 'rsa', 'RSA2048', { type: 'rsa', size: 2050 }, { type: 'rsa', size: 512 }, { type: 'rsa', size: 1e300 }, { type: 'ec', curve: 'P-192' }, { type: 'dsa' }, { type: 'rsa' }, {}, { sameAs: 'Root' }, { sameAs: 'rooot' }, { type: 'rsa', size: 2048, sameAs: 'a' }),
);
const keySpec = mixed(keyPool);
const subjectPool = pool(
  fc.oneof(
    fc.constantFrom('CN=x', 'CN=localhost,O=certgen', 'CN=Smith\\, John,O=A\\+B,C=DE', '/C=DE/O=org/CN=x', 'cn=lower,dc=example,dc=test', 'CN=x,serialNumber=42', 'E=a@b.test,CN=x', 'CN=\\23hash', 'CN=caf\\C3\\A9', 'emailAddress=a@b.test'),
    fc.record({ CN: fc.constantFrom('x', 'Test CA'), O: fc.constantFrom('certgen', 'O, Inc.'), OU: fc.constantFrom('a', ['a', 'b']), C: fc.constantFrom('DE', 'us') }, { requiredKeys: ['CN'] }),
  ),
  fc.oneof(
    fc.constantFrom('XX=foo', 'CN=a+O=b', 'C=DEU', 'CN=#0401', 'constructor=x', '__proto__=x', 'valueOf=x', 'CN=x\\', 'CN=', ',', 'localhost', `CN=${'y'.repeat(70)}`, 'E=ä@b', 'DC=ä', 'serialNumber=a*b', '/', '//CN=x', '=x', 'CN=x;O=y', 'CN=\\ZZ'),
    fc.record({ CN: weird, C: fc.constantFrom('D', 'DEU', 'ä1') }, { requiredKeys: [] }),
    fc.constantFrom({}, { OU: [] }, { CN: [''] }, { __proto__: null, CN: 'x', constructor: 'y' }),
  ),
);
const sanPool = pool(
  fc.constantFrom('localhost', '127.0.0.1', '::1', 'a@b.test', 'https://x.test/p', 'DNS:middle.test', 'IP:10.0.0.1', 'URI:spiffe://x/y', 'email:e@x.test', '*.w.test', 'bücher.test', 'IP:::ffff:1.2.3.4', 'dns:UPPER.test', 'IP:2001:db8::1', 'xn--bcher-kva.test'),
  fc.constantFrom('IP:999.1.1.1', 'email:nobody', 'URI:not a uri', 'DNS:', 'DNS:a b', '1::2::3', 'IP:', 'a@b@c', 'IP:fe80::1%eth0', 'ftp:x', 'IP:10.0.0.0/8', 'DNS:-', '\u0000', 'URI:https://ä.test', 'email:ä@b.test', 'IP:1.2.3', 'IP:::ffff:999.1.1.1', 'IP:1:2:3:4:5:6:7:8:9'),
);
const subtreePool = pool(
  fc.constantFrom('DNS:good.test', 'DNS:.good.test', 'IP:10.0.0.0/8', 'IP:::/0', 'IP:fd00::/8', 'email:x.test', 'email:.x.test', 'URI:.x.test', '192.168.0.0/16', 'IP:10.1.2.3'),
  fc.constantFrom('IP:10.0.0.0/33', 'IP:10.0.0.0/', 'IP:1.2.3.4/-1', 'IP:::/129', 'IP:10.0.0.0/8/8', 'IP:10.0.0.0/0x8', 'IP:/8', 'DNS:', 'IP:::ffff:1.2.3.4/200'),
);
const ekuPool = pool(fc.constantFrom('serverAuth', 'clientAuth', 'codeSigning', 'OCSPSigning', 'any', 'serverauth', '1.2.3.4'), fc.constantFrom('serverAuht', 'constructor', '__proto__', 'toString', '1.2.x', '', '1.02.3'));
const keyUsagePool = pool(fc.constantFrom('digitalSignature', 'keyEncipherment', 'keyCertSign', 'cRLSign', 'keyAgreement'), fc.constantFrom('digitalSig', 'constructor'));
const intPool = pool(fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1, 1.5, 1001, 1e300, '1'));
const serialPool = pool(
  fc.constantFrom('01', '7f', '80', 'ff:ee', '0x1234', '00ff', 'DEADBEEF', '1', '7f'.repeat(20), '00'.repeat(5) + '01'),
  fc.constantFrom('00', '7f'.repeat(21), 'ff'.repeat(20), '12zz', '::', '0x', 'a:b:c', '0x:', '', '00:00', '0x0'),
);
const extensionPool = pool(
  fc.oneof(
    fc.record({ oid: fc.constantFrom('1.2.3.4', '1.3.6.1.4.1.99999.1', '2.5.29.19'), value: fc.constantFrom('0500', '3000', '300302012a'), critical: fc.boolean() }, { requiredKeys: ['oid', 'value'] }),
    fc.record({ oid: fc.constantFrom('1.2.3.4', '2.5.29.17'), value: fc.constantFrom('', '300d', '05000500'), malformed: fc.constant(true) }, { requiredKeys: ['oid', 'value', 'malformed'] }),
  ),
  fc.record({ oid: fc.constantFrom('1.2.x', '3.1', '1', '', '1.2.3.4'), value: fc.constantFrom('050', 'zz', '0x05', '0500', '', '300d', '05000500', '3080'), malformed: fc.constant(false) }, { requiredKeys: [] }),
);
const revokedPool = pool(
  fc.oneof(certRef, fc.record({ cert: certRef, reason: fc.constantFrom('keyCompromise', 'superseded'), date: timeText }, { requiredKeys: ['cert'] })),
  fc.oneof(fc.record({ cert: refPool.bad }), fc.record({ cert: certRef, reason: fc.constantFrom('stolen', 'constructor') }), fc.record({ cert: certRef, date: timePool.bad })),
);
const crlPool = pool(
  fc.record({ revoked: listPool(revokedPool, 3).good, thisUpdate: timeText, nextUpdate: timeText }, { requiredKeys: [] }),
  fc.oneof(fc.record({ revoked: listPool(revokedPool, 3).bad }), fc.record({ thisUpdate: timePool.bad }), fc.record({ thisUpdate: fc.constant('-1h'), nextUpdate: fc.constant('-2h') })),
);

/** Every certificate field: what a certificate may carry, and what the single-field fuzz varies. */
const CERT_POOLS: Record<string, Pool> = {
  issuer: refPool,
  profile: pool(fc.constantFrom('root', 'intermediate', 'server', 'client', 'dual', 'none'), fc.constantFrom('leaf', '', 'Root')),
  subject: subjectPool,
  san: listPool(sanPool),
  key: keyPool,
  hash: pool(fc.constantFrom('sha256', 'sha384', 'sha512', 'sha1'), fc.constantFrom('md5', 'SHA256')),
  pss: pool(fc.boolean(), fc.constantFrom('true', 1)),
  validity: validityPool,
  extKeyUsage: listPool(ekuPool, 3),
  keyUsage: listPool(keyUsagePool, 3),
  basicConstraints: pool(fc.record({ ca: fc.boolean(), pathLength: mixed(intPool), critical: fc.boolean() }, { requiredKeys: [] }), fc.record({ ca: fc.constant(false), pathLength: intPool.good })),
  pathLength: intPool,
  nameConstraints: pool(
    fc.record({ permitted: listPool(subtreePool, 3).good, excluded: listPool(subtreePool, 3).good }, { requiredKeys: [] }),
    fc.oneof(fc.record({ permitted: listPool(subtreePool, 3).bad }), fc.record({ excluded: listPool(subtreePool, 3).bad }), fc.constant({})),
  ),
  serial: serialPool,
  extensions: listPool(extensionPool, 2),
  expect: pool(fc.constantFrom('valid', 'expired', 'revoked', 'hostname', 'weakKey', 'selfSigned'), fc.constantFrom('broken', 'Valid')),
  checkHost: pool(fc.constantFrom('localhost', 'middle.test'), fc.constantFrom('', 5)),
  crl: crlPool,
  crlDistributionPoints: listPool(pool(fc.constantFrom('http://crl.test/ca.crl', 'ldap://x'), fc.constantFrom('', 'not a uri')), 2),
  ocsp: listPool(pool(fc.constantFrom('http://ocsp.test'), fc.constantFrom('')), 1),
  isuer: pool(fc.constant('root'), fc.constant('root')),
};
const CERT_FIELDS = Object.keys(CERT_POOLS);

/** Keeps `always` and a few of the other fields: every field present is one more way to fail. */
const pick = (record: fc.Arbitrary<Record<string, unknown>>, keys: readonly string[], always: readonly string[], maxLength: number) =>
  fc.tuple(record, fc.subarray([...keys], { maxLength })).map(([r, chosen]) => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(r)) if (always.includes(k) || chosen.includes(k)) defineOwn(out, k, r[k]);
    return out;
  });

const certificate = mostly(
  pick(
    fc.record(Object.fromEntries(CERT_FIELDS.map((f) => [f, mixed(CERT_POOLS[f]!, f === 'isuer' ? 1 : 10)])), { requiredKeys: CERT_FIELDS as never }),
    CERT_FIELDS,
    [],
    4,
  ),
  weird,
  20,
);

const entryPool = pool(
  fc.oneof(certRef, fc.record({ cert: certRef, alias: fc.constantFrom('a', 'A', 'srv', 'ca', 'My Alias') }, { requiredKeys: ['cert'] })),
  fc.oneof(fc.record({ cert: refPool.bad }), fc.record({ alias: fc.constant('x') }), fc.record({ cert: certRef, alias: fc.constantFrom('', 5) }), fc.record({ cert: certRef, alais: fc.constant('x') })),
);
const STORE_POOLS: Record<string, Pool> = {
  type: pool(fc.constantFrom('pkcs12', 'pem'), fc.constantFrom('jks', 'PKCS12')),
  password: pool(
    fc.constantFrom('changeit', 'secret', 'with space', '~!@#$%^&*()', { env: 'CERTGEN_FUZZ_PW' }),
    fc.constantFrom('pässwort', '', 'tab\there', { env: 'NOPE' }, { env: '' }, { env: 'CERTGEN_FUZZ_PW', x: 1 }, { env: 'toString' }, { env: '__proto__' }),
  ),
  keys: listPool(entryPool, 3),
  trusted: listPool(entryPool, 3),
  encryption: pool(fc.constantFrom('aes256', 'legacy'), fc.constantFrom('rc2', 'AES256')),
  // Small counts only: the CLI build below derives keys with them.
  iterations: pool(fc.constantFrom(1, 100, 2048), fc.constantFrom(0, 1.5, 20000000, '2048')),
};
const STORE_FIELDS = Object.keys(STORE_POOLS);
const store = mostly(
  pick(fc.record(Object.fromEntries(STORE_FIELDS.map((f) => [f, mixed(STORE_POOLS[f]!, 10)])), { requiredKeys: STORE_FIELDS as never }), STORE_FIELDS, [], 3),
  weird,
  20,
);
// Dictionary keys: strings only.
const storeNamePool: { good: fc.Arbitrary<string>; bad: fc.Arbitrary<string> } = {
  good: fc.constantFrom('ks.p12', 'trust.p12', 'trust.pem', 'middle.pfx', 'a.b-c_d.p12'),
  bad: fc.constantFrom('Bad.p12', 'x.jks', 'server.pem', 'root.key.pem', 'int.fullchain.pem', 'leaf.crl.pem', 'constructor.p12', '__proto__', '.p12', 'a/b.p12', '../x.p12'),
};

const TOP_FIELDS = ['version', 'name', 'seed', 'epoch', 'defaults', 'certificates', 'stores', 'trust', 'extra'];
/** A whole template: version, optional set-wide fields, certificates, stores, trust. */
const template = pick(
  fc.record(
    {
      version: mostly(fc.constant(1), fc.oneof(fc.constantFrom(2, '1', 1.0001, 0), weird), 40),
      name: mostly(fc.constantFrom('fuzz', 'set-1', 'a_b'), fc.oneof(fc.constantFrom('Fuzz', '-x', '..'), weird), 4),
      seed: mostly(fc.constantFrom('seed', 'another seed'), weird, 4),
      epoch: mostly(fc.constantFrom('2026-01-01T00:00:00Z', '2019-06-01T00:00:00Z'), fc.oneof(fc.constantFrom('5d', 'yesterday', '2026-01-01T00:00:00'), weird), 4),
      defaults: mostly(fc.record({ key: keySpec, hash: fc.constantFrom('sha256', 'sha384'), validity: mixed(validityPool), pss: fc.boolean() }, { requiredKeys: [] }), weird, 6),
      certificates: mostly(fc.dictionary(mostly(fc.constantFrom(...CERT_NAMES), fc.constantFrom(...BAD_NAMES), 40), certificate, { minKeys: 1, maxKeys: 6 }), weird, 40),
      stores: mostly(fc.dictionary(mostly(storeNamePool.good, storeNamePool.bad, 10), store, { maxKeys: 3 }), weird, 10),
      trust: mixed(listPool(refPool, 2), 10),
      extra: weird,
    },
    { requiredKeys: TOP_FIELDS as never },
  ),
  TOP_FIELDS,
  ['version', 'certificates'],
  3,
);

/**
 * A valid root → int → leaf set with a store, where one or two fields (of a certificate, of the
 * store, or the store's name) take a broken or odd value: each value parser meets every odd value
 * of its pool in isolation, instead of behind another field's error.
 */
const SKELETON_CERTS = ['root', 'int', 'leaf'] as const;
const singleOdd = fc
  .array(
    fc.oneof(
      { arbitrary: fc.tuple(fc.constant('cert'), fc.constantFrom(...SKELETON_CERTS), fc.constantFrom(...CERT_FIELDS.filter((f) => f !== 'isuer'))), weight: 5 },
      { arbitrary: fc.tuple(fc.constant('store'), fc.constant('ks.p12'), fc.constantFrom(...STORE_FIELDS)), weight: 2 },
      { arbitrary: fc.tuple(fc.constant('storeName'), fc.constant(''), fc.constant('')), weight: 1 },
    ),
    { minLength: 1, maxLength: 2 },
  )
  .chain((targets) =>
    fc.tuple(
      fc.constant(targets),
      fc.tuple(...targets.map(([kind, , field]) => (kind === 'cert' ? mostly(CERT_POOLS[field]!.bad, CERT_POOLS[field]!.good, 3) : kind === 'store' ? mostly(STORE_POOLS[field]!.bad, STORE_POOLS[field]!.good, 3) : storeNamePool.bad))),
      fc.boolean(),
    ),
  )
  .map(([targets, values, seeded]) => {
    const certificates: Record<string, Record<string, unknown>> = { root: {}, int: { issuer: 'root', profile: 'intermediate' }, leaf: { issuer: 'int' } };
    let storeName = 'ks.p12';
    const storeBody: Record<string, unknown> = { keys: ['leaf'], trusted: ['root'] };
    targets.forEach(([kind, target, field], i) => {
      if (kind === 'cert') defineOwn(certificates[target]!, field, values[i]);
      else if (kind === 'store') defineOwn(storeBody, field, values[i]);
      else storeName = String(values[i]);
    });
    const stores: Record<string, unknown> = {};
    defineOwn(stores, storeName, storeBody);
    return { version: 1, ...(seeded ? { seed: 'fuzz' } : {}), certificates, stores };
  });

/** Sets a key as an own property, even `__proto__`. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** YAML most of the time, JSON otherwise (the two loaders differ). */
const serialize = (doc: unknown, asJson: boolean): { text: string; file: string } =>
  asJson ? { text: JSON.stringify(doc, null, 1) ?? 'null', file: 'fuzz/tpl.json' } : { text: stringifyYaml(doc, { aliasDuplicateObjects: false }), file: 'fuzz/tpl.yaml' };

// ---------------------------------------------------------------------------------------------
// Structural mutations of templates/mtls.yaml

type Mutation = { op: 'delete' | 'replace' | 'duplicate' | 'rename' | 'wrap' | 'clear'; at: number; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('delete', 'replace', 'replace', 'duplicate', 'rename', 'wrap', 'clear'),
  at: fc.nat(),
  key: oddKeys,
  value: weird,
});

/** Every (container, key) slot of a document, depth first. */
function slots(doc: unknown): { container: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { container: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach((v, i) => (out.push({ container: node, key: i }), walk(v)));
    else if (node !== null && typeof node === 'object') {
      for (const k of Object.keys(node)) {
        out.push({ container: node as Record<string, unknown>, key: k });
        walk((node as Record<string, unknown>)[k]);
      }
    }
  };
  walk(doc);
  return out;
}

function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  const doc = structuredClone(base) as Record<string, unknown>;
  for (const m of mutations) {
    const all = slots(doc);
    if (all.length === 0) break;
    const { container, key } = all[m.at % all.length]!;
    const current = (container as Record<string | number, unknown>)[key];
    if (Array.isArray(container)) {
      const i = key as number;
      if (m.op === 'delete') container.splice(i, 1);
      else if (m.op === 'duplicate') container.splice(i, 0, structuredClone(current));
      else if (m.op === 'wrap') container[i] = [current];
      else if (m.op === 'clear') container.length = 0;
      else container[i] = m.value;
      continue;
    }
    const obj = container;
    const k = key as string;
    switch (m.op) {
      case 'delete':
        delete obj[k];
        break;
      case 'replace':
        defineOwn(obj, k, m.value);
        break;
      case 'duplicate':
        defineOwn(obj, m.key, structuredClone(current));
        break;
      case 'rename':
        delete obj[k];
        defineOwn(obj, m.key, current);
        break;
      case 'wrap':
        defineOwn(obj, k, { [m.key]: current });
        break;
      case 'clear':
        defineOwn(obj, k, Array.isArray(current) ? [] : current !== null && typeof current === 'object' ? {} : '');
        break;
    }
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Text mutations

type TextEdit = { op: 'flip' | 'truncate' | 'insert' | 'deleteLine' | 'repeatLine' | 'swapLines'; at: number; text: string };
const textEdit: fc.Arbitrary<TextEdit> = fc.record({
  op: fc.constantFrom('flip', 'flip', 'truncate', 'insert', 'deleteLine', 'repeatLine', 'swapLines'),
  at: fc.nat(),
  text: fc.oneof(
    fc.constantFrom(':', '-', ' ', '  ', '\t', '\n', '{', '}', '[', ']', ',', '"', "'", '#', '&a', '*a', '!', '|', '>', '%', '@', '`', '?', '\\', '\u0000', '\ufeff', 'é', '☃', '---\n', '...'),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 3 }),
  ),
});

function editText(base: string, edits: readonly TextEdit[]): string {
  let text = base;
  for (const e of edits) {
    const pos = text.length === 0 ? 0 : e.at % text.length;
    const lines = text.split('\n');
    const line = lines.length === 0 ? 0 : e.at % lines.length;
    switch (e.op) {
      case 'flip':
        text = text.slice(0, pos) + (e.text === '' ? String.fromCharCode((text.charCodeAt(pos) ^ (1 << e.at % 7)) & 0xffff) : e.text[0]!) + text.slice(pos + 1);
        break;
      case 'truncate':
        text = text.slice(0, pos);
        break;
      case 'insert':
        text = text.slice(0, pos) + e.text + text.slice(pos);
        break;
      case 'deleteLine':
        lines.splice(line, 1);
        text = lines.join('\n');
        break;
      case 'repeatLine':
        lines.splice(line, 0, lines[line] ?? '');
        text = lines.join('\n');
        break;
      case 'swapLines': {
        const other = (line + 1 + (e.at % 3)) % lines.length;
        [lines[line], lines[other]] = [lines[other]!, lines[line]!];
        text = lines.join('\n');
        break;
      }
    }
  }
  return text;
}

// ---------------------------------------------------------------------------------------------

/**
 * Builds `sample` for real with `certgen build FILE --out OUT` in-process, inside `root`, and
 * returns every path under `root` that is neither the template nor under OUT/<set>/.
 */
async function buildAndFindStrays(root: string, index: number, sample: { text: string; file: string }): Promise<{ status: number; stderr: string; strays: string[]; files: number }> {
  const ext = sample.file.endsWith('.json') ? '.json' : '.yaml';
  const file = join(root, 'tpl', `t${index}${ext}`);
  const outDir = join(root, `out-${index}`);
  mkdirSync(join(root, 'tpl'), { recursive: true });
  writeFileSync(file, sample.text);
  const setName = parseTemplate(sample.text, file).name;
  let stderr = '';
  const io: CliIo = { stdout: () => undefined, stderr: (t) => void (stderr += t), isTTY: false, env: ENV, cwd: root };
  const status = await run(['build', file, '--out', outDir], io);
  const allowed = join(outDir, setName);
  const tplDir = join(root, 'tpl');
  const under = (path: string, dir: string) => path === dir || path.startsWith(dir + sep);
  const strays: string[] = [];
  let files = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (under(path, allowed)) {
        if (!entry.isDirectory()) files++;
      } else if (!under(path, tplDir) && path !== outDir && !(/^out-\d+$/.test(relative(root, path).split(sep)[0]!) && !under(path, outDir))) {
        // Not the template folder, not OUT itself, not an earlier sample's output (checked in its turn).
        strays.push(relative(root, path));
      }
      if (entry.isDirectory() && !(/^out-\d+$/.test(entry.name) && path !== outDir)) walk(path);
    }
  };
  walk(root);
  return { status, stderr, strays, files };
}

const GENERATED_RUNS = 3000;
const SINGLE_ODD_RUNS = 2500;
const MUTATED_RUNS = 3000;
const TEXT_RUNS = 2500;

// The time limit catches a hang (a synchronous parser stuck in a loop never yields to fast-check).
describe('template fuzzing: parse + resolve end in a ResolvedSet or a CertgenError', { timeout: 180_000 }, () => {
  const sandbox = tmpDir('certgen-fuzz-');
  const startCwd = process.cwd();
  // Relative paths land in an empty folder, which must still be empty afterwards.
  before(() => process.chdir(sandbox));
  after(() => {
    process.chdir(startCwd);
    rmSync(sandbox, { recursive: true, force: true });
  });

  it('the seed template itself resolves', () => {
    const outcome = attempt(MTLS_TEXT, 'templates/mtls.yaml');
    assert.ok(outcome.ok);
  });

  it(`${GENERATED_RUNS} generated templates`, () => {
    const start = { ...stats };
    runProperty(fc.tuple(template, fc.nat(3)), GENERATED_RUNS, ([doc, n]) => serialize(doc, n === 0));
    const resolved = stats.resolved - start.resolved;
    // The pools are tuned so that a fair share gets through validation into the resolver and out.
    assert.ok(resolved >= GENERATED_RUNS * 0.05, `only ${resolved} of ${GENERATED_RUNS} generated templates resolved`);
    assert.ok(stats.refused - start.refused >= GENERATED_RUNS * 0.3, 'too few generated templates were refused');
  });

  it(`${SINGLE_ODD_RUNS} valid sets with one or two odd field values`, () => {
    const start = { ...stats };
    runProperty(fc.tuple(singleOdd, fc.nat(3)), SINGLE_ODD_RUNS, ([doc, n]) => serialize(doc, n === 0));
    assert.ok(stats.resolved - start.resolved >= SINGLE_ODD_RUNS * 0.1, `only ${stats.resolved - start.resolved} resolved`);
    assert.ok(stats.refused - start.refused >= SINGLE_ODD_RUNS * 0.3, `only ${stats.refused - start.refused} refused`);
  });

  it(`${MUTATED_RUNS} structural mutations of templates/mtls.yaml`, () => {
    const base = parseYaml(MTLS_TEXT) as unknown;
    const start = { ...stats };
    runProperty(fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean()), MUTATED_RUNS, ([mutations, asJson]) => serialize(mutate(base, mutations), asJson));
    assert.ok(stats.resolved - start.resolved > 0 && stats.refused - start.refused > 0);
  });

  it(`${TEXT_RUNS} text mutations of YAML and JSON`, () => {
    const samples = fc.sample(template, { numRuns: 20, seed: 42 }).map((doc) => stringifyYaml(doc, { aliasDuplicateObjects: false }));
    const bases = [MTLS_TEXT, JSON.stringify(parseYaml(MTLS_TEXT), null, 2), ...samples];
    const start = { ...stats };
    runProperty(fc.tuple(fc.nat(bases.length - 1), fc.array(textEdit, { minLength: 1, maxLength: 5 })), TEXT_RUNS, ([i, edits]) => ({
      text: editText(bases[i]!, edits),
      file: i === 1 ? 'fuzz/mutated.json' : 'fuzz/mutated.yaml',
    }));
    assert.ok(stats.refused - start.refused > 0);
  });

  it('values of 200,000 characters do not stall any parser', () => {
    const long = (unit: string, tail = '!', size = 200_000) => unit.repeat(Math.ceil(size / unit.length)) + tail;
    const cases: [string, string][] = [
      ['san', JSON.stringify([long('a.'), long('1.'), long('IP:1', ''), `email:${long('a')}@x`, long('::1:')])],
      ['subject', JSON.stringify(long('CN=a\\,'))],
      ['subject', JSON.stringify(long('/CN=a'))],
      ['serial', JSON.stringify(long('0a:'))],
      ['validity', JSON.stringify({ notBefore: long('1d'), notAfter: long('2026-01-01T00:00:00Z') })],
      ['extensions', JSON.stringify([{ oid: long('1.1'), value: long('00', '') }])],
      ['extKeyUsage', JSON.stringify([long('1.2'), long('serverAuth', '')])],
      ['nameConstraints', JSON.stringify({ permitted: [long('DNS:.a'), `IP:10.0.0.0/${long('1', '')}`] })],
      ['key', JSON.stringify({ sameAs: long('a', '') })],
    ];
    for (const [field, value] of cases) {
      for (const file of ['fuzz/long.json', 'fuzz/long.yaml']) {
        attempt(`{"version": 1, "certificates": {"root": {}, "a": {"issuer": "root", "${field}": ${value}}}}`, file);
      }
    }
    // Whole documents of 50,000 characters (yaml's duplicate-key check is quadratic in a map's size).
    attempt(long('version: 1\n', '', 50_000), 'fuzz/long.yaml');
    attempt(`version: 1\ncertificates:\n${long('  a: {}\n', '', 50_000)}`, 'fuzz/long.yaml');
  });

  it('ran at least 10,000 templates, none slow, and wrote nothing', () => {
    assert.ok(stats.runs >= 10_000, `${stats.runs} runs`);
    assert.ok(stats.slowestMs < MAX_RUN_MS);
    assert.deepEqual(readdirSync(sandbox), []);
    process.stderr.write(`# fuzz: ${stats.runs} templates, ${stats.resolved} resolved, ${stats.refused} refused, slowest ${stats.slowestMs.toFixed(1)} ms (${stats.slowest})\n`);
  });

  it('50 of the templates that resolved build through the CLI, writing only under OUT/<set>/', async () => {
    // Spread over the whole run (generated, single-odd, mutated, text-mutated); the cheap ones (RSA up to
    // 2048 bits, at most 8 certificates) so that the crypto stays within the time budget.
    // The CLI reads the real clock, the fuzz used a fixed one: keep templates that resolve at both.
    const resolvesNow = (s: { text: string; file: string }): boolean => {
      try {
        resolveSet(parseTemplate(s.text, s.file), { now: new Date(), env: ENV });
        return true;
      } catch {
        return false;
      }
    };
    const cheap = resolvedSamples.filter(
      (s) => s.set.certificates.length <= 8 && s.set.certificates.every((c) => c.key.type !== 'rsa' || c.key.size <= 2048) && resolvesNow(s),
    );
    assert.ok(cheap.length >= 50, `only ${cheap.length} cheap resolved templates`);
    const step = cheap.length / 50;
    const chosen = Array.from({ length: 50 }, (_, i) => cheap[Math.floor(i * step)]!);
    const root = join(sandbox, 'cli');
    mkdirSync(root);
    process.chdir(root);
    try {
      for (const [i, sample] of chosen.entries()) {
        const { status, stderr, strays, files } = await buildAndFindStrays(root, i, sample);
        assert.equal(status, 0, `certgen build failed for a template that resolved:\n${stderr}\n--- ${sample.file}\n${sample.text.slice(0, 4000)}`);
        assert.deepEqual(strays, [], `written outside OUT/<set>/ (template ${i})`);
        assert.ok(files > 0, `nothing written for template ${i}`);
      }
    } finally {
      process.chdir(sandbox);
    }
  });
});
