/**
 * pins.json against OpenSSL: for every certificate of a set with mixed key types (ECDSA P-256,
 * P-384, P-521, RSA 2048/3072, Ed25519), each figure of the manifest is recomputed from the written
 * files with the openssl CLI — the SPKI pin exactly as clients compute it
 * (`openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`),
 * the certificate fingerprints, serial, subjects, dates, key algorithm, EKU and SAN — and the files
 * it names are checked to exist and to hold that certificate, its key and its chain.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { PinEntry, PinManifest } from '../../src/pins/manifest.js';
import { fixtureBuilder, type WrittenFixture } from '../helpers/fixture.js';
import { run, skipWithout, type RunResult } from '../helpers/tools.js';

const build = fixtureBuilder();

/** Runs a command of the pipe; `latin1` keeps binary stdout byte-exact. */
function step(cmd: string, args: readonly string[], input?: string | Buffer): Buffer {
  const r: RunResult = run(cmd, args, { encoding: 'latin1', ...(input === undefined ? {} : { input }) });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return Buffer.from(r.stdout, 'latin1');
}

const opensslText = (args: readonly string[], input?: string | Buffer): string => step('openssl', args, input).toString('utf8');

/** `openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64` */
function spkiPinBase64(certFile: string): string {
  const pubPem = step('openssl', ['x509', '-in', certFile, '-pubkey', '-noout']);
  const spkiDer = step('openssl', ['pkey', '-pubin', '-outform', 'der'], pubPem);
  const digest = step('openssl', ['dgst', '-sha256', '-binary'], spkiDer);
  assert.equal(digest.length, 32, 'a SHA-256 digest is 32 bytes');
  return step('base64', [], digest).toString('latin1').trim();
}

/** The same digest in hex, as `openssl dgst -sha256` prints it. */
function spkiPinHex(certFile: string): string {
  const pubPem = step('openssl', ['x509', '-in', certFile, '-pubkey', '-noout']);
  const spkiDer = step('openssl', ['pkey', '-pubin', '-outform', 'der'], pubPem);
  const out = step('openssl', ['dgst', '-sha256'], spkiDer).toString('latin1').trim();
  const m = /= ([0-9a-f]{64})$/.exec(out);
  assert.ok(m, out);
  return m[1]!;
}

function fingerprint(certFile: string, alg: 'sha256' | 'sha1'): string {
  const out = opensslText(['x509', '-in', certFile, '-noout', '-fingerprint', `-${alg}`]).trim();
  const m = new RegExp(`^${alg} Fingerprint=([0-9A-F:]+)$`, 'i').exec(out);
  assert.ok(m, out);
  return m[1]!.replace(/:/g, '').toLowerCase();
}

function field(certFile: string, flag: string, extra: readonly string[] = []): string {
  const out = opensslText(['x509', '-in', certFile, '-noout', `-${flag}`, ...extra]).trim();
  const m = /^[A-Za-z]+=(.*)$/.exec(out);
  assert.ok(m, out);
  return m[1]!;
}

/** pins.json's keyAlgorithm, derived from what `openssl x509 -text` says about the key. */
function keyAlgorithmFromOpenssl(text: string): string {
  const block = /Subject Public Key Info:\n([\s\S]*?)\n {8}X509v3 extensions:/.exec(text)?.[1] ?? '';
  if (/Public Key Algorithm: ED25519/.test(block)) return 'Ed25519';
  const bits = /Public-Key: \((\d+) bit\)/.exec(block)?.[1];
  if (/Public Key Algorithm: rsaEncryption/.test(block)) return `RSA ${bits}`;
  const curve = /NIST CURVE: (P-\d+)/.exec(block)?.[1];
  if (/Public Key Algorithm: id-ecPublicKey/.test(block)) return `ECDSA ${curve}`;
  return `unknown: ${block}`;
}

