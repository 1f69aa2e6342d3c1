/**
 * Lists of any length (issue 11 item 3): 100,000 SANs overflowed the stack where the DER writer
 * spread a list into arguments. The certificate must be written whole and read back by Node
 * (OpenSSL) with every name in order.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { seq, seqOf } from '../../src/der/write.js';
import { generate } from '../../src/index.js';

describe('lists of any length', () => {
  it('a certificate with 100,000 SANs is written and reads back with every name', async () => {
    const san = Array.from({ length: 100_000 }, (_, i) => `h${i}.test`);
    const { certificates, pins } = await generate({ version: 1, certificates: { root: {}, server: { issuer: 'root', san } } });
    const names = new X509Certificate(certificates.server.der).subjectAltName!.split(', ');
    assert.equal(names.length, 100_000);
    assert.equal(names[0], 'DNS:h0.test');
    assert.equal(names[99_999], 'DNS:h99999.test');
    assert.equal(pins.certificates.server!.subjectAltNames.length, 100_000);
  });

  it('seqOf over 300,000 items: one TLV with a three-octet length, the same bytes as seq for a few', () => {
    const item = Uint8Array.of(0x05, 0x00);
    assert.deepEqual(seqOf([item, item]), seq(item, item));
    const many = Array.from({ length: 300_000 }, () => item);
    const der = seqOf(many);
    assert.equal(der.length, 1 + 1 + 3 + 600_000);
  });
});
