import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { EXTENSION_ORDER, PROFILES } from '../../src/resolve/profiles.js';
import { EXTENSION_OIDS } from '../../src/values/oids.js';
import { time } from '../../src/der/write.js';
import { encodeBasicConstraints } from '../../src/x509/extensions/basic-constraints.js';
import { encodeExtension } from '../../src/x509/extensions/index.js';
import { encodeKeyUsage } from '../../src/x509/extensions/key-usage.js';
import { encodeName } from '../../src/x509/name.js';
import { randomSerial } from '../../src/x509/serial.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('keyUsage is a minimal named BIT STRING (exact bytes: no verifier catches a wrong one)', () => {
  assert.equal(hex(encodeKeyUsage({ kind: 'keyUsage', critical: true, usages: ['digitalSignature'] })), '03020780');
  assert.equal(hex(encodeKeyUsage({ kind: 'keyUsage', critical: true, usages: ['digitalSignature', 'keyEncipherment'] })), '030205a0');
  assert.equal(hex(encodeKeyUsage({ kind: 'keyUsage', critical: true, usages: ['keyCertSign', 'cRLSign', 'digitalSignature'] })), '03020186');
  assert.equal(hex(encodeKeyUsage({ kind: 'keyUsage', critical: true, usages: ['decipherOnly'] })), '0303070080');
});

test('basicConstraints: CA:FALSE is an empty SEQUENCE; pathLength 0 is kept, absent is absent', () => {
  assert.equal(hex(encodeBasicConstraints({ kind: 'basicConstraints', critical: true, ca: false, pathLength: null })), '3000');
  assert.equal(hex(encodeBasicConstraints({ kind: 'basicConstraints', critical: true, ca: true, pathLength: null })), '30030101ff');
  assert.equal(hex(encodeBasicConstraints({ kind: 'basicConstraints', critical: true, ca: true, pathLength: 0 })), '30060101ff020100');
});

test('an extension is critical only when it says so (DEFAULT FALSE is omitted)', () => {
  const ctx = { subjectKeyId: new Uint8Array(20), issuerKeyId: new Uint8Array(20) };
  assert.equal(hex(encodeExtension({ kind: 'raw', oid: '1.2.3.4', critical: false, value: Uint8Array.of(5, 0) }, ctx)), '300906032a03040402' + '0500');
  assert.equal(hex(encodeExtension({ kind: 'raw', oid: '1.2.3.4', critical: true, value: Uint8Array.of(5, 0) }, ctx)), '300c06032a03040101ff04020500');
});

test('names: one attribute per RDN; C is PrintableString, CN UTF8String', () => {
  assert.equal(hex(encodeName([{ type: 'C', value: 'DE' }, { type: 'CN', value: 'x' }])), '3019310b3009060355040613024445310a300806035504030c0178');
});

test('times: UTCTime through 2049, GeneralizedTime from 2050, whole seconds', () => {
  assert.equal(Buffer.from(time(new Date('2049-12-31T23:59:59.500Z'))).subarray(2).toString(), '491231235959Z');
  assert.equal(time(new Date('2049-12-31T23:59:59Z'))[0], 0x17);
  assert.equal(time(new Date('2050-01-01T00:00:00Z'))[0], 0x18);
  assert.equal(Buffer.from(time(new Date('9999-12-31T23:59:59Z'))).subarray(2).toString(), '99991231235959Z');
});

test('default serials are 16 octets, positive, with a non-zero first octet', () => {
  for (const first of [0x00, 0x80, 0xff, 0x7f]) {
    const s = randomSerial({ bytes: (n) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? first : 0xab)) });
    assert.equal(s.length, 16);
    assert.ok(s[0]! >= 1 && s[0]! < 0x80, `first octet ${s[0]}`);
  }
});

// docs/templates.md holds the contract's profile table, word for word.
test('the profile table equals the documented one, cell by cell', () => {
  const spec = readFileSync(new URL('../../docs/templates.md', import.meta.url), 'utf8');
  const rows = [...spec.matchAll(/^\s*\| (root|intermediate|server|client|dual|none|ocsp) \| (.*?) \| (.*?) \| (.*?) \|$/gm)];
  assert.equal(rows.length, 7);
  for (const [, name, bc, ku, eku] of rows) {
    const p = PROFILES[name as keyof typeof PROFILES];
    const ourBc = p.basicConstraints === null ? 'none' : p.basicConstraints.ca ? 'CA:TRUE' : 'CA:FALSE';
    assert.ok(bc!.startsWith(ourBc), `${name} basicConstraints: docs/templates.md "${bc}", ours ${ourBc}`);
    const ourKu = p.keyUsage === null ? 'none' : p.keyUsage.join(', ') + (p.rsaKeyEncipherment ? ' (+ keyEncipherment for RSA)' : '');
    assert.equal(ku, ourKu, `${name} keyUsage`);
    assert.equal(eku, p.extKeyUsage === null ? 'none' : p.extKeyUsage.join(', '), `${name} extKeyUsage`);
  }
});

test('only the ocsp profile adds id-pkix-ocsp-nocheck, as a NULL value', () => {
  assert.deepEqual(Object.entries(PROFILES).filter(([, p]) => p.ocspNoCheck).map(([n]) => n), ['ocsp']);
  const ctx = { subjectKeyId: new Uint8Array(20), issuerKeyId: new Uint8Array(20) };
  assert.equal(hex(encodeExtension({ kind: 'ocspNoCheck', critical: false }, ctx)), '300f06092b060105050730010504020500');
});

test('EXTENSION_ORDER lists every computed extension exactly once', () => {
  assert.deepEqual([...EXTENSION_ORDER].sort(), Object.keys(EXTENSION_OIDS).sort());
});