/** The value lines of one extension in `openssl x509 -ext NAME`, or null when absent. */
function extensionValue(certFile: string, name: string): string | null {
  const out = opensslText(['x509', '-in', certFile, '-noout', '-ext', name]);
  const lines = out.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0 || /No extensions in certificate/.test(out)) return null;
  return lines.slice(1).map((l) => l.trim()).join('\n');
}

/** IPv6 in RFC 5952 form (what the manifest writes), via the WHATWG URL parser. */
const ipv6 = (text: string): string => new URL(`http://[${text}]/`).hostname.slice(1, -1);

/** OpenSSL's SAN listing in the manifest's syntax: `DNS:x`, `IP:1.2.3.4`, `IP:::1`, `email:a@b`, `URI:u`. */
function sanFromOpenssl(value: string | null): string[] {
  if (value === null) return [];
  return value.split(', ').map((entry) => {
    if (entry.startsWith('IP Address:')) {
      const ip = entry.slice('IP Address:'.length);
      return `IP:${ip.includes(':') ? ipv6(ip) : ip}`;
    }
    return entry;
  });
}

const EKU_NAMES: Record<string, string> = {
  'TLS Web Server Authentication': 'serverAuth',
  'TLS Web Client Authentication': 'clientAuth',
  'Code Signing': 'codeSigning',
  'E-mail Protection': 'emailProtection',
  'Time Stamping': 'timeStamping',
  'OCSP Signing': 'OCSPSigning',
  'Any Extended Key Usage': 'any',
};

function ekuFromOpenssl(value: string | null): string[] {
  if (value === null) return [];
  return value.split(', ').map((name) => EKU_NAMES[name] ?? name);
}

