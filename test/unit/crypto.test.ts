/**
 * The crypto layer against independent implementations: every key is checked by `openssl pkey
 * -check`, every signature by node:crypto.verify and by `openssl dgst`/`pkeyutl`, every
 * AlgorithmIdentifier against fixed hex and against what OpenSSL itself writes into a certificate.
 * Seeded mode is checked for determinism and against published vectors (NIST CAVP HMAC_DRBG,
 * RFC 6979 A.2.5).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createHash, createPrivateKey, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import type { HashName, KeySpec } from '../../src/values/types.js';
import type { Engine, KeyPair, Rng } from '../../src/crypto/types.js';
import { HmacDrbg, seededRngFactory, systemRngFactory } from '../../src/crypto/random.js';
import { HASH_LENGTH, defaultHash, keyAlgorithmName, signatureAlgorithm } from '../../src/crypto/algorithms.js';
import { ecKeyPairFromScalar, deriveKeyPair, keyPairFromPkcs8 } from '../../src/crypto/keys.js';
import { createEngine, ecdsaRawToDer, emsaPssEncode } from '../../src/crypto/engine.js';
import { haveTool, run, tmpDir as makeTmpDir } from '../helpers/tools.js';

const tmpDirs: string[] = [];
function tmpDir(): string {
  const dir = makeTmpDir();
  tmpDirs.push(dir);
  return dir;
}
after(() => tmpDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const HASHES: readonly HashName[] = ['sha1', 'sha256', 'sha384', 'sha512'];
const SPECS: Record<string, KeySpec> = {
  p256: { type: 'ec', curve: 'P-256' },
  p384: { type: 'ec', curve: 'P-384' },
  p521: { type: 'ec', curve: 'P-521' },
  rsa2048: { type: 'rsa', size: 2048 },
  rsa3072: { type: 'rsa', size: 3072 },
  ed25519: { type: 'ed25519' },
};
const DATA = new Uint8Array(Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) & 0xff));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const OPENSSL = haveTool('openssl');
const noOpenssl = OPENSSL ? false : 'openssl not installed';

/** Every (hash, pss) a key type can sign with. */
function signatureVariants(spec: KeySpec): { hash: HashName; pss: boolean }[] {
  if (spec.type === 'ed25519') return [{ hash: 'sha256', pss: false }];
  const variants = HASHES.map((hash) => ({ hash, pss: false }));
  if (spec.type === 'rsa') variants.push(...HASHES.map((hash) => ({ hash, pss: true })));
  return variants;
}

function publicKeyOf(kp: KeyPair): KeyObject {
  return createPublicKey({ key: Buffer.from(kp.spki), format: 'der', type: 'spki' });
}

function nodeVerify(kp: KeyPair, sig: { hash: HashName; pss: boolean }, data: Uint8Array, signature: Uint8Array): boolean {
  const key = publicKeyOf(kp);
  if (kp.spec.type === 'ed25519') return verify(null, data, key, signature);
  if (sig.pss) {
    return verify(sig.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[sig.hash] }, signature);
  }
  return verify(sig.hash, data, key, signature);
}

/** Writes the key pair as files an OpenSSL command line can read. */
function writeKeyFiles(dir: string, kp: KeyPair): { keyDer: string; keyPem: string; pubPem: string } {
  const keyDer = join(dir, 'key.der');
  const keyPem = join(dir, 'key.pem');
  const pubPem = join(dir, 'pub.pem');
  writeFileSync(keyDer, kp.pkcs8);
  writeFileSync(keyPem, createPrivateKey({ key: Buffer.from(kp.pkcs8), format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }));
  writeFileSync(pubPem, publicKeyOf(kp).export({ format: 'pem', type: 'spki' }));
  return { keyDer, keyPem, pubPem };
}

