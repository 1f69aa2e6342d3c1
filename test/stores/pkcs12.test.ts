/**
 * The PKCS#12 writer against the real readers: OpenSSL 3, GnuTLS certtool, Java keytool, Python
 * `cryptography` and Node's TLS stack, for both encryption profiles. Inputs come from the openssl
 * CLI (not from certgen) so the writer is checked against certificates it did not make.
 * A missing tool skips its test with the reason; CI installs them all.
 */
import assert from 'node:assert/strict';
import { createDecipheriv, createHash, pbkdf2Sync } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import type { Rng } from '../../src/crypto/types.js';
import { CertgenError } from '../../src/errors.js';
import { bmpPassword, KDF_ID, pkcs12Kdf } from '../../src/stores/pkcs12-kdf.js';
import {
  decodePkcs12,
  encodePkcs12,
  type Pkcs12KeyEntry,
  type Pkcs12Options,
  type Pkcs12TrustedEntry,
} from '../../src/stores/pkcs12.js';
import { haveTool, run, tmpDir } from '../helpers/tools.js';

const PASSWORD = 'changeit';
const WRONG = 'not-the-password';
const ENCRYPTIONS = ['aes256', 'legacy'] as const;
/** keytool's trusted-certificate attribute OID, DER (06 0C …). */
const TRUSTED_OID_TLV = '060c6086480186f966adca7b0101';

/** A deterministic Rng: SHA-256(seed ‖ counter) blocks. */
function seededRng(seed: string): Rng {
  let counter = 0;
  return {
    bytes(length) {
      const out = new Uint8Array(length);
      for (let filled = 0; filled < length; filled += 32) {
        const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
        out.set(block.subarray(0, Math.min(32, length - filled)), filled);
      }
      return out;
    },
  };
}