describe('pins.json equals what openssl computes from the written files (mixed key types)', () => {
  let f: WrittenFixture;
  let manifest: PinManifest;
  const names = (): string[] => Object.keys(manifest.certificates);
  const entry = (name: string): PinEntry => manifest.certificates[name]!;
  const cert = (name: string): string => f.path(entry(name).files.cert);

  before(async () => {
    f = await build({
      version: 1,
      name: 'pins-mixed',
      certificates: {
        root: { key: 'p384', subject: { C: 'DE', O: 'certgen', OU: 'Pins', CN: 'Pins Root CA' }, validity: { days: 3650 } },
        intermediate: { issuer: 'root', profile: 'intermediate', key: 'rsa2048', subject: 'CN=Pins Intermediate,O=certgen' },
        server: { issuer: 'intermediate', key: 'p256', subject: 'CN=localhost' },
        client: { issuer: 'intermediate', profile: 'client', key: 'ed25519' },
        dual: { issuer: 'intermediate', profile: 'dual', key: 'p521', san: ['DNS:middle.test', '10.0.0.1', 'fe80::a:b', 'ops@middle.test', 'spiffe://middle.test/svc'] },
        rsaleaf: { issuer: 'intermediate', key: 'rsa3072', serial: '00ff', extKeyUsage: ['serverAuth', 'codeSigning', '1.2.3.4.5.6'] },
        none: { issuer: 'root', profile: 'none', key: 'p256' },
        edroot: { key: 'ed25519', subject: 'CN=Ed Root,OU=Pins,O=certgen' },
        edleaf: { issuer: 'edroot', profile: 'dual', key: 'rsa2048', validity: { notBefore: '2024-01-01T00:00:00Z', notAfter: '2052-01-01T00:00:00Z' } },
        renewed: { issuer: 'intermediate', key: { sameAs: 'server' }, subject: 'CN=localhost' },
      },
    });
    manifest = JSON.parse(readFileSync(f.path('pins.json'), 'utf8')) as PinManifest;
  });

  it('pins.json on disk is the manifest the engine returned, schema certgen.pins/v1, one entry per certificate', () => {
    assert.deepEqual(manifest, JSON.parse(JSON.stringify(f.manifest)));
    assert.equal(manifest.schema, 'certgen.pins/v1');
    assert.equal(manifest.set, 'pins-mixed');
    assert.deepEqual(names().sort(), ['client', 'dual', 'edleaf', 'edroot', 'intermediate', 'none', 'renewed', 'root', 'rsaleaf', 'server']);
  });

  it('spkiSha256 = openssl x509 -pubkey | pkey -pubin -outform der | dgst -sha256 -binary | base64', (t) => {
    if (skipWithout(t, ['openssl', 'base64'])) return;
    for (const name of names()) assert.equal(entry(name).spkiSha256, spkiPinBase64(cert(name)), name);
    // Negative control and the renewal case: same key → same SPKI pin, different cert pin.
    assert.equal(entry('renewed').spkiSha256, entry('server').spkiSha256);
    assert.notEqual(entry('renewed').certSha256, entry('server').certSha256);
    assert.notEqual(entry('client').spkiSha256, entry('server').spkiSha256);
  });

  it('spkiSha256Hex is the same digest in lowercase hex (openssl dgst -sha256)', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of names()) {
      const hex = spkiPinHex(cert(name));
      assert.equal(entry(name).spkiSha256Hex, hex, name);
      assert.equal(Buffer.from(entry(name).spkiSha256, 'base64').toString('hex'), hex, `${name}: base64 and hex disagree`);
    }
  });

  it('certSha256 and certSha1 = openssl x509 -fingerprint -sha256 / -sha1, colons removed, lowercase', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of names()) {
      assert.equal(entry(name).certSha256, fingerprint(cert(name), 'sha256'), `${name}: certSha256`);
      assert.equal(entry(name).certSha1, fingerprint(cert(name), 'sha1'), `${name}: certSha1`);
      assert.match(entry(name).certSha256, /^[0-9a-f]{64}$/);
      assert.match(entry(name).certSha1, /^[0-9a-f]{40}$/);
    }
  });

  it('serialNumber = openssl x509 -serial, lowercased', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of names()) assert.equal(entry(name).serialNumber, field(cert(name), 'serial').toLowerCase(), name);
    assert.equal(entry('rsaleaf').serialNumber, 'ff');
  });

  it('subject and issuerSubject = openssl x509 -subject / -issuer -nameopt RFC2253', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of names()) {
      assert.equal(entry(name).subject, field(cert(name), 'subject', ['-nameopt', 'RFC2253']), `${name}: subject`);
      assert.equal(entry(name).issuerSubject, field(cert(name), 'issuer', ['-nameopt', 'RFC2253']), `${name}: issuerSubject`);
    }
    assert.equal(entry('root').subject, 'CN=Pins Root CA,OU=Pins,O=certgen,C=DE');
    assert.equal(entry('client').subject, 'CN=client');
  });

  it('notBefore / notAfter = openssl x509 -startdate / -enddate', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of names()) {
      const iso = (flag: string) => field(cert(name), flag, ['-dateopt', 'iso_8601']).replace(' ', 'T');
      assert.equal(entry(name).notBefore, iso('startdate'), `${name}: notBefore`);
      assert.equal(entry(name).notAfter, iso('enddate'), `${name}: notAfter`);
    }
    assert.equal(entry('edleaf').notAfter, '2052-01-01T00:00:00Z');
  });

  it('keyAlgorithm names the key openssl sees (ECDSA P-256|P-384|P-521, RSA <bits>, Ed25519)', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const expected: Record<string, string> = {
      root: 'ECDSA P-384', intermediate: 'RSA 2048', server: 'ECDSA P-256', client: 'Ed25519', dual: 'ECDSA P-521',
      rsaleaf: 'RSA 3072', none: 'ECDSA P-256', edroot: 'Ed25519', edleaf: 'RSA 2048', renewed: 'ECDSA P-256',
    };
    for (const name of names()) {
      const text = opensslText(['x509', '-in', cert(name), '-noout', '-text']);
      assert.equal(keyAlgorithmFromOpenssl(text), expected[name], `${name}: openssl`);
      assert.equal(entry(name).keyAlgorithm, expected[name], `${name}: pins.json`);
    }
  });

  it('subjectAltNames and extKeyUsage match the certificate\'s extensions', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of names()) {
      assert.deepEqual(entry(name).subjectAltNames, sanFromOpenssl(extensionValue(cert(name), 'subjectAltName')), `${name}: SAN`);
      assert.deepEqual(entry(name).extKeyUsage, ekuFromOpenssl(extensionValue(cert(name), 'extendedKeyUsage')), `${name}: EKU`);
    }
    assert.deepEqual(entry('dual').subjectAltNames, ['DNS:middle.test', 'IP:10.0.0.1', 'IP:fe80::a:b', 'email:ops@middle.test', 'URI:spiffe://middle.test/svc']);
    assert.deepEqual(entry('server').subjectAltNames, ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
    assert.deepEqual(entry('rsaleaf').extKeyUsage, ['serverAuth', 'codeSigning', '1.2.3.4.5.6']);
    assert.deepEqual(entry('client').subjectAltNames, []);
    assert.deepEqual(entry('root').extKeyUsage, []);
  });

  it('role, profile and issuer agree with the certificates (CA flag, self-signed or not)', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of names()) {
      const e = entry(name);
      const bc = extensionValue(cert(name), 'basicConstraints');
      const selfSigned = field(cert(name), 'subject', ['-nameopt', 'RFC2253']) === field(cert(name), 'issuer', ['-nameopt', 'RFC2253']);
      const role = bc?.startsWith('CA:TRUE') ? (selfSigned ? 'root' : 'intermediate') : 'leaf';
      assert.equal(e.role, role, name);
      assert.equal(e.issuer === name, selfSigned, `${name}: issuer ${e.issuer}`);
      if (!selfSigned) assert.equal(entry(e.issuer).subject, e.issuerSubject, `${name}: issuer's subject`);
    }
    const profiles: Record<string, string> = {
      root: 'root', intermediate: 'intermediate', server: 'server', client: 'client', dual: 'dual',
      rsaleaf: 'server', none: 'none', edroot: 'root', edleaf: 'dual', renewed: 'server',
    };
    for (const name of names()) assert.equal(entry(name).profile, profiles[name], `${name}: profile`);
  });

  it('files: cert, key and fullchain exist and hold this certificate, its private key and its chain', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of names()) {
      const { files } = entry(name);
      assert.deepEqual(files, { cert: `${name}.pem`, key: `${name}.key.pem`, fullchain: `${name}.fullchain.pem`, pub: `${name}.pub.pem` });
      for (const file of Object.values(files)) assert.ok(existsSync(f.path(file)), `${name}: ${file} missing`);
      assert.equal(statSync(f.path(files.key)).mode & 0o777, 0o600, `${name}: key file mode`);
      // The key file's public key is the certificate's (same SPKI DER).
      const fromKey = step('openssl', ['pkey', '-in', f.path(files.key), '-pubout', '-outform', 'der']);
      const fromCert = step('openssl', ['pkey', '-pubin', '-outform', 'der'], step('openssl', ['x509', '-in', cert(name), '-pubkey', '-noout']));
      assert.ok(fromKey.equals(fromCert), `${name}: key does not match certificate`);
      assert.match(readFileSync(f.path(files.key), 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/, `${name}: PKCS#8 PEM`);
      // fullchain: this certificate first, then its issuers, not the self-signed root.
      const chain = readFileSync(f.path(files.fullchain), 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
      const expected: string[] = [];
      for (let n = name; ; n = entry(n).issuer) {
        expected.push(n);
        if (entry(n).issuer === n) break;
      }
      const want = expected.length > 1 ? expected.slice(0, -1) : expected;
      assert.deepEqual(
        chain.map((pem) => opensslText(['x509', '-noout', '-fingerprint', '-sha256'], pem).trim().split('=')[1]!.replace(/:/g, '').toLowerCase()),
        want.map((n) => entry(n).certSha256),
        `${name}: fullchain`,
      );
    }
  });
});