/** openssl pkey -check, and the SPKI OpenSSL derives from the private key equals ours. */
function opensslCheckKey(dir: string, kp: KeyPair): void {
  const { keyDer } = writeKeyFiles(dir, kp);
  const check = run('openssl', ['pkey', '-check', '-noout', '-inform', 'DER', '-in', keyDer]);
  assert.equal(check.status, 0, `openssl pkey -check failed: ${check.stderr}`);
  assert.match(check.stdout + check.stderr, /valid/i);
  const spkiFile = join(dir, 'spki.der');
  const pub = run('openssl', ['pkey', '-inform', 'DER', '-in', keyDer, '-pubout', '-outform', 'DER', '-out', spkiFile]);
  assert.equal(pub.status, 0, pub.stderr);
  assert.equal(hex(readFileSync(spkiFile)), hex(kp.spki), 'SPKI does not match the private key');
}

function opensslVerify(dir: string, kp: KeyPair, sig: { hash: HashName; pss: boolean }, data: Uint8Array, signature: Uint8Array): void {
  const { pubPem } = writeKeyFiles(dir, kp);
  const dataFile = join(dir, 'data.bin');
  const sigFile = join(dir, 'sig.bin');
  writeFileSync(dataFile, data);
  writeFileSync(sigFile, signature);
  const args =
    kp.spec.type === 'ed25519'
      ? ['pkeyutl', '-verify', '-pubin', '-inkey', pubPem, '-rawin', '-in', dataFile, '-sigfile', sigFile]
      : [
          'dgst',
          `-${sig.hash}`,
          ...(sig.pss ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', `rsa_pss_saltlen:${HASH_LENGTH[sig.hash]}`] : []),
          '-verify',
          pubPem,
          '-signature',
          sigFile,
          dataFile,
        ];
  const result = run('openssl', args);
  assert.equal(result.status, 0, `openssl refused the signature (${JSON.stringify(sig)}): ${result.stdout}${result.stderr}`);
  assert.match(result.stdout, /Verified OK|Signature Verified Successfully/);
}

/** The signatureAlgorithm OpenSSL writes when it signs a certificate with this key and hash. */
function opensslSignatureAlgorithm(dir: string, kp: KeyPair, sig: { hash: HashName; pss: boolean }): Uint8Array {
  const { keyPem } = writeKeyFiles(dir, kp);
  const certFile = join(dir, 'cert.der');
  const args = ['req', '-new', '-x509', '-key', keyPem, '-subj', '/CN=algorithm', '-days', '1', '-outform', 'DER', '-out', certFile];
  if (kp.spec.type !== 'ed25519') args.push(`-${sig.hash}`);
  if (sig.pss) args.push('-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest');
  const result = run('openssl', args);
  assert.equal(result.status, 0, result.stderr);
  const parsed = asn1js.fromBER(new Uint8Array(readFileSync(certFile)));
  assert.notEqual(parsed.offset, -1);
  const certificate = parsed.result as asn1js.Sequence;
  return new Uint8Array(certificate.valueBlock.value[1]!.toBER(false));
}

// -------------------------------------------------------------------------------------------------

describe('random', () => {
  it('HMAC-DRBG matches NIST CAVP HMAC_DRBG.rsp [SHA-256], no reseed, COUNT 0', () => {
    const drbg = new HmacDrbg(
      Buffer.from('ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488', 'hex'),
      Buffer.from('659ba96c601dc69fc902940805ec0ca8', 'hex'),
    );
    drbg.generate(128); // the test profile discards the first Generate output
    assert.equal(
      hex(drbg.generate(128)),
      'e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460' +
        'b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668' +
        '961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8',
    );
  });

  it('seeded streams depend on (seed, label) only', () => {
    const a = seededRngFactory('seed');
    assert.equal(a.deterministic, true);
    const first = a.forLabel('key:server').bytes(64);
    assert.deepEqual(seededRngFactory('seed').forLabel('key:server').bytes(64), first);
    assert.deepEqual(a.forLabel('key:server').bytes(64), first, 'a label restarts its stream');
    assert.notDeepEqual(a.forLabel('key:client').bytes(64), first);
    assert.notDeepEqual(seededRngFactory('seed2').forLabel('key:server').bytes(64), first);
    // Length prefixes: moving characters between seed and label changes the stream.
    assert.notDeepEqual(seededRngFactory('ab').forLabel('c').bytes(32), seededRngFactory('a').forLabel('bc').bytes(32));
    // Successive reads continue the stream.
    const rng = a.forLabel('key:server');
    assert.notDeepEqual(rng.bytes(64), rng.bytes(64));
    // Large reads (several SP 800-90A requests) work and are reproducible.
    assert.deepEqual(a.forLabel('big').bytes(200_000), a.forLabel('big').bytes(200_000));
  });

  it('pins the seeded stream (changing the derivation changes every seeded fixture)', () => {
    assert.equal(hex(seededRngFactory('certgen').forLabel('key:root').bytes(16)), GOLDEN.rngKeyRoot);
  });

  it('system randomness is not deterministic', () => {
    const factory = systemRngFactory();
    assert.equal(factory.deterministic, false);
    const rng = factory.forLabel('x');
    assert.equal(rng.bytes(32).length, 32);
    assert.notDeepEqual(rng.bytes(32), rng.bytes(32));
  });
});

describe('algorithms', () => {
  const rsa: KeySpec = { type: 'rsa', size: 2048 };
  const p256: KeySpec = { type: 'ec', curve: 'P-256' };
  const ed: KeySpec = { type: 'ed25519' };
  const der = (key: KeySpec, hash: HashName, pss = false) => hex(signatureAlgorithm(key, { hash, pss }).der);

  it('encodes AlgorithmIdentifiers byte for byte', () => {
    assert.equal(der(rsa, 'sha256'), '300d06092a864886f70d01010b0500');
    assert.equal(der(rsa, 'sha1'), '300d06092a864886f70d0101050500');
    assert.equal(der(rsa, 'sha384'), '300d06092a864886f70d01010c0500');
    assert.equal(der(rsa, 'sha512'), '300d06092a864886f70d01010d0500');
    assert.equal(der(p256, 'sha256'), '300a06082a8648ce3d040302');
    assert.equal(der(p256, 'sha1'), '300906072a8648ce3d0401');
    assert.equal(der(p256, 'sha384'), '300a06082a8648ce3d040303');
    assert.equal(der(p256, 'sha512'), '300a06082a8648ce3d040304');
    assert.equal(der(ed, 'sha256'), '300506032b6570');
    assert.equal(der(ed, 'sha512'), '300506032b6570', 'Ed25519 ignores the hash');
    // RSASSA-PSS, RFC 4055: explicit SHA-256, MGF1-SHA-256, salt 32 (trailer 1 is the default).
    assert.equal(
      der(rsa, 'sha256', true),
      '304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108' +
        '300d06096086480165030402010500a203020120',
    );
    // SHA-1 PSS: every field is its DEFAULT, so DER omits them all.
    assert.equal(der(rsa, 'sha1', true), '300d06092a864886f70d01010a3000');
    assert.equal(signatureAlgorithm(rsa, { hash: 'sha384', pss: true }).oid, '1.2.840.113549.1.1.10');
    assert.equal(signatureAlgorithm(p256, { hash: 'sha256', pss: false }).oid, '1.2.840.10045.4.3.2');
    assert.throws(() => signatureAlgorithm(p256, { hash: 'sha256', pss: true }), /RSA-PSS/);
  });

  it('chooses default hashes and key names as documented', () => {
    assert.equal(defaultHash(p256), 'sha256');
    assert.equal(defaultHash({ type: 'ec', curve: 'P-384' }), 'sha384');
    assert.equal(defaultHash({ type: 'ec', curve: 'P-521' }), 'sha512');
    assert.equal(defaultHash(rsa), 'sha256');
    assert.equal(defaultHash(ed), 'sha256');
    assert.equal(keyAlgorithmName(p256), 'ECDSA P-256');
    assert.equal(keyAlgorithmName({ type: 'ec', curve: 'P-521' }), 'ECDSA P-521');
    assert.equal(keyAlgorithmName({ type: 'rsa', size: 3072 }), 'RSA 3072');
    assert.equal(keyAlgorithmName(ed), 'Ed25519');
  });

  it('writes the same AlgorithmIdentifier as OpenSSL does in a certificate', { skip: noOpenssl }, async () => {
    const dir = tmpDir();
    const seeded = seededRngFactory('algorithms');
    for (const name of ['p256', 'p521', 'rsa2048', 'ed25519']) {
      const kp = await deriveKeyPair(SPECS[name]!, seeded.forLabel(name));
      for (const sig of signatureVariants(kp.spec)) {
        assert.equal(
          hex(signatureAlgorithm(kp.spec, sig).der),
          hex(opensslSignatureAlgorithm(dir, kp, sig)),
          `${name} ${JSON.stringify(sig)}`,
        );
      }
    }
  });
});

describe('ECDSA encoding', () => {
  it('converts r||s to minimal DER INTEGERs', () => {
    const r = new Uint8Array(32);
    r[31] = 1; // leading zeros stripped
    const s = new Uint8Array(32).fill(0xff); // top bit set: one 0x00 added
    const der = ecdsaRawToDer(new Uint8Array([...r, ...s]));
    assert.equal(hex(der), '3026020101022100' + 'ff'.repeat(32));
    // P-521 sized values need a long-form SEQUENCE length: 2 × (2 + 1 + 66) = 138 = 0x8a.
    const big = new Uint8Array(132).fill(0x80);
    assert.equal(hex(ecdsaRawToDer(big).subarray(0, 6)), '30818a024300');
  });

  it('signs RFC 6979 A.2.5 vectors (P-256, message "sample")', async () => {
    const engine = await createEngine('node');
    const kp = await ecKeyPairFromScalar('P-256', Buffer.from('C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721', 'hex'));
    const expected: Record<HashName, [string, string]> = {
      sha1: ['61340C88C3AAEBEB4F6D667F672CA9759A6CCAA9FA8811313039EE4A35471D32', '6D7F147DAC089441BB2E2FE8F7A3FA264B9C475098FDCF6E00D7C996E1B8B7EB'],
      sha256: ['EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716', 'F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8'],
      sha384: ['0EAFEA039B20E9B42309FB1D89E213057CBF973DC0CFC8F129EDDDC800EF7719', '4861F0491E6998B9455193E34E7B0D284DDD7149A74B95B9261F13ABDE940954'],
      sha512: ['8496A60B5E9B47C825488827E0495B0E3FA109EC4568FD3F8D1097678EB97F00', '2362AB1ADBE2B8ADF9CB9EDAB740EA6049C028114F2460F96554F61FAE3302FE'],
    };
    const sample = new TextEncoder().encode('sample');
    const unused: Rng = { bytes: () => assert.fail('ECDSA must not draw from the Rng') };
    for (const hash of HASHES) {
      const signature = await engine.sign(kp, { hash, pss: false }, sample, unused, true);
      const [r, s] = expected[hash];
      assert.equal(hex(signature), hex(ecdsaRawToDer(Buffer.from(r + s, 'hex'))), hash);
      assert.ok(nodeVerify(kp, { hash, pss: false }, sample, signature));
    }
  });
});

describe('RSA-PSS encoding', () => {
  it('EMSA-PSS-ENCODE zeroes the excess top bits and ends in 0xbc', () => {
    const mHash = createHash('sha256').update('x').digest();
    const em = emsaPssEncode('sha256', mHash, new Uint8Array(32), 2047);
    assert.equal(em.length, 256);
    assert.equal(em[0]! & 0x80, 0);
    assert.equal(em[255], 0xbc);
    assert.throws(() => emsaPssEncode('sha512', createHash('sha512').update('x').digest(), new Uint8Array(64), 1023), /too small/);
  });
});

// -------------------------------------------------------------------------------------------------

for (const engineName of ['node', 'peculiar'] as const) {
  describe(`engine ${engineName}`, () => {
    let engine: Engine;
    before(async () => {
      engine = await createEngine(engineName);
    });

    it('has its name and digests like node:crypto', async () => {
      assert.equal(engine.name, engineName);
      for (const hash of HASHES) {
        assert.equal(hex(await engine.digest(hash, DATA)), createHash(hash).update(DATA).digest('hex'));
      }
    });

    for (const mode of ['random', 'seeded'] as const) {
      for (const [name, spec] of Object.entries(SPECS)) {
        it(`${mode} ${name}: key checks out, every signature verifies in node and openssl`, async () => {
          const deterministic = mode === 'seeded';
          const factory = deterministic ? seededRngFactory(`engine-test`) : systemRngFactory();
          const kp = await engine.generateKeyPair(spec, factory.forLabel(`key:${name}`), deterministic);
          assert.deepEqual(kp.spec, spec);
          // The SPKI is the private key's, and the encodings are node:crypto's canonical ones.
          const privateKey = createPrivateKey({ key: Buffer.from(kp.pkcs8), format: 'der', type: 'pkcs8' });
          assert.equal(hex(createPublicKey(privateKey).export({ format: 'der', type: 'spki' })), hex(kp.spki));
          assert.equal(hex(privateKey.export({ format: 'der', type: 'pkcs8' })), hex(kp.pkcs8));
          if (spec.type === 'rsa') assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, spec.size);
          if (spec.type === 'rsa') assert.equal(privateKey.asymmetricKeyDetails?.publicExponent, 65537n);
          if (spec.type === 'ec') assert.equal(privateKey.asymmetricKeyDetails?.namedCurve, { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }[spec.curve]);
          if (spec.type === 'ed25519') assert.equal(privateKey.asymmetricKeyType, 'ed25519');
          const dir = OPENSSL ? tmpDir() : '';
          if (OPENSSL) opensslCheckKey(dir, kp);
          for (const sig of signatureVariants(spec)) {
            const signature = await engine.sign(kp, sig, DATA, factory.forLabel(`sig:${name}`), deterministic);
            assert.ok(nodeVerify(kp, sig, DATA, signature), `node:crypto refused ${JSON.stringify(sig)}`);
            assert.ok(!nodeVerify(kp, sig, DATA.subarray(1), signature), 'a signature over other data verifies');
            if (OPENSSL) opensslVerify(dir, kp, sig, DATA, signature);
          }
        });
      }
    }

    it('seeded keys and signatures are identical on every run and in both engines', async () => {
      const other = await createEngine(engineName === 'node' ? 'peculiar' : 'node');
      for (const [name, spec] of Object.entries(SPECS)) {
        if (name === 'rsa3072') continue; // same code path as rsa2048; keeps the suite fast
        const make = (e: Engine, label: string) => e.generateKeyPair(spec, seededRngFactory('twice').forLabel(label), true);
        const a = await make(engine, `key:${name}`);
        const b = await make(engine, `key:${name}`);
        const c = await make(other, `key:${name}`);
        const d = await make(engine, `key:${name}-other`);
        assert.deepEqual(b.pkcs8, a.pkcs8, `${name}: same seed and label, different key`);
        assert.deepEqual(c.pkcs8, a.pkcs8, `${name}: engines disagree`);
        assert.deepEqual(b.spki, a.spki);
        assert.notDeepEqual(d.pkcs8, a.pkcs8, `${name}: different label, same key`);
        for (const sig of signatureVariants(spec)) {
          const sign = (e: Engine, kp: KeyPair) => e.sign(kp, sig, DATA, seededRngFactory('twice').forLabel(`sig:${name}`), true);
          const first = await sign(engine, a);
          assert.deepEqual(await sign(engine, b), first, `${name} ${JSON.stringify(sig)}: signature changed`);
          assert.deepEqual(await sign(other, a), first, `${name} ${JSON.stringify(sig)}: engines disagree`);
        }
      }
    });

    it('random mode gives a new key each time', async () => {
      const rng = systemRngFactory().forLabel('k');
      const a = await engine.generateKeyPair(SPECS.p256!, rng, false);
      const b = await engine.generateKeyPair(SPECS.p256!, rng, false);
      assert.notDeepEqual(a.pkcs8, b.pkcs8);
    });

    it('signs concurrently with one key and several hashes (import cache)', async () => {
      const kp = await engine.generateKeyPair(SPECS.rsa2048!, seededRngFactory('cache').forLabel('k'), true);
      const rng = systemRngFactory().forLabel('s');
      const variants = [...signatureVariants(kp.spec), ...signatureVariants(kp.spec)];
      const signatures = await Promise.all(variants.map((sig) => engine.sign(kp, sig, DATA, rng, false)));
      signatures.forEach((signature, i) => assert.ok(nodeVerify(kp, variants[i]!, DATA, signature)));
    });
  });
}

