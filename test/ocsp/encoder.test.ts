/**
 * The OCSP response encoder (src/ocsp) on its own, before any template field uses it: exact bytes
 * where the encoding has a subtlety (IMPLICIT CertStatus, error responses without a body,
 * GeneralizedTime before 2050), and whole responses read back by pkijs and by `openssl ocsp`
 * (status, times, serial, reason, signature by the CA and by a delegated responder), with a
 * response signed by an unrelated key as the negative control.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import * as asn1js from 'asn1js';
import { BasicOCSPResponse, OCSPResponse } from 'pkijs';
import { engineFor } from '../../src/api/pipeline.js';
import { generalizedTime } from '../../src/der/write.js';
import { readFileSync } from 'node:fs';
import {
  decodeOcspRequest,
  decodeOcspResponse,
  encodeOcspErrorResponse,
  encodeOcspResponse,
  ocspCertId,
  type OcspCertStatus,
  type OcspSigner,
} from '../../src/ocsp/index.js';
import type { IssuedCertificate } from '../../src/x509/issue.js';
import { fixtureBuilder } from '../helpers/fixture.js';
import { haveTool, run } from '../helpers/tools.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const build = fixtureBuilder();
const SKIP_OPENSSL = haveTool('openssl') ? false : 'openssl not installed: this interop test cannot run (CI installs it)';

const f = await build({
  version: 1,
  certificates: {
    root: { subject: 'CN=OCSP Test Root' },
    responder: {
      issuer: 'root',
      profile: 'none',
      basicConstraints: { ca: false, critical: true },
      keyUsage: ['digitalSignature'],
      extKeyUsage: ['OCSPSigning'],
      extensions: [{ oid: '1.3.6.1.5.5.7.48.1.5', critical: false, value: '0500' }],
    },
    other: { subject: 'CN=Other Root', key: 'rsa2048' },
    leaf: { issuer: 'root' },
    second: { issuer: 'root' },
  },
});
const certs = f.packaged.issued.certificates;
const cert = (name: string): IssuedCertificate => certs.get(name)!;
const engine = await engineFor('node');
const signing = { engine, rng: { bytes: (n: number) => new Uint8Array(n) }, deterministic: false };
const idOf = (name: string) => ocspCertId({ subjectDer: cert('root').subjectDer, spki: cert('root').key.spki }, cert(name).serial);
const now = Date.now();
const thisUpdate = new Date(Math.floor(now / 1000) * 1000 - 3600_000);
const nextUpdate = new Date(thisUpdate.getTime() + 7 * 86400_000);

async function response(signer: OcspSigner, statuses: readonly [string, OcspCertStatus][], nonce?: Uint8Array): Promise<Uint8Array> {
  return encodeOcspResponse(
    { signer, responses: statuses.map(([n, status]) => ({ certId: idOf(n), status })), thisUpdate, nextUpdate, producedAt: thisUpdate, nonce: nonce ?? null },
    signing,
  );
}

test('error responses are a bare ENUMERATED status (RFC 6960 4.2.1: no responseBytes)', () => {
  assert.equal(hex(encodeOcspErrorResponse('malformedRequest')), '30030a0101');
  assert.equal(hex(encodeOcspErrorResponse('internalError')), '30030a0102');
  assert.equal(hex(encodeOcspErrorResponse('tryLater')), '30030a0103');
  assert.equal(hex(encodeOcspErrorResponse('sigRequired')), '30030a0105');
  assert.equal(hex(encodeOcspErrorResponse('unauthorized')), '30030a0106');
  assert.throws(() => encodeOcspErrorResponse('successful' as never), /not an OCSP error status/);
});

test('OCSP times are GeneralizedTime in every year, whole seconds', () => {
  assert.equal(Buffer.from(generalizedTime(new Date('2019-05-31T23:00:00.900Z'))).toString('latin1').slice(2), '20190531230000Z');
  assert.equal(generalizedTime(new Date('2019-05-31T23:00:00Z'))[0], 0x18);
});

test('pkijs reads a CA-signed response: status choice, serial, times, reason, nonce, no certs', async () => {
  const der = await response(
    { key: cert('root').key, certificate: null },
    [
      ['leaf', { status: 'good' }],
      ['second', { status: 'revoked', revocationTime: thisUpdate, reason: 'keyCompromise' }],
    ],
    Uint8Array.of(0x04, 0x02, 0xab, 0xcd),
  );
  const outer = OCSPResponse.fromBER(der);
  assert.equal(outer.responseStatus.valueBlock.valueDec, 0);
  const basic = new BasicOCSPResponse({ schema: asn1js.fromBER(outer.responseBytes!.response.valueBlock.valueHexView).result });
  const [good, revoked] = basic.tbsResponseData.responses;
  assert.equal(good!.certStatus.idBlock.tagNumber, 0);
  assert.equal(revoked!.certStatus.idBlock.tagNumber, 1);
  assert.equal(hex(good!.certID.serialNumber.valueBlock.valueHexView), hex(cert('leaf').serial));
  assert.equal(good!.thisUpdate.getTime(), thisUpdate.getTime());
  assert.equal(good!.nextUpdate!.getTime(), nextUpdate.getTime());
  assert.equal(basic.tbsResponseData.producedAt.getTime(), thisUpdate.getTime());
  assert.equal(basic.certs, undefined);
  const nonce = basic.tbsResponseData.responseExtensions!.find((e) => e.extnID === '1.3.6.1.5.5.7.48.1.2')!;
  assert.equal(hex(nonce.extnValue.valueBlock.valueHexView), '0402abcd');
  // ResponderID byKey [2] EXPLICIT KeyHash (OCTET STRING of 20 bytes)
  assert.equal(basic.tbsResponseData.responderID instanceof asn1js.OctetString, true);
});

/** `openssl ocsp -respin` checked against the root; prints the status lines and whether it verified. */
function opensslCheck(der: Uint8Array, name: string, extra: readonly string[] = []): { ok: boolean; out: string } {
  const file = f.path(`${name}.test-ocsp.der`);
  writeFileSync(file, der);
  const r = run('openssl', ['ocsp', '-respin', file, '-issuer', f.path('root.pem'), '-CAfile', f.path('root.pem'), '-cert', f.path(`${name}.pem`), '-no_nonce', ...extra]);
  return { ok: r.status === 0 && /^Response verify OK/m.test(r.stderr + r.stdout), out: r.stdout + r.stderr };
}