describe('pins.json subjects with RFC 4514 special characters equal openssl -nameopt RFC2253', () => {
  const VALUES = ['#hash', ' lead', 'trail ', 'a+b', 'q"q', '<a>', 'semi;colon', 'back\\slash', 'eq=ual', 'comma, here', '# both ends '];
  let f: WrittenFixture;
  let odd: WrittenFixture;
  before(async () => {
    const certificates: Record<string, object> = {};
    VALUES.forEach((value, i) => {
      certificates[`s${i}`] = { subject: { CN: value, O: 'certgen' }, key: i === 0 ? 'p256' : { sameAs: 's0' } };
    });
    f = await build({ version: 1, name: 'pins-escapes', certificates });
    odd = await build({ version: 1, name: 'pins-space', certificates: { space: { subject: { CN: ' ', O: 'certgen' } } } });
  });

  it('escaped specials, leading "#" and space, trailing space: the same string as openssl', (t) => {
    if (skipWithout(t, 'openssl')) return;
    VALUES.forEach((value, i) => {
      const pin = f.manifest.certificates[`s${i}`]!;
      assert.equal(pin.subject, field(f.path(pin.files.cert), 'subject', ['-nameopt', 'RFC2253']), JSON.stringify(value));
    });
  });

  // RFC 4514 2.4: a value that is one space is written "\ " (the leading-space escape). certgen
  // escapes it as leading and then again as trailing and writes "\\ " (an escaped backslash and
  // an unescaped space: another name).
  it('a value that is a single space', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const pin = odd.manifest.certificates.space!;
    assert.equal(pin.subject, field(odd.path(pin.files.cert), 'subject', ['-nameopt', 'RFC2253']));
  });
});

