/**
 * Times at the end of what X.509 can encode (9999-12-31T23:59:59Z). A default period (a
 * certificate's 397 days, a CRL's 30 days, an OCSP response's 7 days) stops there instead of
 * overflowing: the template fuzz found a CRL with `thisUpdate: 9999-12-31T23:59:59Z` that resolved
 * and then failed to encode with an internal error. A period the template gives itself is still
 * refused, with its path. The encodings are read back by OpenSSL.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
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

const dir = tmpDir();
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the generated file `name` and returns what `openssl ...args(its path)` prints; OpenSSL must accept it. */
function openssl(files: readonly { name: string; bytes: Uint8Array }[], name: string, args: (path: string) => string[]): string {
  const file = files.find((f) => f.name === name);
  assert.ok(file, `no ${name}`);
  writeFileSync(join(dir, name), file.bytes);
  const r = run('openssl', args(join(dir, name)));
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('default periods stop at the last time X.509 can encode', { skip: missingTools('openssl') }, () => {
  it('a certificate, a CRL and an OCSP response starting in the last days of 9999 end at its last second', async () => {
    const { files } = await generate(template({ notBefore: '9999-12-30T00:00:00Z' }, END));
    assert.match(openssl(files, 'root.crl.der', (f) => ['crl', '-inform', 'DER', '-in', f, '-noout', '-lastupdate', '-nextupdate']), /lastUpdate=Dec 31 23:59:59 9999 GMT\nnextUpdate=Dec 31 23:59:59 9999 GMT/);
    assert.match(openssl(files, 'server.pem', (f) => ['x509', '-in', f, '-noout', '-dates']), /notBefore=Dec 30 00:00:00 9999 GMT\nnotAfter=Dec 31 23:59:59 9999 GMT/);
    assert.match(openssl(files, 'server.ocsp.der', (f) => ['ocsp', '-respin', f, '-resp_text', '-noverify']), /This Update: Dec 31 23:59:59 9999 GMT\s+Next Update: Dec 31 23:59:59 9999 GMT/);
  });

  it('away from the end, the defaults are the full periods', async () => {
    const { files } = await generate(template({ notBefore: '2030-01-01T00:00:00Z' }, '2030-01-01T00:00:00Z'));
    assert.match(openssl(files, 'root.crl.der', (f) => ['crl', '-inform', 'DER', '-in', f, '-noout', '-nextupdate']), /nextUpdate=Jan 31 00:00:00 2030 GMT/);
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
