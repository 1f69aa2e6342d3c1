import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CertgenError } from '../../src/errors.js';
import { parseSerial } from '../../src/values/hex.js';
import { parseSanList, parseSubtreeList, renderGeneralName } from '../../src/values/san.js';
import { parseSubject, renderSubject } from '../../src/values/subject.js';
import { parseDuration, parseTime } from '../../src/values/time.js';
import { parseExtKeyUsage } from '../../src/values/usage.js';

const where = { file: 't.yaml', path: ['certificates', 'x', 'san'] };
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('SAN entries are classified like trustme and mkcert do, typed or bare, in order', () => {
  const names = parseSanList(
    ['localhost', '127.0.0.1', '::1', 'a@b.test', 'https://x.test/p', 'DNS:*.wild.test', 'IP:10.1.2.3', 'email:c@d.test', 'URI:spiffe://x/y', 'Bücher.example', '2001:DB8::0:1'],
    where,
  );
  assert.deepEqual(names.map(renderGeneralName), [
    'DNS:localhost',
    'IP:127.0.0.1',
    'IP:::1',
    'email:a@b.test',
    'URI:https://x.test/p',
    'DNS:*.wild.test',
    'IP:10.1.2.3',
    'email:c@d.test',
    'URI:spiffe://x/y',
    'DNS:xn--bcher-kva.example',
    'IP:2001:db8::1',
  ]);
  assert.equal(hex((names[2] as { bytes: Uint8Array }).bytes), '00000000000000000000000000000001');
  assert.equal(hex((names[1] as { bytes: Uint8Array }).bytes), '7f000001');
});

test('bad SAN entries name their index', () => {
  assert.throws(() => parseSanList(['ok.test', 'IP:999.1.1.1'], where), (e: unknown) => e instanceof CertgenError && e.message === 't.yaml: certificates.x.san[1]: "999.1.1.1" is not an IP address');
  assert.throws(() => parseSanList(['email:nope'], where), /is not an email address/);
  assert.throws(() => parseSanList(['has space.test'], where), /is not a DNS name/);
});

test('name-constraint subtrees take CIDR masks and leading dots', () => {
  const [ip, dns, v6] = parseSubtreeList(['IP:10.0.0.0/8', 'DNS:.good.test', 'IP:2001:db8::/32'], where);
  assert.equal(hex((ip as { bytes: Uint8Array }).bytes), '0a000000ff000000');
  assert.equal(renderGeneralName(dns!), 'DNS:.good.test');
  assert.equal(hex((v6 as { bytes: Uint8Array }).bytes), `20010db8${'0'.repeat(24)}ffffffff${'0'.repeat(24)}`);
  assert.throws(() => parseSubtreeList(['IP:10.0.0.0/33'], where), /invalid prefix length/);
});

test('subjects: RFC 4514 strings are reversed into DER order, maps use X.500 order, rendering round-trips', () => {
  const s = parseSubject('CN=a\\,b,O=Org,C=DE', where);
  assert.deepEqual(s, [
    { type: 'C', value: 'DE' },
    { type: 'O', value: 'Org' },
    { type: 'CN', value: 'a,b' },
  ]);
  assert.equal(renderSubject(s), 'CN=a\\,b,O=Org,C=DE');
  assert.deepEqual(parseSubject({ CN: 'x', O: 'y', C: 'US' }, where).map((a) => a.type), ['C', 'O', 'CN']);
  assert.deepEqual(parseSubject('/C=DE/CN=x', where).map((a) => a.type), ['C', 'CN']);
  assert.throws(() => parseSubject('CN=a+O=b', where), /multi-valued RDNs/);
  assert.throws(() => parseSubject('XX=a', where), /unknown attribute "XX"/);
  assert.throws(() => parseSubject({ C: 'Germany' }, where), /two-letter country code/);
});

test('durations and times', () => {
  assert.equal(parseDuration('-1h'), -3600e3);
  assert.equal(parseDuration('1y30d'), (365 + 30) * 86400e3);
  assert.equal(parseDuration('tomorrow'), null);
  const epoch = new Date('2026-01-01T00:00:00Z');
  assert.equal(parseTime('-1h', epoch, where).toISOString(), '2025-12-31T23:00:00.000Z');
  assert.equal(parseTime('2030-05-06T07:08:09.999Z', epoch, where).toISOString(), '2030-05-06T07:08:09.000Z');
  assert.throws(() => parseTime('2030-05-06T07:08:09', epoch, where), /ISO 8601 time with a zone/);
});

test('serials are positive and minimally encoded', () => {
  assert.equal(hex(parseSerial('01', where)), '01');
  assert.equal(hex(parseSerial('0x00ff', where)), '00ff');
  assert.equal(hex(parseSerial('ff', where)), '00ff');
  assert.equal(hex(parseSerial('000001', where)), '01');
  assert.equal(hex(parseSerial('abc', where)), '0abc');
  assert.throws(() => parseSerial('00', where), /positive/);
  assert.throws(() => parseSerial('7f'.repeat(21), where), /at most 20 octets/);
});

test('EKU names map to RFC 5280 OIDs, case-insensitively; OIDs pass through', () => {
  assert.deepEqual(parseExtKeyUsage(['serverAuth', 'CLIENTAUTH', '1.2.3.4'], where), ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2', '1.2.3.4']);
  assert.throws(() => parseExtKeyUsage(['serverAuth', 'serverauth'], where), /listed twice/);
  assert.throws(() => parseExtKeyUsage(['webAuth'], where), /unknown extended key usage/);
});