describe('pins.json with raw extensions that replace computed ones', () => {
  let f: WrittenFixture;
  before(async () => {
    f = await build({
      version: 1,
      name: 'pins-raw',
      certificates: {
        root: {},
        raweku: { issuer: 'root', extensions: [{ oid: '2.5.29.37', value: '300a06082b06010505070303' }] }, // codeSigning
        rawsan: { issuer: 'root', extensions: [{ oid: '2.5.29.17', value: '300c820a6f746865722e74657374' }] }, // DNS:other.test
      },
    });
  });

  // "extKeyUsage is [] where there is none" and "Every figure must equal what openssl computes
  // from the written files". certgen builds these two fields from the computed extensions only, so a
  // raw extension with the EKU or SAN OID (which replaces the computed one in the certificate) leaves
  // pins.json describing the extension that is no longer there.
  it('extKeyUsage and subjectAltNames describe the raw extension that is in the certificate', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const pins = JSON.parse(readFileSync(f.path('pins.json'), 'utf8')) as PinManifest;
    assert.deepEqual(ekuFromOpenssl(extensionValue(f.path('raweku.pem'), 'extendedKeyUsage')), ['codeSigning']);
    assert.deepEqual(sanFromOpenssl(extensionValue(f.path('rawsan.pem'), 'subjectAltName')), ['DNS:other.test']);
    assert.deepEqual(pins.certificates.raweku!.extKeyUsage, ['codeSigning']);
    assert.deepEqual(pins.certificates.rawsan!.subjectAltNames, ['DNS:other.test']);
  });

  it('the pins that do not depend on extensions are still right for such certificates', (t) => {
    if (skipWithout(t, ['openssl', 'base64'])) return;
    const pins = JSON.parse(readFileSync(f.path('pins.json'), 'utf8')) as PinManifest;
    for (const name of ['raweku', 'rawsan']) {
      assert.equal(pins.certificates[name]!.spkiSha256, spkiPinBase64(f.path(`${name}.pem`)), name);
      assert.equal(pins.certificates[name]!.certSha256, fingerprint(f.path(`${name}.pem`), 'sha256'), name);
    }
  });
});