function openssl(args: string[], cwd: string): void {
  const r = run('openssl', args, { cwd });
  assert.equal(r.status, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
}

interface Fixture {
  dir: string;
  certs: Record<string, Uint8Array>;
  keys: Record<string, Uint8Array>;
}

const EXTENSIONS = `
[ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
`;

/** Root → intermediate → {server, client, rsa} with the openssl CLI; DER certificates and PKCS#8 keys. */
function makeFixture(): Fixture {
  const dir = tmpDir('certgen-pkcs12-');
  writeFileSync(join(dir, 'ext.cnf'), EXTENSIONS);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  openssl(['req', '-x509', ...ec, '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-subj', '/CN=pkcs12 Test Root',
    '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  const issue = (name: string, newkey: string[], issuer: string, section: string): void => {
    openssl(['req', '-new', ...newkey, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial',
      '-days', '20', '-extfile', 'ext.cnf', '-extensions', section, '-out', `${name}.pem`], dir);
  };
  issue('intermediate', ec, 'root', 'ca');
  issue('server', ec, 'intermediate', 'server');
  issue('client', ec, 'intermediate', 'client');
  issue('rsa', ['-newkey', 'rsa:2048'], 'intermediate', 'server');
  const certs: Record<string, Uint8Array> = {};
  const keys: Record<string, Uint8Array> = {};
  for (const name of ['root', 'intermediate', 'server', 'client', 'rsa']) {
    openssl(['x509', '-in', `${name}.pem`, '-outform', 'der', '-out', `${name}.der`], dir);
    openssl(['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.key`, '-outform', 'der', '-out', `${name}.p8`], dir);
    certs[name] = readFileSync(join(dir, `${name}.der`));
    keys[name] = readFileSync(join(dir, `${name}.p8`));
  }
  return { dir, certs, keys };
}

const fx = haveTool('openssl') ? makeFixture() : null;
const sha1Hex = (der: Uint8Array): string => createHash('sha1').update(der).digest('hex');

function keyEntry(name: string, alias = name): Pkcs12KeyEntry {
  const { certs, keys } = fx!;
  return { alias, pkcs8: keys[name]!, chain: [certs[name]!, certs.intermediate!, certs.root!] };
}

/** The stores every reader is run on: two keys + a trusted root; trusted only; one RSA key. */
function storeInputs(): Record<string, { keys: Pkcs12KeyEntry[]; trusted: Pkcs12TrustedEntry[] }> {
  const { certs } = fx!;
  return {
    mixed: { keys: [keyEntry('server', 'Server Key'), keyEntry('client')], trusted: [{ alias: 'root-ca', cert: certs.root! }] },
    trustOnly: {
      keys: [],
      trusted: [
        { alias: 'root', cert: certs.root! },
        { alias: 'intermediate', cert: certs.intermediate! },
      ],
    },
    rsa: { keys: [keyEntry('rsa')], trusted: [] },
  };
}

function skipWithout(t: TestContext, tool: string): boolean {
  if (haveTool(tool)) return false;
  t.skip(`${tool} not installed (CI installs it)`);
  return true;
}

/**
 * Asserts strict DER: definite lengths and primitive strings, down through the OCTET STRINGs that
 * hold DER (those under an [0] EXPLICIT tag: Data contents, certificate values). Ciphertexts, salts
 * and digests are not descended into, even when asn1js happens to find BER in their random bytes.
 */
function assertDer(bytes: Uint8Array, where = 'PFX'): void {
  const parsed = asn1js.fromBER(Uint8Array.from(bytes));
  assert.notEqual(parsed.offset, -1, `${where}: ${parsed.result.error}`);
  assert.equal(parsed.offset, bytes.length, `${where}: trailing bytes`);
  const visit = (node: asn1js.BaseBlock, path: string, holdsDer: boolean): void => {
    assert.equal(node.lenBlock.isIndefiniteForm, false, `${path}: indefinite length`);
    if (node instanceof asn1js.OctetString) {
      assert.equal(node.idBlock.isConstructed, false, `${path}: constructed OCTET STRING`);
      if (!holdsDer) return;
      assert.equal(node.valueBlock.value.length, 1, `${path}: not DER inside`);
    } else if (!(node instanceof asn1js.Constructed)) {
      return;
    }
    if (node instanceof asn1js.Set) {
      const members = node.valueBlock.value.map((m) => Buffer.from(m.valueBeforeDecodeView));
      members.slice(1).forEach((m, i) => assert.ok(Buffer.compare(members[i]!, m) <= 0, `${path}: SET OF not in DER order`));
    }
    const explicit0 = node.idBlock.tagClass === 3 && node.idBlock.tagNumber === 0;
    node.valueBlock.value.forEach((child, i) => visit(child as asn1js.BaseBlock, `${path}/${i}`, explicit0));
  };
  visit(parsed.result as asn1js.BaseBlock, where, false);
}

/** Test-side PBES2 decryption of the certificate SafeContents (independent of the decoder under test). */
function decryptCertBags(p12: Uint8Array, password: string): Buffer {
  const pfx = asn1js.fromBER(Uint8Array.from(p12)).result as asn1js.Sequence;
  const authSafeOctets = ((pfx.valueBlock.value[1] as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.OctetString;
  const authSafe = asn1js.fromBER(authSafeOctets.getValue()).result as asn1js.Sequence;
  for (const info of authSafe.valueBlock.value as asn1js.Sequence[]) {
    const [type, content] = info.valueBlock.value as [asn1js.ObjectIdentifier, asn1js.Constructed];
    if (type.valueBlock.toString() !== '1.2.840.113549.1.7.6') continue;
    const eci = (content.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[1] as asn1js.Sequence;
    const [, alg, encrypted] = eci.valueBlock.value as [unknown, asn1js.Sequence, asn1js.Primitive];
    const [, pbes2] = alg.valueBlock.value as [unknown, asn1js.Sequence];
    const [kdf, scheme] = pbes2.valueBlock.value as [asn1js.Sequence, asn1js.Sequence];
    const kdfParams = (kdf.valueBlock.value[1] as asn1js.Sequence).valueBlock.value;
    const salt = (kdfParams[0] as asn1js.OctetString).valueBlock.valueHexView;
    const iterations = (kdfParams[1] as asn1js.Integer).valueBlock.valueDec;
    const iv = (scheme.valueBlock.value[1] as asn1js.OctetString).valueBlock.valueHexView;
    const key = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([decipher.update(encrypted.valueBlock.valueHexView), decipher.final()]);
  }
  throw new Error('no EncryptedData');
}

const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

/** Python `cryptography` load_pkcs12: what it returns, as JSON. */
const PYTHON_LOAD = `
import json, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs12, Encoding, PublicFormat
data = open(sys.argv[1], 'rb').read()
p = pkcs12.load_pkcs12(data, sys.argv[2].encode())
spki = lambda k: k.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo).hex()
name = lambda c: c.friendly_name.decode() if c.friendly_name is not None else None
print(json.dumps({
  'keyMatchesCert': p.key is not None and p.cert is not None and spki(p.key.public_key()) == spki(p.cert.certificate.public_key()),
  'certName': name(p.cert) if p.cert else None,
  'certSha1': p.cert.certificate.fingerprint(hashes.SHA1()).hex() if p.cert else None,
  'additional': sorted([name(c) or '' for c in p.additional_certs]),
}))
`;

/** Starts a TLS server from the pfx and returns the SHA-1 of the certificate it presents. */
async function presentedCertSha1(pfx: Buffer): Promise<string> {
  const server = tls.createServer({ pfx, passphrase: PASSWORD }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<string>((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => {
        const cert = socket.getPeerX509Certificate();
        socket.destroy();
        if (cert === undefined) reject(new Error('no peer certificate'));
        else resolve(sha1Hex(cert.raw));
      });
      socket.on('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('PKCS#12 KDF (RFC 7292 B.2)', () => {
  it('matches OpenSSL 3 (openssl kdf PKCS12KDF, password as BMPString)', () => {
    const salt = Buffer.from('0102030405060708', 'hex');
    const pw = bmpPassword('changeit');
    // Values printed by: openssl kdf -keylen N -kdfopt digest:D -kdfopt hexpass:<BMP> -kdfopt hexsalt:0102030405060708 -kdfopt iter:2048 -kdfopt id:I PKCS12KDF
    assert.equal(Buffer.from(pkcs12Kdf('sha1', KDF_ID.key, pw, salt, 2048, 24)).toString('hex'), 'a13a1cf35ea9e628cd82c570910adcd5481cd978fff88965');
    assert.equal(
      Buffer.from(pkcs12Kdf('sha256', KDF_ID.mac, pw, salt, 2048, 32)).toString('hex'),
      '3c26affc9ec71b39e0e2754ffdb2d8653cabb0c8c012e5962cca38075d845b5e',
    );
  });
});

describe('encodePkcs12 input checks', () => {
  const options = (over: Partial<Pkcs12Options>): Pkcs12Options => ({
    password: PASSWORD, encryption: 'aes256', iterations: 2048, rng: seededRng('checks'), ...over,
  });
  const root = (): Pkcs12TrustedEntry[] => [{ alias: 'root', cert: fx!.certs.root! }];

  it('refuses non-ASCII, control-character and empty passwords', async (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const password of ['pässword', 'tab\there', '']) {
      await assert.rejects(encodePkcs12([], root(), options({ password })), CertgenError, JSON.stringify(password));
    }
  });

  it('refuses aliases that Java would merge, bad iteration counts and keys sharing a certificate', async (t) => {
    if (skipWithout(t, 'openssl')) return;
    const trusted = [...root(), { alias: 'ROOT', cert: fx!.certs.intermediate! }];
    await assert.rejects(encodePkcs12([], trusted, options({})), /duplicate alias "root"/);
    await assert.rejects(encodePkcs12([], root(), options({ iterations: 0 })), CertgenError);
    const server = { alias: 'a', pkcs8: fx!.keys.server!, chain: [fx!.certs.server!] };
    await assert.rejects(encodePkcs12([server, { ...server, alias: 'b' }], [], options({})), /share one certificate/);
  });
});

describe('decodePkcs12 reads stores made by other tools', () => {
  it('refuses what is not a PKCS#12 with a CertgenError', async () => {
    await assert.rejects(decodePkcs12(Buffer.from('30030201ff', 'hex'), PASSWORD), /not a valid PKCS#12 file/);
  });

  it('reads a keytool truststore (trustedCertEntry → kind trusted)', async (t) => {
    if (skipWithout(t, 'openssl') || skipWithout(t, 'keytool')) return;
    const file = join(fx!.dir, 'keytool-trust.p12');
    const r = run('keytool', ['-importcert', '-noprompt', '-storetype', 'pkcs12', '-keystore', file, '-storepass', PASSWORD,
      '-alias', 'javaroot', '-file', join(fx!.dir, 'root.pem')]);
    assert.equal(r.status, 0, r.stderr);
    const contents = await decodePkcs12(readFileSync(file), PASSWORD);
    assert.equal(contents.macAlgorithm, 'HMAC-SHA256');
    assert.deepEqual(contents.entries.map((e) => [e.kind, e.alias, e.encryption]), [
      ['trusted', 'javaroot', 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC'],
    ]);
  });

  it('reads an OpenSSL default store with a SHA-512 MAC (the KDF with 128-byte blocks)', async (t) => {
    if (skipWithout(t, 'openssl')) return;
    openssl(['pkcs12', '-export', '-inkey', 'client.key', '-in', 'client.pem', '-name', 'cli', '-macalg', 'sha512',
      '-passout', `pass:${PASSWORD}`, '-out', 'ossl512.p12'], fx!.dir);
    const contents = await decodePkcs12(readFileSync(join(fx!.dir, 'ossl512.p12')), PASSWORD);
    assert.equal(contents.macAlgorithm, 'HMAC-SHA512');
    assert.deepEqual(contents.entries.map((e) => [e.kind, e.alias, e.localKeyId, e.encryption]), [
      ['cert', 'cli', sha1Hex(fx!.certs.client!), 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC'],
      ['key', 'cli', sha1Hex(fx!.certs.client!), 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC'],
    ]);
    await assert.rejects(decodePkcs12(readFileSync(join(fx!.dir, 'ossl512.p12')), WRONG), /wrong password or corrupt MAC/);
  });

  it('reads an OpenSSL 3DES/SHA-1 store (cross-checks the KDF and the 3DES PBE)', async (t) => {
    if (skipWithout(t, 'openssl')) return;
    const dir = fx!.dir;
    openssl(['pkcs12', '-export', '-inkey', 'server.key', '-in', 'server.pem', '-certfile', 'intermediate.pem', '-name', 'srv',
      '-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-passout', `pass:${PASSWORD}`, '-out', 'ossl.p12'], dir);
    const contents = await decodePkcs12(readFileSync(join(dir, 'ossl.p12')), PASSWORD);
    assert.equal(contents.macAlgorithm, 'HMAC-SHA1');
    const summary = contents.entries.map((e) => [e.kind, e.alias, e.encryption]);
    assert.deepEqual(summary.sort(), [
      ['cert', null, 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
      ['cert', 'srv', 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
      ['key', 'srv', 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
    ]);
  });
});

for (const encryption of ENCRYPTIONS) {
  describe(`encodePkcs12 (${encryption})`, () => {
    const files: Record<string, string> = {};
    const bytes: Record<string, Uint8Array> = {};
    const inputs = fx ? storeInputs() : {};
    const keyStores = ['mixed', 'rsa'];

    before(async () => {
      if (!fx) return;
      for (const [name, { keys, trusted }] of Object.entries(inputs)) {
        const options = { password: PASSWORD, encryption, iterations: 2048, rng: seededRng(`${encryption}:${name}`) };
        bytes[name] = await encodePkcs12(keys, trusted, options);
        files[name] = join(fx.dir, `${encryption}-${name}.p12`);
        writeFileSync(files[name]!, bytes[name]!);
      }
    });

    it('writes strict DER (no indefinite lengths, no constructed strings)', (t) => {
      if (skipWithout(t, 'openssl')) return;
      for (const [name, file] of Object.entries(files)) {
        assertDer(bytes[name]!, name);
        const r = run('openssl', ['asn1parse', '-inform', 'der', '-in', file]);
        assert.equal(r.status, 0, r.stderr);
        assert.doesNotMatch(r.stdout, /l=inf/, name);
      }
      if (encryption === 'aes256') assertDer(decryptCertBags(bytes.mixed!, PASSWORD), 'certificate SafeContents');
    });

    it('opens in openssl pkcs12 -info without -legacy; a wrong password fails', (t) => {
      if (skipWithout(t, 'openssl')) return;
      const expected = encryption === 'aes256'
        ? { mac: 'MAC: sha256, Iteration 2048', pbe: 'PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256' }
        : { mac: 'MAC: sha1, Iteration 2048', pbe: 'pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048' };
      for (const [name, file] of Object.entries(files)) {
        const ok = run('openssl', ['pkcs12', '-in', file, '-info', '-noout', '-passin', `pass:${PASSWORD}`]);
        assert.equal(ok.status, 0, `${name}: ${ok.stderr}`);
        assert.match(ok.stderr, new RegExp(expected.mac.replace(/[()]/g, '\\$&')), name);
        assert.ok(ok.stderr.includes(`PKCS7 Encrypted data: ${expected.pbe}`), `${name}: ${ok.stderr}`);
        if (keyStores.includes(name)) assert.ok(ok.stderr.includes(`Shrouded Keybag: ${expected.pbe}`), `${name}: ${ok.stderr}`);
        const bad = run('openssl', ['pkcs12', '-in', file, '-info', '-noout', '-passin', `pass:${WRONG}`]);
        assert.notEqual(bad.status, 0, `${name} opened with a wrong password`);
        assert.match(bad.stderr, /Mac verify error: invalid password/);
      }
    });

    it('opens in GnuTLS certtool --p12-info; a wrong password fails', (t) => {
      if (skipWithout(t, 'certtool')) return;
      const [schema, mac] = encryption === 'aes256' ? ['PBES2-AES256-CBC', 'SHA256'] : ['PKCS12-3DES-SHA1', 'SHA1'];
      for (const [name, file] of Object.entries(files)) {
        const ok = run('certtool', ['--p12-info', '--inder', '--infile', file, '--password', PASSWORD]);
        assert.equal(ok.status, 0, `${name}: ${ok.stderr}`);
        const certs = count(ok.stdout, 'BEGIN CERTIFICATE');
        const expectedCerts = name === 'mixed' ? 5 : name === 'trustOnly' ? 2 : 3;
        assert.equal(certs, expectedCerts, `${name}: ${ok.stdout}`);
        const { keys, trusted } = inputs[name]!;
        assert.equal(count(ok.stdout, 'BEGIN ENCRYPTED PRIVATE KEY'), keys.length, name);
        assert.equal(count(ok.stdout, `Schema: ${schema}`), 1 + keys.length, `${name}: ${ok.stdout}`);
        assert.match(ok.stdout, new RegExp(`MAC: ${mac} `), name);
        assert.equal(count(ok.stdout, 'Friendly name:'), 2 * keys.length + trusted.length, name);
        for (const key of keys) {
          // The leaf's certificate bag and the key bag carry the same localKeyId: SHA-1 of the leaf.
          const keyId = sha1Hex(key.chain[0]!).toUpperCase().match(/../g)!.join(':');
          assert.equal(count(ok.stdout, `Key ID: ${keyId}`), 2, `${name}: ${key.alias}`);
        }
        const bad = run('certtool', ['--p12-info', '--inder', '--infile', file, '--password', WRONG]);
        assert.notEqual(bad.status, 0, `${name} opened with a wrong password`);
      }
    });

    it('lists in keytool: PrivateKeyEntry with the full chain, trustedCertEntry; a wrong password fails', (t) => {
      if (skipWithout(t, 'keytool')) return;
      for (const [name, file] of Object.entries(files)) {
        const ok = run('keytool', ['-list', '-v', '-storetype', 'pkcs12', '-keystore', file, '-storepass', PASSWORD]);
        assert.equal(ok.status, 0, `${name}: ${ok.stdout}${ok.stderr}`);
        const { keys, trusted } = inputs[name]!;
        assert.match(ok.stdout, new RegExp(`Your keystore contains ${keys.length + trusted.length} entr`), `${name}: ${ok.stdout}`);
        const entries = ok.stdout.split(/^Alias name: /m).slice(1);
        const byAlias = new Map(entries.map((e) => [e.split('\n')[0]!.trim(), e]));
        // Java lower-cases aliases.
        for (const key of keys) {
          const entry = byAlias.get(key.alias.toLowerCase());
          assert.ok(entry, `${name}: no entry ${key.alias} in\n${ok.stdout}`);
          assert.match(entry, /Entry type: PrivateKeyEntry/);
          assert.match(entry, /Certificate chain length: 3\b/);
        }
        for (const entry of trusted) {
          assert.match(byAlias.get(entry.alias.toLowerCase()) ?? '', /Entry type: trustedCertEntry/, `${name}: ${entry.alias}`);
        }
        const bad = run('keytool', ['-list', '-storetype', 'pkcs12', '-keystore', file, '-storepass', WRONG]);
        assert.notEqual(bad.status, 0, `${name} opened with a wrong password`);
        assert.match(bad.stdout + bad.stderr, /password was incorrect/);
      }
    });

    it('loads in Python cryptography: first key with its certificate and friendly names', (t) => {
      if (skipWithout(t, 'python3')) return;
      const expected: Record<string, object> = {
        mixed: { keyMatchesCert: true, certName: 'Server Key', certSha1: sha1Hex(fx!.certs.server!), additional: ['', '', 'client', 'root-ca'] },
        trustOnly: { keyMatchesCert: false, certName: null, certSha1: null, additional: ['intermediate', 'root'] },
        rsa: { keyMatchesCert: true, certName: 'rsa', certSha1: sha1Hex(fx!.certs.rsa!), additional: ['', ''] },
      };
      for (const [name, file] of Object.entries(files)) {
        const ok = run('python3', ['-c', PYTHON_LOAD, file, PASSWORD]);
        assert.equal(ok.status, 0, `${name}: ${ok.stderr}`);
        assert.deepEqual(JSON.parse(ok.stdout), expected[name], name);
        const bad = run('python3', ['-c', PYTHON_LOAD, file, WRONG]);
        assert.notEqual(bad.status, 0, `${name} loaded with a wrong password`);
        assert.match(bad.stderr, /ValueError/);
      }
    });

    it('loads in Node tls (pfx): the server presents the first key entry; a wrong passphrase throws', async (t) => {
      if (skipWithout(t, 'openssl')) return;
      for (const name of keyStores) {
        const pfx = Buffer.from(bytes[name]!);
        assert.doesNotThrow(() => tls.createSecureContext({ pfx, passphrase: PASSWORD }));
        assert.throws(() => tls.createSecureContext({ pfx, passphrase: WRONG }), /mac verify failure/i);
        const first = inputs[name]!.keys[0]!.chain[0]!;
        assert.equal(await presentedCertSha1(pfx), sha1Hex(first), name);
      }
    });

    it('decodePkcs12 round-trips kinds, aliases, localKeyIds and algorithms; a wrong password throws', async (t) => {
      if (skipWithout(t, 'openssl')) return;
      const algorithm = encryption === 'aes256' ? 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC' : 'pbeWithSHAAnd3-KeyTripleDES-CBC';
      const { certs } = fx!;
      const contents = await decodePkcs12(bytes.mixed!, PASSWORD);
      assert.equal(contents.macAlgorithm, encryption === 'aes256' ? 'HMAC-SHA256' : 'HMAC-SHA1');
      const rows = contents.entries.map((e) => [e.kind, e.alias, e.localKeyId, e.certDer && sha1Hex(e.certDer), e.encryption]);
      const server = sha1Hex(certs.server!);
      const client = sha1Hex(certs.client!);
      assert.deepEqual(rows, [
        ['cert', 'Server Key', server, server, algorithm],
        ['cert', null, null, sha1Hex(certs.intermediate!), algorithm],
        ['cert', null, null, sha1Hex(certs.root!), algorithm],
        ['cert', 'client', client, client, algorithm], // its issuers are already in the store: written once
        ['trusted', 'root-ca', null, sha1Hex(certs.root!), algorithm],
        ['key', 'Server Key', server, undefined, algorithm],
        ['key', 'client', client, undefined, algorithm],
      ]);
      const trustOnly = await decodePkcs12(bytes.trustOnly!, PASSWORD);
      assert.deepEqual(trustOnly.entries.map((e) => [e.kind, e.alias]), [['trusted', 'root'], ['trusted', 'intermediate']]);
      await assert.rejects(decodePkcs12(bytes.mixed!, WRONG), (e: unknown) => e instanceof CertgenError && e.message === 'wrong password or corrupt MAC');
    });

    it('is byte-identical for the same seeded Rng, and differs for another seed', async (t) => {
      if (skipWithout(t, 'openssl')) return;
      const { keys, trusted } = inputs.mixed!;
      const encode = (seed: string) => encodePkcs12(keys, trusted, { password: PASSWORD, encryption, iterations: 2048, rng: seededRng(seed) });
      const [a, b, c] = await Promise.all([encode('same'), encode('same'), encode('other')]);
      assert.deepEqual(Buffer.from(a), Buffer.from(b));
      assert.notDeepEqual(Buffer.from(a), Buffer.from(c));
    });
  });
}

describe('Java trusted-certificate attribute', () => {
  it('has the exact bytes keytool writes, on trusted entries only', async (t) => {
    if (skipWithout(t, 'openssl') || skipWithout(t, 'keytool')) return;
    const file = join(fx!.dir, 'keytool-marker.p12');
    const r = run('keytool', ['-importcert', '-noprompt', '-storetype', 'pkcs12', '-keystore', file, '-storepass', PASSWORD,
      '-alias', 'x', '-file', join(fx!.dir, 'root.pem')]);
    assert.equal(r.status, 0, r.stderr);
    const java = decryptCertBags(readFileSync(file), PASSWORD).toString('hex');
    const at = java.indexOf(TRUSTED_OID_TLV);
    assert.ok(at > 4, 'keytool wrote no trusted attribute');
    const attributeLength = 2 + Number.parseInt(java.slice(at - 2, at), 16);
    const marker = java.slice(at - 4, at - 4 + attributeLength * 2); // SEQUENCE { OID, SET { anyExtendedKeyUsage } }
    assert.equal(marker, `3016${TRUSTED_OID_TLV}31060604551d2500`);

    const { keys, trusted } = storeInputs().mixed!;
    const ours = await encodePkcs12(keys, trusted, { password: PASSWORD, encryption: 'aes256', iterations: 2048, rng: seededRng('marker') });
    const plain = decryptCertBags(ours, PASSWORD).toString('hex');
    assert.equal(count(plain, TRUSTED_OID_TLV), trusted.length, 'the OID appears once per trusted entry');
    assert.equal(count(plain, marker), trusted.length, 'with keytool\'s exact encoding');
  });
});

after(() => {
  if (fx) rmSync(fx.dir, { recursive: true, force: true });
});
