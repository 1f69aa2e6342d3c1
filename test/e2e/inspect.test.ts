/**
 * `certgen inspect` through the real CLI, on files `certgen build` wrote: a PEM certificate, the
 * same certificate in DER, a private key, PKCS#12 keystores (aes256 and legacy) and a truststore.
 * Every figure shown is compared with what OpenSSL (and keytool, for the truststore) reads from
 * the same file; the --json shape is checked field by field; a wrong password exits 1 naming the
 * file, without a stack trace.
 *
 * The CLI is `node bin/certgen.js`, i.e. dist/, which `npm test` builds first (`ensureBuilt`
 * builds it when it is missing; after changing src/, `npm run build` before running this file alone).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { certgen, ensureBuilt } from '../helpers/cli.js';
import { haveTool, run, tmpDir } from '../helpers/tools.js';

function ok(args: readonly string[]): string {
  const r = certgen(args);
  assert.equal(r.status, 0, `certgen ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function openssl(args: readonly string[]): string {
  const r = run('openssl', args);
  assert.equal(r.status, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A command's binary stdout (DER), checked for success. */
function binary(cmd: string, args: readonly string[], input?: string): Buffer {
  const r = spawnSync(cmd, args, input === undefined ? {} : { input });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${String(r.stderr)}`);
  return r.stdout;
}

/** One `label  value` row of the text output, under a heading when given. */
function field(text: string, label: string, after = ''): string {
  const start = after === '' ? 0 : text.indexOf(after);
  assert.ok(start >= 0, `no "${after}" in:\n${text}`);
  const m = new RegExp(`^\\s+${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s{2,}(.*)$`, 'm').exec(text.slice(start));
  assert.ok(m, `no "${label}" row after "${after}" in:\n${text}`);
  return m[1]!;
}

// OpenSSL's names for what certgen prints with RFC 5280's.
const OPENSSL_KU: Record<string, string> = {
  'Digital Signature': 'digitalSignature',
  'Non Repudiation': 'nonRepudiation',
  'Key Encipherment': 'keyEncipherment',
  'Data Encipherment': 'dataEncipherment',
  'Key Agreement': 'keyAgreement',
  'Certificate Sign': 'keyCertSign',
  'CRL Sign': 'cRLSign',
};
const OPENSSL_EKU: Record<string, string> = { 'TLS Web Server Authentication': 'serverAuth', 'TLS Web Client Authentication': 'clientAuth' };

interface OpensslView {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  key: string;
  signature: string;
  basicConstraints: string;
  keyUsage: string;
  extKeyUsage: string;
  san: string[];
  spkiSha256: string;
  certSha256: string;
  certSha1: string;
}

/** What OpenSSL reads from a certificate file, in certgen's notation. */
function opensslView(file: string, inform: 'PEM' | 'DER'): OpensslView {
  const x = (...args: string[]) => openssl(['x509', '-inform', inform, '-in', file, '-noout', ...args]);
  const value = (out: string, key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(out)![1]!;
  const iso = (s: string) => new Date(s).toISOString().replace('.000Z', 'Z');
  const head = x('-subject', '-issuer', '-nameopt', 'RFC2253', '-serial', '-startdate', '-enddate');
  const ext = x('-ext', 'basicConstraints,keyUsage,extendedKeyUsage,subjectAltName');
  const extValue = (name: string) => {
    const m = new RegExp(`X509v3 ${name}:( critical)? *\\n\\s+(.*)`).exec(ext);
    return m ? { critical: m[1] !== undefined, value: m[2]! } : null;
  };
  const text = x('-text');
  const bits = /Public-Key: \((\d+) bit\)/.exec(text)![1]!;
  const curve = /NIST CURVE: (P-\d+)/.exec(text)?.[1];
  const bc = extValue('Basic Constraints');
  const ku = extValue('Key Usage');
  const eku = extValue('Extended Key Usage');
  const san = extValue('Subject Alternative Name');
  const pubPem = x('-pubkey');
  const spkiDer = binary('openssl', ['pkey', '-pubin', '-outform', 'DER'], pubPem);
  const fp = (alg: string) => value(x('-fingerprint', `-${alg}`), `(?:${alg.toUpperCase()}|${alg}) Fingerprint`).replace(/:/g, '').toLowerCase();
  return {
    subject: value(head, 'subject'),
    issuer: value(head, 'issuer'),
    serial: value(head, 'serial').toLowerCase(),
    notBefore: iso(value(head, 'notBefore')),
    notAfter: iso(value(head, 'notAfter')),
    key: curve ? `ECDSA ${curve}` : `RSA ${bits}`,
    signature: /Signature Algorithm: (\S+)/.exec(text)![1]!,
    basicConstraints: bc ? `${bc.value}${bc.critical ? ' (critical)' : ''}` : 'none',
    keyUsage: ku ? `${ku.value.split(', ').map((k) => OPENSSL_KU[k] ?? k).join(', ')}${ku.critical ? ' (critical)' : ''}` : 'none',
    extKeyUsage: eku ? eku.value.split(', ').map((k) => OPENSSL_EKU[k] ?? k).join(', ') : 'none',
    san: san ? san.value.split(', ') : [],
    spkiSha256: createHash('sha256').update(spkiDer).digest('base64'),
    certSha256: fp('sha256'),
    certSha1: fp('sha1'),
  };
}

/** OpenSSL prints IPv6 SANs uncompressed (`IP Address:0:0:0:0:0:0:0:1`); certgen as RFC 5952 (`IP:::1`). */
function opensslSan(entry: string): string {
  const m = /^IP Address:(.*)$/.exec(entry);
  if (!m) return entry;
  if (!m[1]!.includes(':')) return `IP:${m[1]}`;
  return `IP:${new URL(`http://[${m[1]}]/`).hostname.slice(1, -1)}`; // WHATWG URL serializes IPv6 as RFC 5952 says
}

function assertMatchesOpenssl(text: string, view: OpensslView, heading: string): void {
  assert.equal(field(text, 'subject', heading), view.subject);
  assert.equal(field(text, 'issuer', heading).replace(' (self-signed)', ''), view.issuer);
  assert.equal(field(text, 'serial', heading), view.serial);
  assert.equal(field(text, 'not before', heading), view.notBefore);
  assert.equal(field(text, 'not after', heading).replace(/ \((expired|not yet valid)\)$/, ''), view.notAfter);
  assert.equal(field(text, 'key', heading), view.key);
  assert.equal(field(text, 'signature', heading), view.signature);
  assert.equal(field(text, 'basic constraints', heading), view.basicConstraints);
  assert.equal(field(text, 'key usage', heading), view.keyUsage);
  assert.equal(field(text, 'ext key usage', heading), view.extKeyUsage);
  assert.equal(field(text, 'SAN', heading), view.san.map(opensslSan).join(', ') || 'none');
  assert.equal(field(text, 'SPKI SHA-256', heading), view.spkiSha256);
  assert.equal(field(text, 'SPKI SHA-256 hex', heading), Buffer.from(view.spkiSha256, 'base64').toString('hex'));
  assert.equal(field(text, 'SHA-256', heading), view.certSha256);
  assert.equal(field(text, 'SHA-1', heading), view.certSha1);
}

const TEMPLATE = `
version: 1
name: inspect
certificates:
  root: { subject: { CN: Inspect Root, O: certgen } }
  ca: { issuer: root, profile: intermediate, pathLength: 0, subject: "CN=Inspect CA,O=certgen" }
  server: { issuer: ca, subject: "CN=localhost,OU=web\\\\, edge,O=certgen", san: [localhost, 127.0.0.1, "::1", DNS:svc.test] }
  client: { issuer: ca, profile: client, key: rsa2048 }
stores:
  keystore.p12: { password: s3cret-pw, keys: [server, { cert: client, alias: Client-Alias }] }
  legacy.p12: { password: changeit, encryption: legacy, keys: [client] }
  truststore.p12: { trusted: [root] }
`;

describe('certgen inspect', { skip: haveTool('openssl') ? false : 'openssl not found (CI installs it)' }, () => {
  let work: string;
  let dir: string;
  let pins: { certificates: Record<string, { subject: string; certSha256: string; certSha1: string; spkiSha256: string; serialNumber: string }> };

  before(() => {
    ensureBuilt();
    work = tmpDir();
    writeFileSync(join(work, 'inspect.yaml'), TEMPLATE);
    ok(['build', join(work, 'inspect.yaml'), '--out', join(work, 'out'), '--quiet']);
    dir = join(work, 'out', 'inspect');
    pins = JSON.parse(readFileSync(join(dir, 'pins.json'), 'utf8'));
    openssl(['x509', '-in', join(dir, 'server.pem'), '-outform', 'DER', '-out', join(work, 'server.der')]);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('describes a PEM certificate exactly as OpenSSL reads it', () => {
    for (const name of ['server', 'client', 'ca', 'root']) {
      const file = join(dir, `${name}.pem`);
      const text = ok(['inspect', file]);
      assert.match(text, /: PEM, 1 certificate, 0 keys, 0 CRLs\n/);
      assertMatchesOpenssl(text, opensslView(file, 'PEM'), 'certificate 1');
      assert.equal(field(text, 'SHA-256'), pins.certificates[name]!.certSha256, `${name}: same figure as pins.json`);
    }
  });

  it('escapes subjects as RFC 4514 does, like openssl -nameopt RFC2253 and pins.json', () => {
    const text = ok(['inspect', join(dir, 'server.pem')]);
    assert.equal(field(text, 'subject'), 'CN=localhost,OU=web\\, edge,O=certgen');
    assert.equal(field(text, 'subject'), pins.certificates.server!.subject);
  });

  it('describes a DER certificate (the same figures as its PEM)', () => {
    const der = join(work, 'server.der');
    const text = ok(['inspect', der]);
    assert.match(text, /: DER, 1 certificate/);
    assertMatchesOpenssl(text, opensslView(der, 'DER'), 'certificate 1');
  });

  it('describes every certificate of a PEM bundle in order (fullchain)', () => {
    const text = ok(['inspect', join(dir, 'server.fullchain.pem')]);
    assert.match(text, /: PEM, 2 certificates/);
    assert.equal(field(text, 'subject', 'certificate 1'), pins.certificates.server!.subject);
    assert.equal(field(text, 'subject', 'certificate 2'), pins.certificates.ca!.subject);
    assert.equal(field(text, 'basic constraints', 'certificate 2'), 'CA:TRUE, pathlen:0 (critical)');
  });

  it('describes a private key by algorithm and SPKI pin only, never its material', () => {
    for (const [name, algorithm] of [['server', 'ECDSA P-256'], ['client', 'RSA 2048']] as const) {
      const file = join(dir, `${name}.key.pem`);
      const text = ok(['inspect', file]);
      const spki = binary('openssl', ['pkey', '-in', file, '-pubout', '-outform', 'DER']);
      assert.equal(field(text, 'key'), algorithm);
      assert.equal(field(text, 'SPKI SHA-256'), createHash('sha256').update(spki).digest('base64'));
      assert.equal(field(text, 'SPKI SHA-256'), pins.certificates[name]!.spkiSha256, 'the key matches its certificate\'s pin');
      const body = readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('-----'));
      for (const line of body) assert.ok(!text.includes(line.slice(0, 24)), 'key material printed');
      assert.doesNotMatch(ok(['inspect', file, '--json']), /BEGIN|MII/);
    }
  });

  it('lists a PKCS#12 keystore\'s entries, aliases, chains and algorithms as OpenSSL does', () => {
    const file = join(dir, 'keystore.p12');
    const text = ok(['inspect', file, '--password', 's3cret-pw']);
    const info = run('openssl', ['pkcs12', '-info', '-in', file, '-passin', 'pass:s3cret-pw', '-nokeys']);
    assert.equal(info.status, 0, info.stderr);
    // MAC and encryption: `MAC: sha256, Iteration 2048`, `PBES2, PBKDF2, AES-256-CBC, ... PRF hmacWithSHA256`.
    assert.match(info.stderr, /MAC: sha256, Iteration 2048/);
    assert.match(text, /: PKCS#12, 2 entries, MAC HMAC-SHA256, 2048 iterations\n/);
    assert.match(info.stderr, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    assert.equal(field(text, 'key encryption', 'entry 1'), 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC');
    assert.match(info.stderr, /PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    assert.equal(field(text, 'cert encryption', 'entry 1'), 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC');
    // Aliases and localKeyIds: OpenSSL's friendlyName / localKeyID of the key entries' leaves.
    const bags = info.stdout
      .split('Bag Attributes')
      .map((block) => ({ id: /localKeyID: ([0-9A-F ]+)/.exec(block)?.[1]!.replace(/ /g, '').toLowerCase(), alias: /friendlyName: (.*)/.exec(block)?.[1] }))
      .filter((b) => b.id !== undefined);
    assert.deepEqual(bags.map((b) => b.alias), ['server', 'Client-Alias']);
    assert.match(text, /entry 1: PrivateKeyEntry "server", chain of 3\n/);
    assert.match(text, /entry 2: PrivateKeyEntry "Client-Alias", chain of 3\n/);
    const json = JSON.parse(ok(['inspect', file, '--password', 's3cret-pw', '--json']));
    assert.deepEqual(json.entries.map((e: { localKeyId: string }) => e.localKeyId), bags.map((b) => b.id));
    // Each chain: leaf, ca, root, with the figures of pins.json.
    assert.deepEqual(json.entries[0].chain.map((c: { certSha256: string }) => c.certSha256), ['server', 'ca', 'root'].map((n) => pins.certificates[n]!.certSha256));
    assert.deepEqual(json.entries[1].chain.map((c: { subject: string }) => c.subject), ['client', 'ca', 'root'].map((n) => pins.certificates[n]!.subject));
    assert.equal(field(text, 'key', 'entry 2'), 'RSA 2048');
  });

  it('prints the PKCS#12 description as JSON with a stable shape', () => {
    const json = JSON.parse(ok(['inspect', join(dir, 'keystore.p12'), '--password', 's3cret-pw', '--json']));
    assert.deepEqual(Object.keys(json), ['file', 'format', 'mac', 'entries', 'otherCertificates']);
    assert.equal(json.format, 'pkcs12');
    assert.deepEqual(json.mac, { algorithm: 'HMAC-SHA256', iterations: 2048 });
    assert.deepEqual(json.otherCertificates, []);
    const [key] = json.entries;
    assert.deepEqual(Object.keys(key), ['kind', 'alias', 'localKeyId', 'keyEncryption', 'certificateEncryption', 'chain']);
    assert.equal(key.kind, 'key');
    assert.equal(key.alias, 'server');
    assert.equal(key.localKeyId, pins.certificates.server!.certSha1, 'localKeyId: SHA-1 of the leaf, as OpenSSL writes it');
    const leaf = key.chain[0];
    assert.deepEqual(Object.keys(leaf), [
      'subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'selfSigned', 'keyAlgorithm', 'signatureAlgorithm',
      'basicConstraints', 'keyUsage', 'extKeyUsage', 'subjectAltNames', 'spkiSha256', 'spkiSha256Hex', 'certSha256', 'certSha1',
    ]);
    assert.deepEqual(leaf.basicConstraints, { ca: false, pathLength: null, critical: true });
    assert.deepEqual(leaf.keyUsage, { usages: ['digitalSignature'], critical: true });
    assert.deepEqual(leaf.extKeyUsage, ['serverAuth']);
    assert.deepEqual(leaf.subjectAltNames, ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1', 'DNS:svc.test']);
    assert.equal(leaf.serialNumber, pins.certificates.server!.serialNumber);
    assert.equal(key.chain[2].selfSigned, true);
    assert.equal(leaf.selfSigned, false);
  });

  it('describes a truststore\'s trusted entries as keytool lists them', () => {
    const file = join(dir, 'truststore.p12');
    const json = JSON.parse(ok(['inspect', file, '--json'])); // no --password: certgen's default, changeit
    assert.equal(json.entries.length, 1);
    assert.equal(json.entries[0].kind, 'trusted');
    assert.equal(json.entries[0].alias, 'root');
    assert.equal(json.entries[0].certificate.certSha256, pins.certificates.root!.certSha256);
    const text = ok(['inspect', file]);
    assert.match(text, /entry 1: trustedCertEntry "root"\n/);
    if (haveTool('keytool')) {
      const list = run('keytool', ['-list', '-keystore', file, '-storepass', 'changeit', '-storetype', 'PKCS12']);
      assert.equal(list.status, 0, list.stderr);
      assert.match(list.stdout, /^root, .*trustedCertEntry/m);
      const fp = /Certificate fingerprint \(SHA-256\): ([0-9A-F:]+)/.exec(list.stdout)![1]!.replace(/:/g, '').toLowerCase();
      assert.equal(fp, json.entries[0].certificate.certSha256);
    }
  });

  it('names the legacy algorithms of a legacy store (3DES, SHA-1 MAC) as OpenSSL does', () => {
    const file = join(dir, 'legacy.p12');
    const info = run('openssl', ['pkcs12', '-info', '-in', file, '-passin', 'pass:changeit', '-nokeys']);
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stderr, /MAC: sha1, Iteration 2048/);
    assert.match(info.stderr, /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
    const text = ok(['inspect', file]);
    assert.match(text, /MAC HMAC-SHA1, 2048 iterations/);
    assert.equal(field(text, 'key encryption', 'entry 1'), 'pbeWithSHAAnd3-KeyTripleDES-CBC');
    assert.equal(field(text, 'cert encryption', 'entry 1'), 'pbeWithSHAAnd3-KeyTripleDES-CBC');
  });

  it('exits 1 with a clear message on a wrong or missing password', () => {
    const file = join(dir, 'keystore.p12');
    const wrong = certgen(['inspect', file, '--password', 'nope']);
    assert.equal(wrong.status, 1);
    assert.equal(wrong.stdout, '');
    assert.equal(wrong.stderr, `certgen: ${file}: PKCS#12: wrong password or corrupt MAC\n`);
    const missing = certgen(['inspect', file]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /wrong password or corrupt MAC; no --password given, so certgen's default "changeit" was tried\n$/);
    assert.doesNotMatch(wrong.stderr + missing.stderr, /\n\s+at /, 'no stack trace');
  });

  it('exits 1 for a file that is not a certificate, key, CRL or store, and 2 without a file', () => {
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'not a certificate\n');
    const r = certgen(['inspect', junk]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `certgen: ${junk}: not a certificate, key, CRL, OCSP response or PKCS#12 file (PEM or DER)\n`);
    const gone = certgen(['inspect', join(dir, 'missing.pem')]);
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /missing\.pem: no such file\n$/);
    assert.equal(certgen(['inspect']).status, 2);
  });
});
