/**
 * Times at the end of what X.509 can encode (9999-12-31T23:59:59Z). A default period (a
 * certificate's 397 days, a CRL's 30 days, an OCSP response's 7 days) stops there instead of
 * overflowing: the template fuzz found a CRL with `thisUpdate: 9999-12-31T23:59:59Z` that resolved
 * and then failed to encode with an internal error. A period the template gives itself is still
 * refused, with its path. The encodings are read back by OpenSSL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../src/index.js';
import { CertgenError, formatPath } from '../../src/errors.js';
import { missingTools, run, tmpDir } from '../helpers/tools.js';

const END = '9999-12-31T23:59:59Z';

/** The root has a CRL and the server an OCSP response, each starting `thisUpdate`. */
const template = (validity: object, thisUpdate: string, extra: object = {}) => ({
  version: 1,
  name: 'end-of-time',
  certificates: {
    root: { validity, crl: { thisUpdate, ...extra } },
    server: { issuer: 'root', validity, ocspResponse: { thisUpdate } },
  },
});

const fileOf = (files: readonly { name: string; bytes: Uint8Array }[], name: string): Uint8Array => {
  const file = files.find((f) => f.name === name);
  assert.ok(file, `no ${name}`);
  return file.bytes;
};

describe('default periods stop at the last time X.509 can encode', { skip: missingTools('openssl') }, () => {
  it('a certificate, a CRL and an OCSP response starting in the last days of 9999 end at its last second', async () => {
    const { files } = await generate(template({ notBefore: '9999-12-30T00:00:00Z' }, END));
    const dir = tmpDir();
    for (const name of ['root.crl.der', 'server.pem', 'server.ocsp.der']) writeFileSync(join(dir, name), fileOf(files, name));

    const crl = run('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'root.crl.der'), '-noout', '-lastupdate', '-nextupdate']);
    assert.equal(crl.status, 0, crl.stderr);
    assert.match(crl.stdout, /lastUpdate=Dec 31 23:59:59 9999 GMT\nnextUpdate=Dec 31 23:59:59 9999 GMT/);

    const cert = run('openssl', ['x509', '-in', join(dir, 'server.pem'), '-noout', '-dates']);
    assert.equal(cert.status, 0, cert.stderr);
    assert.match(cert.stdout, /notBefore=Dec 30 00:00:00 9999 GMT\nnotAfter=Dec 31 23:59:59 9999 GMT/);

    const ocsp = run('openssl', ['ocsp', '-respin', join(dir, 'server.ocsp.der'), '-resp_text', '-noverify']);
    assert.equal(ocsp.status, 0, ocsp.stderr);
    assert.match(ocsp.stdout, /This Update: Dec 31 23:59:59 9999 GMT\s+Next Update: Dec 31 23:59:59 9999 GMT/);
  });

  it('away from the end, the defaults are the full periods', async () => {
    const { files } = await generate(template({ notBefore: '2030-01-01T00:00:00Z' }, '2030-01-01T00:00:00Z'));
    const dir = tmpDir();
    writeFileSync(join(dir, 'root.crl.der'), fileOf(files, 'root.crl.der'));
    const crl = run('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'root.crl.der'), '-noout', '-nextupdate']);
    assert.match(crl.stdout, /nextUpdate=Jan 31 00:00:00 2030 GMT/);
  });

  for (const [name, tpl, path] of [
    ['days the template gives', template({ notBefore: '9999-12-30T00:00:00Z', days: 2 }, '2030-01-01T00:00:00Z'), 'certificates.root.validity.days'],
    ['a nextUpdate the template gives', template({}, END, { nextUpdate: '10000-01-01T00:00:00Z' }), 'certificates.root.crl.nextUpdate'],
  ] as const) {
    it(`${name}, past the end, are refused with their path`, async () => {
      await assert.rejects(generate(tpl), (e: unknown) => e instanceof CertgenError && formatPath(e.path) === path && !/internal error/.test(e.message));
    });
  }
});