test('openssl ocsp verifies a CA-signed good response and a responder-signed revoked one; refuses a stranger\'s', { skip: SKIP_OPENSSL }, async () => {
  const good = opensslCheck(await response({ key: cert('root').key, certificate: null }, [['leaf', { status: 'good' }]]), 'leaf');
  assert.ok(good.ok, good.out);
  assert.match(good.out, /leaf\.pem: good/);
  assert.doesNotMatch(good.out, /WARNING/); // e.g. "Status times invalid"

  const revoked = opensslCheck(
    await response({ key: cert('responder').key, certificate: cert('responder').der }, [['leaf', { status: 'revoked', revocationTime: thisUpdate, reason: 'superseded' }]]),
    'leaf',
  );
  assert.ok(revoked.ok, revoked.out);
  assert.match(revoked.out, /leaf\.pem: revoked/);
  assert.match(revoked.out, /Reason: superseded/);

  const unknown = opensslCheck(await response({ key: cert('root').key, certificate: null }, [['leaf', { status: 'unknown' }]]), 'leaf');
  assert.ok(unknown.ok, unknown.out);
  assert.match(unknown.out, /leaf\.pem: unknown/);

  // Negative control: a certificate that is neither the CA nor a responder it issued.
  const stranger = opensslCheck(await response({ key: cert('other').key, certificate: cert('other').der }, [['leaf', { status: 'good' }]]), 'leaf');
  assert.equal(stranger.ok, false, stranger.out);
  assert.match(stranger.out, /Response Verify Failure/);
});

test('decodeOcspResponse reads back what the encoder wrote; error statuses have no body', async () => {
  const der = await response({ key: cert('responder').key, certificate: cert('responder').der }, [['second', { status: 'revoked', revocationTime: thisUpdate, reason: 'cACompromise' }]], Uint8Array.of(4, 1, 7));
  const decoded = decodeOcspResponse(der);
  assert.equal(decoded.responseStatus, 'successful');
  const basic = decoded.basic!;
  assert.deepEqual(basic.responses.map((r) => ({ ...r, certId: { ...r.certId, serial: hex(r.certId.serial) } })), [
    { certId: { ...idOf('second'), serial: hex(cert('second').serial) }, status: { status: 'revoked', revocationTime: thisUpdate, reason: 'cACompromise' }, thisUpdate, nextUpdate },
  ]);
  assert.equal(hex(basic.nonce!), '040107');
  assert.deepEqual(basic.certs.map(hex), [hex(cert('responder').der)]);
  assert.equal(basic.signatureAlgorithm.oid, '1.2.840.10045.4.3.2');
  for (const status of ['malformedRequest', 'internalError', 'tryLater', 'sigRequired', 'unauthorized'] as const) {
    assert.deepEqual(decodeOcspResponse(encodeOcspErrorResponse(status)), { responseStatus: status, basic: null });
  }
});

