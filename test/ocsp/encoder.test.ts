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
import { encodeOcspErrorResponse, encodeOcspResponse, ocspCertId, type OcspCertStatus, type OcspSigner } from '../../src/ocsp/index.js';
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
