/**
 * `publish: URL`: the CDP, AIA OCSP and AIA caIssuers URLs of every issued certificate, as
 * OpenSSL reads them, each overridden on its own by the certificate's field (or `defaults`').
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generate } from '../../src/index.js';
import { missingTools, run } from '../helpers/tools.js';

/** openssl's view of the two extensions (empty where absent). */
function urls(certPem: string): { cdp: string[]; ocsp: string[]; caIssuers: string[] } {
  const text = run('openssl', ['x509', '-noout', '-ext', 'crlDistributionPoints,authorityInfoAccess'], { input: certPem }).stdout;
  const all = (re: RegExp) => [...text.matchAll(re)].map((m) => m[1]!);
  return { cdp: all(/^\s+URI:(\S+)$/gm), ocsp: all(/OCSP - URI:(\S+)/g), caIssuers: all(/CA Issuers - URI:(\S+)/g) };
}

describe('publish fills CDP, AIA OCSP and caIssuers', { skip: missingTools('openssl') }, () => {
  it('per issuer, only issuers with a crl get a CDP, the self-signed root gets none, own fields win one by one', async () => {
    const set = await generate({
      version: 1,
      name: 'pub',
      publish: 'http://[::1]:8099/',
      defaults: { caIssuers: [] },
      certificates: {
        root: { crl: { revoked: [] } },
        inter: { issuer: 'root', profile: 'intermediate', caIssuers: ['http://example.test/inter-issuer.cer'] },
        leaf: { issuer: 'inter' },
        own: { issuer: 'root', ocsp: ['http://ocsp.example.test/'] },
        none: { issuer: 'root', ocsp: [], crlDistributionPoints: [] },
      },
    });
    const of = (name: string) => urls(set.certificates[name]!.certPem);
    assert.deepEqual(of('root'), { cdp: [], ocsp: [], caIssuers: [] });
    // defaults.caIssuers: [] switches caIssuers off for all, inter's own list wins over it.
    assert.deepEqual(of('inter'), { cdp: ['http://[::1]:8099/pub/root.crl'], ocsp: ['http://[::1]:8099/pub/ocsp/root'], caIssuers: ['http://example.test/inter-issuer.cer'] });
    assert.deepEqual(of('leaf'), { cdp: [], ocsp: ['http://[::1]:8099/pub/ocsp/inter'], caIssuers: [] }, 'inter has no crl: no CDP');
    assert.deepEqual(of('own'), { cdp: ['http://[::1]:8099/pub/root.crl'], ocsp: ['http://ocsp.example.test/'], caIssuers: [] });
    assert.deepEqual(of('none'), { cdp: [], ocsp: [], caIssuers: [] });
  });

  it('without defaults, every issued certificate gets all three (control: no publish, none)', async () => {
    const template = { version: 1 as const, name: 'pub', certificates: { root: { crl: { revoked: [] } }, leaf: { issuer: 'root' } } };
    const published = await generate({ ...template, publish: 'http://localhost:9000' });
    assert.deepEqual(urls(published.certificates['leaf']!.certPem), {
      cdp: ['http://localhost:9000/pub/root.crl'],
      ocsp: ['http://localhost:9000/pub/ocsp/root'],
      caIssuers: ['http://localhost:9000/pub/root.cer'],
    });
    const plain = await generate(template);
    assert.deepEqual(urls(plain.certificates['leaf']!.certPem), { cdp: [], ocsp: [], caIssuers: [] });
  });
});