test('malformed responses and requests throw "malformed OCSP …", never anything else (every truncation and a bit flip per octet)', async () => {
  const der = await response({ key: cert('root').key, certificate: null }, [['leaf', { status: 'good' }]], Uint8Array.of(4, 1, 7));
  for (let n = 0; n < der.length; n++) assert.throws(() => decodeOcspResponse(der.subarray(0, n)), /^Error: malformed OCSP/);
  for (let i = 0; i < der.length; i++) {
    const flipped = der.slice();
    flipped[i]! ^= 0x20;
    try {
      decodeOcspResponse(flipped);
    } catch (e) {
      assert.match(String(e), /^Error: malformed OCSP/);
    }
  }
  assert.throws(() => decodeOcspRequest(Uint8Array.of(0x30, 0x00)), /^Error: malformed OCSP/);
  assert.throws(() => decodeOcspRequest(Buffer.from('not der')), /^Error: malformed OCSP/);
});

test('an openssl ocsp request decodes to our CertID and its nonce; the echoed nonce satisfies openssl', { skip: SKIP_OPENSSL }, async () => {
  const reqFile = f.path('leaf.req.der');
  const made = run('openssl', ['ocsp', '-issuer', f.path('root.pem'), '-cert', f.path('leaf.pem'), '-reqout', reqFile]);
  assert.equal(made.status, 0, made.stderr);
  const request = decodeOcspRequest(new Uint8Array(readFileSync(reqFile)));
  assert.deepEqual(request.certIds.map((id) => ({ ...id, issuerNameHash: hex(id.issuerNameHash), issuerKeyHash: hex(id.issuerKeyHash), serial: hex(id.serial) })), [
    { hash: 'sha1', issuerNameHash: hex(idOf('leaf').issuerNameHash), issuerKeyHash: hex(idOf('leaf').issuerKeyHash), serial: hex(cert('leaf').serial) },
  ]);
  assert.ok(request.nonce !== null && request.nonce[0] === 0x04, 'openssl sends a nonce by default');

  const respFile = f.path('leaf.nonce-ocsp.der');
  const signer = { key: cert('root').key, certificate: null };
  writeFileSync(respFile, await response(signer, [['leaf', { status: 'good' }]], request.nonce!));
  // No -cert here: with -cert, openssl builds a new request (with a new nonce) instead of reading -reqin.
  const nonceCheck = () => run('openssl', ['ocsp', '-respin', respFile, '-reqin', reqFile, '-CAfile', f.path('root.pem'), '-verify_other', f.path('root.pem')]);
  const echoed = nonceCheck();
  assert.match(echoed.stdout + echoed.stderr, /Response verify OK/);
  assert.doesNotMatch(echoed.stdout + echoed.stderr, /nonce/i);
  // Negative control: another nonce is caught.
  writeFileSync(respFile, await response(signer, [['leaf', { status: 'good' }]], Uint8Array.of(4, 2, 0, 0)));
  const wrong = nonceCheck();
  assert.match(wrong.stdout + wrong.stderr, /Nonce Verify error/);
});

test('seeded sets give byte-identical responses (an RSA CA and an ECDSA delegated responder); another seed gives others', async () => {
  const template = (seed: string) => ({
    version: 1,
    seed,
    certificates: {
      root: { key: 'rsa2048', ocspSigner: 'responder' },
      responder: { issuer: 'root', profile: 'ocsp' },
      leaf: { issuer: 'root', ocspResponse: true },
      direct: { issuer: 'root', ocspResponse: { signer: 'root' } },
    },
  });
  const files = async (seed: string) => new Map((await build(template(seed))).packaged.files.filter((x) => x.name.endsWith('.ocsp.der')).map((x) => [x.name, hex(x.bytes)]));
  const [a, b, c] = [await files('one'), await files('one'), await files('two')];
  assert.deepEqual([...a.keys()].sort(), ['direct.ocsp.der', 'leaf.ocsp.der']);
  assert.deepEqual(a, b);
  assert.notEqual(a.get('leaf.ocsp.der'), c.get('leaf.ocsp.der'));
});

test('ca.issue() refuses ocspResponse and ocspSigner (a template field: generate() returns the file) instead of dropping them', async () => {
  const { createCA, generate } = await import('../../src/index.js');
  const ca = await createCA();
  await assert.rejects(ca.issue({ ocspResponse: true } as never), /^CertgenError: ca\.issue\(\): ocspResponse: ocspResponse is a template field/);
  await assert.rejects(ca.issue({ ocspSigner: 'x' } as never), /ocspSigner: ocspSigner is a template field/);
  // What to do instead: generate() returns <name>.ocsp.der among the set's files.
  const set = await generate({ version: 1, certificates: { ca: {}, leaf: { issuer: 'ca', ocspResponse: true } } });
  assert.equal(decodeOcspResponse(set.files.find((x) => x.name === 'leaf.ocsp.der')!.bytes).responseStatus, 'successful');
});
