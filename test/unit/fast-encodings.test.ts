/**
 * The hand-written encoders that replaced library calls for speed write exactly what the library
 * wrote: der/write.ts primitives against asn1js, EC/Ed25519/RSA key encodings against node:crypto's
 * own export, the SPKI key-bits reader against asn1js.
 */
import assert from 'node:assert/strict';
import { createECDH, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import * as asn1js from 'asn1js';
import { ecKeyPairFromSec1, generateNodeKeyPair } from '../../src/crypto/keys.js';
import { oid, printableString, smallInteger, time, utf8String } from '../../src/der/write.js';
import { subjectPublicKeyBits } from '../../src/x509/spki.js';

const hex = (b: Uint8Array | ArrayBuffer) => Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b).toString('hex');

describe('der/write.ts primitives equal asn1js', () => {
  test('OBJECT IDENTIFIER, including large and UUID arcs', () => {
    for (const dotted of ['2.5.29.19', '1.2.840.113549.1.1.11', '2.16.840.1.113894.746875.1.1', '0.9.2342.19200300.100.1.25', '2.999.3', '1.3.6.1.4.1.311.60.2.1.3', '2.25.329800735698586629295641978511506172918', '1.39.0', '0.0']) {
      assert.equal(hex(oid(dotted)), hex(new asn1js.ObjectIdentifier({ value: dotted }).toBER()), dotted);
    }
    assert.throws(() => oid('1.40'), RangeError);
    assert.throws(() => oid('3.1'), RangeError);
    assert.throws(() => oid('1.2.'), RangeError);
  });
  test('INTEGER of small values, both signs', () => {
    for (const n of [0, 1, 2, 127, 128, 255, 256, 32767, 32768, 65535, 2048, 10000, 100000, 2 ** 31, 2 ** 53 - 1, -1, -128, -129, -256, -32769]) {
      assert.equal(hex(smallInteger(n)), hex(new asn1js.Integer({ value: n }).toBER()), String(n));
    }
  });
  test('strings', () => {
    for (const s of ['certgen', 'Ünïcødé ✓ 𝄞', '', 'x'.repeat(200), 'y'.repeat(70000)]) {
      assert.equal(hex(utf8String(s)), hex(new asn1js.Utf8String({ value: s }).toBER()), s.slice(0, 20));
    }
    for (const s of ['US', 'A Printable-String (1)', 'z'.repeat(300)]) assert.equal(hex(printableString(s)), hex(new asn1js.PrintableString({ value: s }).toBER()));
  });
  test('times: UTCTime and GeneralizedTime as asn1js writes them', () => {
    for (const iso of ['1950-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2000-01-01T00:00:00Z', '2026-06-15T12:34:56Z', '2049-12-31T23:59:59Z', '2050-01-01T00:00:00Z', '9999-12-31T23:59:59Z']) {
      const d = new Date(iso);
      const expected = d.getUTCFullYear() < 2050 ? new asn1js.UTCTime({ valueDate: d }) : new asn1js.GeneralizedTime({ valueDate: d });
      assert.equal(hex(time(d)), hex(expected.toBER()), iso);
    }
  });
});

describe('key encodings equal node:crypto export', () => {
  test('EC PKCS#8 and SPKI from SEC 1, 500 keys per curve (leading-zero scalars included by chance)', () => {
    for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
      for (let i = 0; i < 500; i++) {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve, privateKeyEncoding: { type: 'sec1', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } });
        const pair = ecKeyPairFromSec1(curve, new Uint8Array(privateKey));
        const key = createPrivateKey({ key: privateKey, format: 'der', type: 'sec1' });
        assert.equal(hex(pair.pkcs8), hex(key.export({ format: 'der', type: 'pkcs8' })));
        assert.equal(hex(pair.spki), hex(createPublicKey(key).export({ format: 'der', type: 'spki' })));
      }
    }
  });
  test('EC scalars with leading zero octets keep their fixed length', () => {
    let checked = 0;
    for (let i = 0; i < 20; i++) {
      const d = Buffer.concat([Buffer.alloc(1 + (i % 3)), randomBytes(31 - (i % 3))]);
      const ecdh = createECDH('prime256v1');
      ecdh.setPrivateKey(d);
      const point = ecdh.getPublicKey();
      const jwk = { kty: 'EC', crv: 'P-256', d: d.toString('base64url'), x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') };
      const key = createPrivateKey({ key: jwk, format: 'jwk' });
      const pair = ecKeyPairFromSec1('P-256', new Uint8Array(key.export({ format: 'der', type: 'sec1' })));
      assert.equal(hex(pair.pkcs8), hex(key.export({ format: 'der', type: 'pkcs8' })));
      assert.equal(hex(pair.spki), hex(createPublicKey(key).export({ format: 'der', type: 'spki' })));
      checked++;
    }
    assert.equal(checked, 20);
  });
  test('generated keys of every type round-trip through node:crypto unchanged', async () => {
    for (const spec of [{ type: 'ec', curve: 'P-256' }, { type: 'ec', curve: 'P-384' }, { type: 'ec', curve: 'P-521' }, { type: 'rsa', size: 2048 }, { type: 'ed25519' }] as const) {
      const pair = await generateNodeKeyPair(spec);
      const key = createPrivateKey({ key: Buffer.from(pair.pkcs8), format: 'der', type: 'pkcs8' });
      assert.equal(hex(pair.pkcs8), hex(key.export({ format: 'der', type: 'pkcs8' })), JSON.stringify(spec));
      assert.equal(hex(pair.spki), hex(createPublicKey(key).export({ format: 'der', type: 'spki' })), JSON.stringify(spec));
    }
  });
});

test('subjectPublicKeyBits equals asn1js for every key type', async () => {
  for (const spec of [{ type: 'ec', curve: 'P-256' }, { type: 'ec', curve: 'P-521' }, { type: 'rsa', size: 2048 }, { type: 'ed25519' }] as const) {
    const { spki } = await generateNodeKeyPair(spec);
    const parsed = asn1js.fromBER(Uint8Array.from(spki));
    const bits = (parsed.result as asn1js.Sequence).valueBlock.value[1] as asn1js.BitString;
    assert.equal(hex(subjectPublicKeyBits(spki)), hex(bits.valueBlock.valueHexView));
  }
  assert.throws(() => subjectPublicKeyBits(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00)));
});