describe('keys', () => {
  it('seeded RSA-4096 and RSA-1024 keys pass openssl pkey -check and sign', { skip: noOpenssl }, async () => {
    const engine = await createEngine('node');
    const factory = seededRngFactory('big and small');
    for (const size of [4096, 1024]) {
      const kp = await engine.generateKeyPair({ type: 'rsa', size }, factory.forLabel(`rsa${size}`), true);
      const dir = tmpDir();
      opensslCheckKey(dir, kp);
      for (const sig of [{ hash: 'sha256' as const, pss: false }, { hash: 'sha256' as const, pss: true }]) {
        const signature = await engine.sign(kp, sig, DATA, factory.forLabel('sig'), true);
        assert.ok(nodeVerify(kp, sig, DATA, signature));
        opensslVerify(dir, kp, sig, DATA, signature);
      }
    }
  });

  it('rejects RSA sizes outside 1024-8192', async () => {
    const rng = seededRngFactory('x').forLabel('y');
    await assert.rejects(deriveKeyPair({ type: 'rsa', size: 1000 }, rng), /multiple of 256/);
    await assert.rejects(deriveKeyPair({ type: 'rsa', size: 512 }, rng), /multiple of 256/);
    await assert.rejects(deriveKeyPair({ type: 'rsa', size: 16384 }, rng), /multiple of 256/);
  });

  it('re-encodes foreign PKCS#8 into the canonical bytes', async () => {
    const kp = await deriveKeyPair(SPECS.p256!, seededRngFactory('x').forLabel('p256'));
    const again = keyPairFromPkcs8(kp.spec, kp.pkcs8);
    assert.deepEqual(again.pkcs8, kp.pkcs8);
    assert.deepEqual(again.spki, kp.spki);
  });

  it('pins seeded keys across machines (golden SHA-256 of the PKCS#8)', async () => {
    const factory = seededRngFactory('certgen');
    for (const name of ['p256', 'p384', 'p521', 'ed25519', 'rsa2048'] as const) {
      const kp = await deriveKeyPair(SPECS[name]!, factory.forLabel(`key:${name}`));
      assert.equal(sha256Hex(kp.pkcs8), GOLDEN.pkcs8Sha256[name], name);
    }
  });
});

/** Regression pins computed by this implementation (not external vectors): if they change, every seeded fixture changes. */
const GOLDEN = {
  rngKeyRoot: 'e93eda69cc782c35e673b0682c93fb79',
  pkcs8Sha256: {
    p256: '2259bded4748d752bda147237566e82b5c1fc3e8e48908c9af4bc7d738e415c7',
    p384: 'd7f9c53e43b1baa18e8d430ed992d6c8f6ad718a1da76197a9ea74384b7cd7fb',
    p521: 'a4f6113e8d46b1f50bfd7a8bb0c8a5f8a8582817b7ac6fd7c0daa7ae2e70a868',
    ed25519: 'f6df06c93aa73a3e62057e3e7cdf98662a15c0affbf98a2a91235c4311aafac8',
    rsa2048: 'cb05bb2804b4f823b9c815a94bba040e7be82abacdced3a9ca015b623d06b2ea',
  } as Record<string, string>,
};
