/**
 * certgen's certificates against the OpenSSL 3 CLI: for every key type and every profile of the
 * profile table (docs/templates.md), a root → intermediate → leaves chain is built with the real engine and checked with
 * `openssl verify` (chain and TLS purposes, with negative controls), `openssl x509 -text` (exactly
 * the profile's extensions, criticality, values, signature and key algorithms) and
 * `openssl asn1parse` (string types, time types, serial and extension DER). Then the template
 * features: hash / RSA-PSS, subjects, SAN kinds, validity forms, serials, name constraints, CRL
 * distribution points, OCSP and raw extensions. A missing openssl skips every test, loudly.
 */
import assert from 'node:assert/strict';
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fixtureBuilder, type WrittenFixture } from '../helpers/fixture.js';
import { run, skipWithout, type RunResult } from '../helpers/tools.js';

const build = fixtureBuilder();

function openssl(args: readonly string[]): RunResult {
  return run('openssl', args);
}

function opensslOk(args: readonly string[]): string {
  const r = openssl(args);
  assert.equal(r.status, 0, `openssl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** `openssl x509 -text` (both signature algorithm fields, the key, the extensions). */
const x509Text = (file: string): string => opensslOk(['x509', '-in', file, '-noout', '-text']);

/** Both signature algorithm fields (TBS and outer) as `x509 -text` names them. */
const sigAlgsOf = (file: string): string[] => [...x509Text(file).matchAll(/Signature Algorithm: (\S+)/g)].map((m) => m[1]!);

/** serial, dates (ISO), subject and issuer (RFC 2253, UTF-8 unescaped) as OpenSSL prints them. */
function x509Facts(file: string): { serial: string; notBefore: string; notAfter: string; subject: string; issuer: string } {
  const out = opensslOk(['x509', '-in', file, '-noout', '-serial', '-startdate', '-enddate', '-dateopt', 'iso_8601', '-subject', '-issuer', '-nameopt', 'RFC2253,-esc_msb']);
  const field = (name: string): string => {
    const m = new RegExp(`^${name}=(.*)$`, 'm').exec(out);
    assert.ok(m, `no ${name}= in ${out}`);
    return m[1]!;
  };
  const iso = (s: string): string => s.replace(' ', 'T');
  return { serial: field('serial'), notBefore: iso(field('notBefore')), notAfter: iso(field('notAfter')), subject: field('subject'), issuer: field('issuer') };
}

interface Ext {
  readonly critical: boolean;
  readonly value: string;
}

/** The "X509v3 extensions:" block of `x509 -text`: name → criticality and value lines (trimmed, joined by \n). */
function extensionsOf(text: string): Map<string, Ext> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'X509v3 extensions:');
  const out = new Map<string, Ext>();
  if (start < 0) return out;
  let current: { name: string; critical: boolean; value: string[] } | null = null;
  const flush = (): void => {
    if (!current) return;
    assert.ok(!out.has(current.name), `extension ${current.name} appears twice`);
    out.set(current.name, { critical: current.critical, value: current.value.join('\n') });
  };
  for (const line of lines.slice(start + 1)) {
    const indent = line.length - line.trimStart().length;
    if (line.trim() === '' || indent <= 8) break; // "    Signature Algorithm: ..." ends the block
    if (indent === 12) {
      flush();
      const m = /^\s+(.+?):\s*(critical)?\s*$/.exec(line);
      assert.ok(m, `cannot read extension header ${JSON.stringify(line)}`);
      current = { name: m[1]!, critical: m[2] === 'critical', value: [] };
    } else {
      assert.ok(current, `value line before any extension: ${line}`);
      current.value.push(line.trim());
    }
  }
  flush();
  return out;
}

/** `openssl asn1parse` of a PEM certificate. */
const asn1 = (file: string): string => opensslOk(['asn1parse', '-in', file]);

/** extension name (as asn1parse prints the OID) → {critical, DER hex of extnValue}. */
function extensionDer(parsed: string): Map<string, { critical: boolean; hex: string }> {
  const out = new Map<string, { critical: boolean; hex: string }>();
  const lines = parsed.split('\n');
  // Skip the signature algorithm OIDs etc.: extensions are OBJECT lines followed by an optional
  // BOOLEAN and an OCTET STRING hex dump at the same depth.
  lines.forEach((line, i) => {
    const m = /d=(\d+).*prim: OBJECT\s+:(.+)$/.exec(line);
    if (!m) return;
    const depth = m[1];
    let j = i + 1;
    let critical = false;
    const bool = new RegExp(`d=${depth}\\s.*prim: BOOLEAN\\s+:(\\d+)`).exec(lines[j] ?? '');
    if (bool) {
      critical = bool[1] === '255';
      j++;
    }
    const oct = new RegExp(`d=${depth}\\s.*prim: OCTET STRING\\s+\\[HEX DUMP\\]:([0-9A-F]+)`).exec(lines[j] ?? '');
    if (oct) out.set(m[2]!.trim(), { critical, hex: oct[1]!.toLowerCase() });
  });
  return out;
}

/** The two time values of the validity, with their ASN.1 types. */
function validityTimes(parsed: string): { type: string; value: string }[] {
  return [...parsed.matchAll(/prim: (UTCTIME|GENERALIZEDTIME)\s+:(\S+)/g)].map((m) => ({ type: m[1]!, value: m[2]! }));
}

/** The certificate's serialNumber INTEGER: content length and value as asn1parse prints them. */
function serialDer(parsed: string): { length: number; value: string } {
  // The first INTEGER at depth 2 (the version's INTEGER sits at depth 3, inside [0]).
  const ints = [...parsed.matchAll(/d=2\s+hl=\d+\s+l=\s*(\d+)\s+prim: INTEGER\s+:(-?[0-9A-F]+)/g)];
  assert.ok(ints.length >= 1, parsed);
  return { length: Number(ints[0]![1]), value: ints[0]![2]! };
}

interface VerifyResult {
  readonly ok: boolean;
  readonly output: string;
}

/** `openssl verify -CAfile root [-untrusted intermediate] [extra] file`. */
function verify(f: WrittenFixture, cert: string, opts: { root?: string; untrusted?: string | null; extra?: readonly string[] } = {}): VerifyResult {
  const args = ['verify', '-CAfile', f.path(`${opts.root ?? 'root'}.pem`)];
  const untrusted = opts.untrusted === undefined ? 'intermediate' : opts.untrusted;
  if (untrusted !== null) args.push('-untrusted', f.path(`${untrusted}.pem`));
  args.push(...(opts.extra ?? []), f.path(`${cert}.pem`));
  const r = openssl(args);
  const output = `${r.stdout}${r.stderr}`;
  const ok = r.status === 0 && r.stdout.includes(`${f.path(`${cert}.pem`)}: OK`);
  assert.equal(ok, r.status === 0, `exit status and output disagree: ${output}`);
  return { ok, output };
}

function assertVerifies(f: WrittenFixture, cert: string, opts: Parameters<typeof verify>[2] = {}): void {
  const r = verify(f, cert, opts);
  assert.ok(r.ok, `${cert} should verify (${JSON.stringify(opts)}): ${r.output}`);
}

function assertRefused(f: WrittenFixture, cert: string, reason: string, opts: Parameters<typeof verify>[2] = {}): void {
  const r = verify(f, cert, opts);
  assert.ok(!r.ok, `${cert} should be refused (${JSON.stringify(opts)}) with "${reason}"`);
  assert.match(r.output, new RegExp(`error \\d+ at \\d+ depth lookup: ${reason}`), `${cert}: wrong reason`);
}

/** Colon-separated uppercase hex, as OpenSSL prints key identifiers. */
const colonHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase().match(/../g)!.join(':');

/** The subjectPublicKey BIT STRING contents (without the unused-bits octet) of an SPKI DER. */
function subjectPublicKeyBits(spki: Buffer): Buffer {
  const header = (off: number): { start: number; end: number } => {
    let len = spki[off + 1]!;
    let start = off + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + spki[start + i]!;
      start += n;
    }
    return { start, end: start + len };
  };
  const outer = header(0);
  const algorithm = header(outer.start);
  assert.equal(spki[algorithm.end], 0x03, 'SPKI: BIT STRING expected after the AlgorithmIdentifier');
  const bits = header(algorithm.end);
  assert.equal(spki[bits.start], 0, 'SPKI: unused bits must be 0');
  return spki.subarray(bits.start + 1, bits.end);
}

/** RFC 5280 4.2.1.2 method 1, computed from the certificate by Node/OpenSSL (not by certgen). */
function expectedKeyId(certFile: string): string {
  const spki = new X509Certificate(readFileSync(certFile)).publicKey.export({ type: 'spki', format: 'der' });
  return colonHex(createHash('sha1').update(subjectPublicKeyBits(spki)).digest());
}

// ---------------------------------------------------------------------------------------------
// Every key type × every profile
// ---------------------------------------------------------------------------------------------

interface KeyType {
  readonly key: string;
  /** Signature algorithm of a certificate signed by a key of this type (default hash). */
  readonly signature: string;
  /** What x509 -text says about a public key of this type. */
  readonly publicKey: RegExp;
  readonly rsa: boolean;
  readonly keyAlgorithm: string;
}

const KEY_TYPES: readonly KeyType[] = [
  { key: 'p256', signature: 'ecdsa-with-SHA256', publicKey: /Public-Key: \(256 bit\)[\s\S]*ASN1 OID: prime256v1/, rsa: false, keyAlgorithm: 'ECDSA P-256' },
  { key: 'p384', signature: 'ecdsa-with-SHA384', publicKey: /Public-Key: \(384 bit\)[\s\S]*ASN1 OID: secp384r1/, rsa: false, keyAlgorithm: 'ECDSA P-384' },
  { key: 'p521', signature: 'ecdsa-with-SHA512', publicKey: /Public-Key: \(521 bit\)[\s\S]*ASN1 OID: secp521r1/, rsa: false, keyAlgorithm: 'ECDSA P-521' },
  { key: 'rsa2048', signature: 'sha256WithRSAEncryption', publicKey: /rsaEncryption\s+Public-Key: \(2048 bit\)/, rsa: true, keyAlgorithm: 'RSA 2048' },
  { key: 'rsa3072', signature: 'sha256WithRSAEncryption', publicKey: /rsaEncryption\s+Public-Key: \(3072 bit\)/, rsa: true, keyAlgorithm: 'RSA 3072' },
  { key: 'ed25519', signature: 'ED25519', publicKey: /Public Key Algorithm: ED25519\s+ED25519 Public-Key:/, rsa: false, keyAlgorithm: 'Ed25519' },
];

const PROFILES = ['root', 'intermediate', 'server', 'client', 'dual', 'none'] as const;
type Profile = (typeof PROFILES)[number];

const CA_KU = 'Digital Signature, Certificate Sign, CRL Sign';
const DEFAULT_SAN = 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1';
const SERVER_AUTH = 'TLS Web Server Authentication';
const CLIENT_AUTH = 'TLS Web Client Authentication';

/** The profile table (docs/templates.md) as `openssl x509 -text` prints it (AKI/SKI values are checked separately). */
function expectedExtensions(profile: Profile, rsa: boolean): Record<string, Ext | 'keyid'> {
  const leafKu = rsa ? 'Digital Signature, Key Encipherment' : 'Digital Signature';
  const ski = { 'X509v3 Subject Key Identifier': 'keyid' as const };
  const aki = { 'X509v3 Authority Key Identifier': 'keyid' as const };
  const bc = (value: string) => ({ 'X509v3 Basic Constraints': { critical: true, value } });
  const ku = (value: string) => ({ 'X509v3 Key Usage': { critical: true, value } });
  const eku = (value: string) => ({ 'X509v3 Extended Key Usage': { critical: false, value } });
  const san = { 'X509v3 Subject Alternative Name': { critical: false, value: DEFAULT_SAN } };
  switch (profile) {
    case 'root':
      return { ...bc('CA:TRUE'), ...ku(CA_KU), ...ski };
    case 'intermediate':
      return { ...bc('CA:TRUE, pathlen:0'), ...ku(CA_KU), ...ski, ...aki };
    case 'server':
      return { ...bc('CA:FALSE'), ...ku(leafKu), ...eku(SERVER_AUTH), ...ski, ...aki, ...san };
    case 'client':
      return { ...bc('CA:FALSE'), ...ku('Digital Signature'), ...eku(CLIENT_AUTH), ...ski, ...aki };
    case 'dual':
      return { ...bc('CA:FALSE'), ...ku(leafKu), ...eku(`${SERVER_AUTH}, ${CLIENT_AUTH}`), ...ski, ...aki, ...san };
    case 'none':
      return { ...ski, ...aki };
  }
}

/** Exact DER of the extension values the profile table fixes (KU's BIT STRING is hand-made). */
function expectedExtensionDer(profile: Profile, rsa: boolean): Record<string, { critical: boolean; hex: string } | null> {
  const leafKu = rsa ? '030205a0' : '03020780';
  const none = { 'X509v3 Basic Constraints': null, 'X509v3 Key Usage': null, 'X509v3 Extended Key Usage': null };
  switch (profile) {
    case 'root':
      return { 'X509v3 Basic Constraints': { critical: true, hex: '30030101ff' }, 'X509v3 Key Usage': { critical: true, hex: '03020186' }, 'X509v3 Extended Key Usage': null };
    case 'intermediate':
      return { 'X509v3 Basic Constraints': { critical: true, hex: '30060101ff020100' }, 'X509v3 Key Usage': { critical: true, hex: '03020186' }, 'X509v3 Extended Key Usage': null };
    case 'server':
      return { 'X509v3 Basic Constraints': { critical: true, hex: '3000' }, 'X509v3 Key Usage': { critical: true, hex: leafKu }, 'X509v3 Extended Key Usage': { critical: false, hex: '300a06082b06010505070301' } };
    case 'client':
      return { 'X509v3 Basic Constraints': { critical: true, hex: '3000' }, 'X509v3 Key Usage': { critical: true, hex: '03020780' }, 'X509v3 Extended Key Usage': { critical: false, hex: '300a06082b06010505070302' } };
    case 'dual':
      return {
        'X509v3 Basic Constraints': { critical: true, hex: '3000' },
        'X509v3 Key Usage': { critical: true, hex: leafKu },
        'X509v3 Extended Key Usage': { critical: false, hex: '301406082b0601050507030106082b06010505070302' },
      };
    case 'none':
      return none;
  }
}

function chainTemplate(key: string): object {
  const certificates: Record<string, object> = {
    root: { subject: `CN=certgen ${key} root,O=certgen` },
    intermediate: { issuer: 'root', profile: 'intermediate', pathLength: 0 },
    server: { issuer: 'intermediate' }, // profile defaults to server when there is an issuer
    client: { issuer: 'intermediate', profile: 'client' },
    dual: { issuer: 'intermediate', profile: 'dual' },
    none: { issuer: 'intermediate', profile: 'none' },
    // Negative control for pathLength 0 (keys reused: no extra key generation).
    subca: { issuer: 'intermediate', profile: 'intermediate', key: { sameAs: 'server' } },
    deep: { issuer: 'subca', key: { sameAs: 'client' } },
  };
  if (key === 'rsa2048') {
    // RSA-1024 only as a leaf (weakKey fixtures); RSA-4096 once (its keygen is slow).
    certificates.weak = { issuer: 'intermediate', profile: 'server', key: { type: 'rsa', size: 1024 } };
    certificates.big = { issuer: 'intermediate', profile: 'dual', key: 'rsa4096' };
  }
  return { version: 1, name: `chain-${key}`, defaults: { key }, certificates };
}

for (const kt of KEY_TYPES) {
  describe(`key type ${kt.key}: root → intermediate → server, client, dual, none`, () => {
    let f: WrittenFixture;
    /** A root with the same subject as the chain's root but another key: it must not verify the chain. */
    let stranger: WrittenFixture;
    const certs = (): Profile[] => [...PROFILES];
    const texts = new Map<string, string>();
    const text = (name: string): string => {
      let t = texts.get(name);
      if (t === undefined) texts.set(name, (t = x509Text(f.path(`${name}.pem`))));
      return t;
    };

    before(async () => {
      f = await build(chainTemplate(kt.key));
      stranger = await build({ version: 1, name: 'stranger', certificates: { root: { subject: `CN=certgen ${kt.key} root,O=certgen` } } });
    });

    it('openssl verify: the chain verifies; -purpose sslserver passes server and dual, refuses client', (t) => {
      if (skipWithout(t, 'openssl')) return;
      assertVerifies(f, 'root', { untrusted: null });
      assertVerifies(f, 'intermediate', { untrusted: null });
      for (const leaf of ['server', 'client', 'dual', 'none']) assertVerifies(f, leaf);
      assertVerifies(f, 'server', { extra: ['-purpose', 'sslserver'] });
      assertVerifies(f, 'dual', { extra: ['-purpose', 'sslserver'] });
      assertRefused(f, 'client', 'unsuitable certificate purpose', { extra: ['-purpose', 'sslserver'] });
      // The default SAN is really usable for hostname checks.
      assertVerifies(f, 'server', { extra: ['-purpose', 'sslserver', '-verify_hostname', 'localhost'] });
      assertVerifies(f, 'server', { extra: ['-verify_ip', '::1'] });
      assertRefused(f, 'server', 'hostname mismatch', { extra: ['-verify_hostname', 'example.com'] });
    });

    it('openssl verify: -purpose sslclient passes client and dual, refuses server', (t) => {
      if (skipWithout(t, 'openssl')) return;
      assertVerifies(f, 'client', { extra: ['-purpose', 'sslclient'] });
      assertVerifies(f, 'dual', { extra: ['-purpose', 'sslclient'] });
      assertRefused(f, 'server', 'unsuitable certificate purpose', { extra: ['-purpose', 'sslclient'] });
    });

    it('openssl verify: negative controls (no intermediate, a stranger root with the same name, pathlen 0)', (t) => {
      if (skipWithout(t, 'openssl')) return;
      assertRefused(f, 'server', 'unable to get local issuer certificate', { untrusted: null });
      const viaStranger = openssl(['verify', '-CAfile', stranger.path('root.pem'), '-untrusted', f.path('intermediate.pem'), f.path('server.pem')]);
      assert.notEqual(viaStranger.status, 0, `a stranger root with the same subject verified the chain: ${viaStranger.stdout}`);
      assert.match(viaStranger.stderr, /unable to get local issuer certificate|certificate signature failure/);
      // pathlen:0 on the intermediate forbids the CA below it.
      const deep = openssl(['verify', '-CAfile', f.path('root.pem'), '-untrusted', f.path('intermediate.pem'), '-untrusted', f.path('subca.pem'), f.path('deep.pem')]);
      assert.notEqual(deep.status, 0, 'a CA under a pathlen:0 CA verified');
      assert.match(deep.stderr, /path length constraint exceeded/);
      const shallow = openssl(['verify', '-CAfile', f.path('root.pem'), '-untrusted', f.path('intermediate.pem'), f.path('subca.pem')]);
      assert.equal(shallow.status, 0, `the pathlen:0 CA may issue a CA certificate itself: ${shallow.stderr}`);
    });

    it('x509 -text: exactly the extensions of the profile table, with criticality and values', (t) => {
      if (skipWithout(t, 'openssl')) return;
      for (const profile of certs()) {
        const exts = extensionsOf(text(profile));
        const expected = expectedExtensions(profile, kt.rsa);
        assert.deepEqual([...exts.keys()].sort(), Object.keys(expected).sort(), `${profile}: extension set`);
        for (const [name, want] of Object.entries(expected)) {
          const got = exts.get(name)!;
          if (want === 'keyid') {
            assert.equal(got.critical, false, `${profile}: ${name} must not be critical`);
            continue;
          }
          assert.deepEqual(got, want, `${profile}: ${name}`);
        }
        assert.ok(!exts.has('X509v3 Subject Alternative Name') || profile === 'server' || profile === 'dual', `${profile} has a SAN`);
      }
    });

    it('asn1parse: exact DER of basicConstraints, keyUsage and extKeyUsage', (t) => {
      if (skipWithout(t, 'openssl')) return;
      for (const profile of certs()) {
        const der = extensionDer(asn1(f.path(`${profile}.pem`)));
        for (const [name, want] of Object.entries(expectedExtensionDer(profile, kt.rsa))) {
          assert.deepEqual(der.get(name) ?? null, want, `${profile}: ${name}`);
        }
      }
    });

    it('subjectKeyIdentifier is SHA-1 of the public key bits; authorityKeyIdentifier is the issuer\'s SKI', (t) => {
      if (skipWithout(t, 'openssl')) return;
      const issuerOf: Record<Profile, Profile> = { root: 'root', intermediate: 'root', server: 'intermediate', client: 'intermediate', dual: 'intermediate', none: 'intermediate' };
      for (const profile of certs()) {
        const exts = extensionsOf(text(profile));
        const ski = exts.get('X509v3 Subject Key Identifier')!.value;
        assert.equal(ski, expectedKeyId(f.path(`${profile}.pem`)), `${profile}: SKI`);
        if (profile === 'root') continue;
        const aki = exts.get('X509v3 Authority Key Identifier')!.value.replace(/^keyid:/, '');
        assert.equal(aki, extensionsOf(text(issuerOf[profile])).get('X509v3 Subject Key Identifier')!.value, `${profile}: AKI`);
      }
    });

    it('openssl pkey -check: every private key is valid and is the key of its certificate', (t) => {
      if (skipWithout(t, 'openssl')) return;
      for (const name of Object.keys(f.manifest.certificates)) {
        const check = openssl(['pkey', '-in', f.path(`${name}.key.pem`), '-check', '-noout']);
        assert.equal(check.status, 0, `${name}: ${check.stderr}`);
        assert.match(check.stdout, /Key is valid/, name);
        const fromKey = opensslOk(['pkey', '-in', f.path(`${name}.key.pem`), '-pubout']);
        const fromCert = opensslOk(['x509', '-in', f.path(`${name}.pem`), '-noout', '-pubkey']);
        assert.equal(fromKey, fromCert, `${name}: key and certificate differ`);
      }
      // Negative control: another certificate's key is told apart.
      assert.notEqual(opensslOk(['pkey', '-in', f.path('client.key.pem'), '-pubout']), opensslOk(['x509', '-in', f.path('server.pem'), '-noout', '-pubkey']));
    });

    it(`signature algorithm is ${kt.signature} and the public key is ${kt.keyAlgorithm}`, (t) => {
      if (skipWithout(t, 'openssl')) return;
      for (const profile of certs()) {
        const sigs = [...text(profile).matchAll(/Signature Algorithm: (\S+)/g)].map((m) => m[1]);
        // The TBS signature field and the outer signatureAlgorithm must agree.
        assert.deepEqual(sigs, [kt.signature, kt.signature], `${profile}: signature algorithms`);
        assert.match(text(profile), kt.publicKey, `${profile}: public key`);
        assert.equal(f.manifest.certificates[profile]!.keyAlgorithm, kt.keyAlgorithm);
      }
    });

    it('dates printed by openssl equal pins.json; notBefore is back-dated an hour; 397 days by default', (t) => {
      if (skipWithout(t, 'openssl')) return;
      for (const profile of certs()) {
        const facts = x509Facts(f.path(`${profile}.pem`));
        const pin = f.manifest.certificates[profile]!;
        assert.equal(facts.notBefore, pin.notBefore, `${profile}: notBefore`);
        assert.equal(facts.notAfter, pin.notAfter, `${profile}: notAfter`);
        assert.equal(Date.parse(pin.notAfter) - Date.parse(pin.notBefore), 397 * 86400e3, `${profile}: default validity`);
        const age = Date.now() - Date.parse(pin.notBefore);
        assert.ok(age >= 3600e3 - 1000 && age < 3600e3 + 600e3, `${profile}: notBefore should be about now - 1h, is ${pin.notBefore}`);
        assert.equal(facts.serial.toLowerCase(), pin.serialNumber);
      }
    });

    if (kt.key === 'rsa2048') {
      it('RSA-1024 leaf: 1024-bit key, RSA server key usage; verifies at OpenSSL defaults, refused at -auth_level 2', (t) => {
        if (skipWithout(t, 'openssl')) return;
        const weak = text('weak');
        assert.match(weak, /rsaEncryption\s+Public-Key: \(1024 bit\)/);
        assert.equal(extensionsOf(weak).get('X509v3 Key Usage')?.value, 'Digital Signature, Key Encipherment');
        assertVerifies(f, 'weak', { extra: ['-purpose', 'sslserver'] });
        assertRefused(f, 'weak', 'EE certificate key too weak', { extra: ['-auth_level', '2'] });
        assertVerifies(f, 'server', { extra: ['-auth_level', '2'] });
      });

      it('RSA-4096 dual leaf: 4096-bit key, dual profile extensions, both TLS purposes', (t) => {
        if (skipWithout(t, 'openssl')) return;
        const big = text('big');
        assert.match(big, /rsaEncryption\s+Public-Key: \(4096 bit\)/);
        const exts = extensionsOf(big);
        const expected = expectedExtensions('dual', true);
        assert.deepEqual([...exts.keys()].sort(), Object.keys(expected).sort());
        assert.equal(exts.get('X509v3 Key Usage')?.value, 'Digital Signature, Key Encipherment');
        assert.equal(exts.get('X509v3 Extended Key Usage')?.value, `${SERVER_AUTH}, ${CLIENT_AUTH}`);
        assertVerifies(f, 'big', { extra: ['-purpose', 'sslserver'] });
        assertVerifies(f, 'big', { extra: ['-purpose', 'sslclient'] });
        assert.equal(f.manifest.certificates.big!.keyAlgorithm, 'RSA 4096');
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Deterministic mode: seeded keys (a custom RSA prime search, RFC 6979 ECDSA) against OpenSSL
// ---------------------------------------------------------------------------------------------

describe('deterministic (seeded) set: every key type, checked by OpenSSL', () => {
  let f: WrittenFixture;
  before(async () => {
    f = await build({
      version: 1,
      name: 'seeded',
      seed: 'certgen interop',
      certificates: {
        root: { key: 'rsa2048' },
        intermediate: { issuer: 'root', profile: 'intermediate', key: 'rsa3072' },
        p256: { issuer: 'intermediate', key: 'p256' },
        p384: { issuer: 'intermediate', key: 'p384', profile: 'client' },
        p521: { issuer: 'intermediate', key: 'p521', profile: 'dual' },
        ed25519: { issuer: 'intermediate', key: 'ed25519' },
        weak: { issuer: 'intermediate', key: { type: 'rsa', size: 1024 } },
        pss: { issuer: 'root', pss: true, key: { sameAs: 'p256' } },
        edroot: { key: { sameAs: 'ed25519' } },
        p384ca: { issuer: 'root', profile: 'intermediate', key: { sameAs: 'p384' } },
        p384leaf: { issuer: 'p384ca', key: { sameAs: 'p256' }, profile: 'none' },
      },
    });
  });

  it('openssl pkey -check accepts every seeded key (RSA primes, CRT values, EC points)', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of Object.keys(f.manifest.certificates)) {
      const check = openssl(['pkey', '-in', f.path(`${name}.key.pem`), '-check', '-noout']);
      assert.equal(check.status, 0, `${name}: ${check.stderr}`);
      assert.match(check.stdout, /Key is valid/, name);
    }
  });

  it('every seeded certificate verifies against its issuer (RFC 6979 ECDSA, PKCS#1, PSS, Ed25519 signatures)', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of ['p256', 'p384', 'p521', 'ed25519', 'weak']) assertVerifies(f, name);
    assertVerifies(f, 'pss', { untrusted: null });
    assertVerifies(f, 'edroot', { root: 'edroot', untrusted: null });
    assertVerifies(f, 'p384leaf', { untrusted: 'p384ca' });
    assert.deepEqual(sigAlgsOf(f.path('p384leaf.pem')), ['ecdsa-with-SHA384', 'ecdsa-with-SHA384']);
  });

  it('seeded validity: epoch 2019-06-01 − 1h to 9999-12-31T23:59:59Z (GeneralizedTime), equal in pins.json', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of Object.keys(f.manifest.certificates)) {
      const facts = x509Facts(f.path(`${name}.pem`));
      assert.deepEqual({ notBefore: facts.notBefore, notAfter: facts.notAfter }, { notBefore: '2019-05-31T23:00:00Z', notAfter: '9999-12-31T23:59:59Z' }, name);
      assert.deepEqual(validityTimes(asn1(f.path(`${name}.pem`))), [{ type: 'UTCTIME', value: '190531230000Z' }, { type: 'GENERALIZEDTIME', value: '99991231235959Z' }], name);
      const pin = f.manifest.certificates[name]!;
      assert.deepEqual({ notBefore: pin.notBefore, notAfter: pin.notAfter }, { notBefore: facts.notBefore, notAfter: facts.notAfter }, name);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Signature algorithms: hash, pss, and the issuer's key deciding the algorithm
// ---------------------------------------------------------------------------------------------

describe('signature algorithms (hash, pss, issuer key)', () => {
  let f: WrittenFixture;
  before(async () => {
    f = await build({
      version: 1,
      name: 'signatures',
      certificates: {
        rsaroot: { key: 'rsa2048' },
        pssroot: { key: { sameAs: 'rsaroot' }, pss: true }, // a self-signed RSA-PSS root
        pkcs1: { issuer: 'rsaroot', key: 'p256' },
        sha384: { issuer: 'rsaroot', key: 'p256', hash: 'sha384' },
        sha512: { issuer: 'rsaroot', key: 'p256', hash: 'sha512' },
        sha1: { issuer: 'rsaroot', key: 'p256', hash: 'sha1' },
        pss256: { issuer: 'rsaroot', key: 'p256', pss: true },
        pss384: { issuer: 'rsaroot', key: 'p256', pss: true, hash: 'sha384' },
        pss512: { issuer: 'rsaroot', key: 'p256', pss: true, hash: 'sha512' },
        pss1: { issuer: 'rsaroot', key: 'p256', pss: true, hash: 'sha1' },
        ecroot: { key: 'p256' },
        ecsha1: { issuer: 'ecroot', key: 'p256', hash: 'sha1' },
        ecsha384: { issuer: 'ecroot', key: 'p256', hash: 'sha384' },
        p384root: { key: 'p384' },
        p384leaf: { issuer: 'p384root', key: 'p256' }, // the issuer's key picks the hash, not the leaf's
        p521root: { key: 'p521' },
        p521leaf: { issuer: 'p521root', key: 'ed25519' },
        edroot: { key: 'ed25519' },
        edleaf: { issuer: 'edroot', key: 'p384' },
      },
    });
  });

  const issuerOf = (name: string): string => f.manifest.certificates[name]!.issuer;
  const sigAlgs = (name: string): string[] => [...x509Text(f.path(`${name}.pem`)).matchAll(/Signature Algorithm: (\S+)/g)].map((m) => m[1]!);

  it('PKCS#1 v1.5 / ECDSA / Ed25519 names: default, hash: sha384 | sha512 | sha1, and the issuer key choosing', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const expected: Record<string, string> = {
      rsaroot: 'sha256WithRSAEncryption',
      pkcs1: 'sha256WithRSAEncryption',
      sha384: 'sha384WithRSAEncryption',
      sha512: 'sha512WithRSAEncryption',
      sha1: 'sha1WithRSAEncryption',
      ecroot: 'ecdsa-with-SHA256',
      ecsha1: 'ecdsa-with-SHA1',
      ecsha384: 'ecdsa-with-SHA384',
      p384root: 'ecdsa-with-SHA384',
      p384leaf: 'ecdsa-with-SHA384',
      p521root: 'ecdsa-with-SHA512',
      p521leaf: 'ecdsa-with-SHA512',
      edroot: 'ED25519',
      edleaf: 'ED25519',
    };
    for (const [name, alg] of Object.entries(expected)) assert.deepEqual(sigAlgs(name), [alg, alg], name);
  });

  it('RSASSA-PSS: hash, MGF1 hash and salt length (= hash length) as openssl prints them; SHA-1 PSS uses all defaults', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const pss = (hash: string, salt: number) =>
      // OpenSSL prints the outer one's parameters after a "Signature Value:" label.
      new RegExp(`Signature Algorithm: rsassaPss\\s+(?:Signature Value:\\s+)?Hash Algorithm: ${hash}\\s+Mask Algorithm: mgf1 with ${hash}\\s+Salt Length: 0x${salt.toString(16)}\\s+Trailer Field: 0x01 \\(default\\)`);
    for (const [name, hash, salt] of [['pss256', 'sha256', 32], ['pssroot', 'sha256', 32], ['pss384', 'sha384', 48], ['pss512', 'sha512', 64]] as const) {
      const text = x509Text(f.path(`${name}.pem`));
      // Twice: the TBS signature field and the outer signatureAlgorithm.
      assert.equal(text.match(new RegExp(pss(hash, salt).source, 'g'))?.length, 2, `${name}: ${text}`);
    }
    const pss1 = x509Text(f.path('pss1.pem'));
    assert.match(pss1, /Signature Algorithm: rsassaPss\s+Hash Algorithm: sha1 \(default\)\s+Mask Algorithm: mgf1 with sha1 \(default\)\s+Salt Length: 0x14 \(default\)/);
  });

  it('every signature is valid (openssl verify against its issuer); SHA-1 ones are refused at -auth_level 1', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const name of Object.keys(f.manifest.certificates)) {
      assertVerifies(f, name, { root: issuerOf(name), untrusted: null });
    }
    for (const name of ['sha1', 'pss1', 'ecsha1']) {
      assertRefused(f, name, 'CA signature digest algorithm too weak', { root: issuerOf(name), untrusted: null, extra: ['-auth_level', '1'] });
    }
    assertVerifies(f, 'pss256', { root: 'rsaroot', untrusted: null, extra: ['-auth_level', '1'] });
    // Negative control: a certificate checked against a root that did not sign it.
    assertRefused(f, 'pkcs1', 'unable to get local issuer certificate', { root: 'ecroot', untrusted: null });
  });
});

// ---------------------------------------------------------------------------------------------
// Subjects
// ---------------------------------------------------------------------------------------------

describe('subjects: map form and RFC 4514 string form', () => {
  let f: WrittenFixture;
  before(async () => {
    f = await build(`
version: 1
name: subjects
certificates:
  mapped:
    subject: { CN: Zürich Test, O: certgen Ünïcode AG, OU: [Interop, Tests], C: CH, ST: Zürich, L: Zürich, serialNumber: "12345", E: ca@example.com }
  escaped:
    issuer: mapped
    subject: 'CN=Acme\\, Inc.,OU=R&D,O=certgen,C=US'
  plain:
    issuer: mapped
`);
  });

  it('map form: DER order C, ST, L, O, OU, OU, CN, serialNumber, E; C and serialNumber PrintableString, E IA5String, the rest UTF8String', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const parsed = asn1(f.path('mapped.pem'));
    // The subject is the second Name (after the issuer): take the attributes after the validity times.
    const afterValidity = parsed.slice(parsed.lastIndexOf('TIME'));
    const attrs = [...afterValidity.matchAll(/prim: OBJECT\s+:(\S+)\s*\n.*prim: (\S+)\s+:(.*)/g)].map((m) => [m[1], m[2], m[3]!.trimEnd()]);
    assert.deepEqual(attrs.slice(0, 9), [
      ['countryName', 'PRINTABLESTRING', 'CH'],
      ['stateOrProvinceName', 'UTF8STRING', 'Zürich'],
      ['localityName', 'UTF8STRING', 'Zürich'],
      ['organizationName', 'UTF8STRING', 'certgen Ünïcode AG'],
      ['organizationalUnitName', 'UTF8STRING', 'Interop'],
      ['organizationalUnitName', 'UTF8STRING', 'Tests'],
      ['commonName', 'UTF8STRING', 'Zürich Test'],
      ['serialNumber', 'PRINTABLESTRING', '12345'],
      ['emailAddress', 'IA5STRING', 'ca@example.com'],
    ]);
    // One attribute per RDN (multi-valued RDNs break Python): 9 SETs in each Name.
    assert.equal(parsed.match(/cons: SET/g)?.length, 18);
  });

  it('x509 -subject -nameopt RFC2253,-esc_msb shows the UTF-8 subject; it equals pins.json subject and issuerSubject', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const expected = 'emailAddress=ca@example.com,serialNumber=12345,CN=Zürich Test,OU=Tests,OU=Interop,O=certgen Ünïcode AG,L=Zürich,ST=Zürich,C=CH';
    const facts = x509Facts(f.path('mapped.pem'));
    assert.equal(facts.subject, expected);
    assert.equal(facts.issuer, expected);
    assert.equal(f.manifest.certificates.mapped!.subject, expected);
    assert.equal(x509Facts(f.path('plain.pem')).issuer, expected);
    assert.equal(f.manifest.certificates.plain!.issuerSubject, expected);
    // Escaped form (default nameopt escapes MSB characters): the bytes are UTF-8.
    assert.match(opensslOk(['x509', '-in', f.path('mapped.pem'), '-noout', '-subject', '-nameopt', 'RFC2253']), /CN=Z\\C3\\BCrich Test/);
  });

  it('RFC 4514 string with an escaped comma: one CN "Acme, Inc.", DER order reversed, C PrintableString', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const facts = x509Facts(f.path('escaped.pem'));
    assert.equal(facts.subject, 'CN=Acme\\, Inc.,OU=R&D,O=certgen,C=US');
    assert.equal(f.manifest.certificates.escaped!.subject, facts.subject);
    const parsed = asn1(f.path('escaped.pem'));
    const subject = parsed.slice(parsed.lastIndexOf('TIME'));
    const attrs = [...subject.matchAll(/prim: OBJECT\s+:(\S+)\s*\n.*prim: (\S+)\s+:(.*)/g)].map((m) => [m[1], m[2], m[3]!.trimEnd()]);
    assert.deepEqual(attrs.slice(0, 4), [
      ['countryName', 'PRINTABLESTRING', 'US'],
      ['organizationName', 'UTF8STRING', 'certgen'],
      ['organizationalUnitName', 'UTF8STRING', 'R&D'],
      ['commonName', 'UTF8STRING', 'Acme, Inc.'],
    ]);
    assert.equal(x509Facts(f.path('plain.pem')).subject, 'CN=plain');
  });

  // RFC 4514 2.4 requires a trailing space to be escaped ("\ "), which is how openssl and
  // pins.json print it; certgen trims the value before unescaping and then finds a lone backslash.
  it('an RFC 4514 string with an escaped trailing space (as openssl and pins.json print it) is accepted', async (t) => {
    if (skipWithout(t, 'openssl')) return;
    const g = await build({ version: 1, name: 'trailing', certificates: { c: { subject: 'CN=trail\\ ,O=certgen' } } });
    assert.equal(x509Facts(g.path('c.pem')).subject, 'CN=trail\\ ,O=certgen');
  });
});

// ---------------------------------------------------------------------------------------------
// Subject alternative names
// ---------------------------------------------------------------------------------------------

describe('subject alternative names: DNS, IPv4, IPv6, email, URI, typed and bare', () => {
  let f: WrittenFixture;
  before(async () => {
    f = await build({
      version: 1,
      name: 'sans',
      certificates: {
        root: {},
        kinds: {
          issuer: 'root',
          profile: 'dual',
          san: [
            'DNS:typed.example',
            'bare.example',
            '*.wild.example',
            'bücher.example',
            'IP:10.1.2.3',
            '192.0.2.7',
            'IP:2001:db8::1',
            'fe80::1:2',
            'email:typed@example.com',
            'bare@example.org',
            'URI:https://typed.example/path',
            'spiffe://bare.example/workload',
          ],
        },
        nosan: { issuer: 'root', profile: 'server', san: [] },
        clientsan: { issuer: 'root', profile: 'client', san: ['client.example'] },
      },
    });
  });

  it('x509 -text lists every entry, typed and bare, in template order (IDN as A-label)', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const san = extensionsOf(x509Text(f.path('kinds.pem'))).get('X509v3 Subject Alternative Name');
    assert.deepEqual(san, {
      critical: false,
      value:
        'DNS:typed.example, DNS:bare.example, DNS:*.wild.example, DNS:xn--bcher-kva.example, IP Address:10.1.2.3, IP Address:192.0.2.7, ' +
        'IP Address:2001:DB8:0:0:0:0:0:1, IP Address:FE80:0:0:0:0:0:1:2, email:typed@example.com, email:bare@example.org, ' +
        'URI:https://typed.example/path, URI:spiffe://bare.example/workload',
    });
  });

  it('openssl verify matches hostnames, IPs and emails from the SAN, and refuses others', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const o = { untrusted: null };
    for (const host of ['typed.example', 'bare.example', 'x.wild.example', 'xn--bcher-kva.example']) assertVerifies(f, 'kinds', { ...o, extra: ['-verify_hostname', host] });
    for (const ip of ['10.1.2.3', '192.0.2.7', '2001:db8::1', 'fe80::1:2']) assertVerifies(f, 'kinds', { ...o, extra: ['-verify_ip', ip] });
    for (const email of ['typed@example.com', 'bare@example.org']) assertVerifies(f, 'kinds', { ...o, extra: ['-verify_email', email] });
    assertRefused(f, 'kinds', 'hostname mismatch', { ...o, extra: ['-verify_hostname', 'other.example'] });
    assertRefused(f, 'kinds', 'hostname mismatch', { ...o, extra: ['-verify_hostname', 'a.b.wild.example'] });
    assertRefused(f, 'kinds', 'IP address mismatch', { ...o, extra: ['-verify_ip', '10.1.2.4'] });
    assertRefused(f, 'kinds', 'email address mismatch', { ...o, extra: ['-verify_email', 'other@example.com'] });
  });

  it('san: [] writes no SAN extension on a server; a client gets a SAN only when it asks', (t) => {
    if (skipWithout(t, 'openssl')) return;
    assert.ok(!extensionsOf(x509Text(f.path('nosan.pem'))).has('X509v3 Subject Alternative Name'));
    assert.deepEqual(f.manifest.certificates.nosan!.subjectAltNames, []);
    assert.equal(extensionsOf(x509Text(f.path('clientsan.pem'))).get('X509v3 Subject Alternative Name')?.value, 'DNS:client.example');
  });
});

// ---------------------------------------------------------------------------------------------
// Validity
// ---------------------------------------------------------------------------------------------

describe('validity: ISO and relative forms, days, UTCTime/GeneralizedTime', () => {
  let f: WrittenFixture;
  const EXPECTED: Record<string, { notBefore: string; notAfter: string; types: [string, string]; der: [string, string] }> = {
    iso: { notBefore: '2024-01-01T00:00:00Z', notAfter: '2030-06-15T12:30:45Z', types: ['UTCTIME', 'UTCTIME'], der: ['240101000000Z', '300615123045Z'] },
    relative: { notBefore: '2025-02-27T00:00:00Z', notAfter: '2026-03-01T00:00:00Z', types: ['UTCTIME', 'UTCTIME'], der: ['250227000000Z', '260301000000Z'] },
    days: { notBefore: '2025-01-01T00:00:00Z', notAfter: '2025-01-11T00:00:00Z', types: ['UTCTIME', 'UTCTIME'], der: ['250101000000Z', '250111000000Z'] },
    defaults: { notBefore: '2025-02-28T23:00:00Z', notAfter: '2026-04-01T23:00:00Z', types: ['UTCTIME', 'UTCTIME'], der: ['250228230000Z', '260401230000Z'] },
    last2049: { notBefore: '2025-02-28T23:00:00Z', notAfter: '2049-12-31T23:59:59Z', types: ['UTCTIME', 'UTCTIME'], der: ['250228230000Z', '491231235959Z'] },
    first2050: { notBefore: '2025-02-28T23:00:00Z', notAfter: '2050-01-01T00:00:00Z', types: ['UTCTIME', 'GENERALIZEDTIME'], der: ['250228230000Z', '20500101000000Z'] },
    far: { notBefore: '2025-02-28T23:00:00Z', notAfter: '2051-02-03T04:05:06Z', types: ['UTCTIME', 'GENERALIZEDTIME'], der: ['250228230000Z', '20510203040506Z'] },
    forever: { notBefore: '2000-01-01T00:00:00Z', notAfter: '9999-12-31T23:59:59Z', types: ['UTCTIME', 'GENERALIZEDTIME'], der: ['000101000000Z', '99991231235959Z'] },
    both2050: { notBefore: '2060-05-05T05:05:05Z', notAfter: '2061-05-05T05:05:05Z', types: ['GENERALIZEDTIME', 'GENERALIZEDTIME'], der: ['20600505050505Z', '20610505050505Z'] },
  };

  before(async () => {
    f = await build({
      version: 1,
      name: 'validity',
      epoch: '2025-03-01T00:00:00Z',
      certificates: {
        forever: { validity: { notBefore: '2000-01-01T00:00:00Z', notAfter: '9999-12-31T23:59:59Z' } },
        // An offset time: 02:00+02:00 is midnight UTC.
        iso: { issuer: 'forever', validity: { notBefore: '2024-01-01T02:00:00+02:00', notAfter: '2030-06-15T12:30:45Z' } },
        relative: { issuer: 'forever', validity: { notBefore: '-2d', notAfter: '1y' } },
        days: { issuer: 'forever', validity: { notBefore: '2025-01-01T00:00:00Z', days: 10 } },
        defaults: { issuer: 'forever' },
        last2049: { issuer: 'forever', validity: { notAfter: '2049-12-31T23:59:59Z' } },
        first2050: { issuer: 'forever', validity: { notAfter: '2050-01-01T00:00:00Z' } },
        far: { issuer: 'forever', validity: { notAfter: '2051-02-03T04:05:06Z' } },
        both2050: { issuer: 'forever', validity: { notBefore: '2060-05-05T05:05:05Z', days: 365 } },
      },
    });
  });

  it('pins.json notBefore/notAfter are the expected instants and equal what openssl prints', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const [name, want] of Object.entries(EXPECTED)) {
      const pin = f.manifest.certificates[name]!;
      assert.deepEqual({ notBefore: pin.notBefore, notAfter: pin.notAfter }, { notBefore: want.notBefore, notAfter: want.notAfter }, `${name}: pins.json`);
      const facts = x509Facts(f.path(`${name}.pem`));
      assert.deepEqual({ notBefore: facts.notBefore, notAfter: facts.notAfter }, { notBefore: want.notBefore, notAfter: want.notAfter }, `${name}: openssl`);
    }
  });

  it('asn1parse: UTCTime through 2049, GeneralizedTime from 2050, whole seconds, Z', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const [name, want] of Object.entries(EXPECTED)) {
      const times = validityTimes(asn1(f.path(`${name}.pem`)));
      assert.deepEqual(times, [
        { type: want.types[0], value: want.der[0] },
        { type: want.types[1], value: want.der[1] },
      ], name);
    }
  });

  it('openssl verify -attime: valid inside the window, "not yet valid" before, "expired" after', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const at = (iso: string): string[] => ['-attime', String(Date.parse(iso) / 1000)];
    const o = { root: 'forever', untrusted: null };
    assertVerifies(f, 'iso', { ...o, extra: at('2027-01-01T00:00:00Z') });
    assertRefused(f, 'iso', 'certificate is not yet valid', { ...o, extra: at('2023-12-31T23:59:00Z') });
    assertRefused(f, 'iso', 'certificate has expired', { ...o, extra: at('2030-06-15T12:31:00Z') });
    assertVerifies(f, 'far', { ...o, extra: at('2051-02-03T04:00:00Z') });
    assertRefused(f, 'far', 'certificate has expired', { ...o, extra: at('2051-02-03T04:06:00Z') });
    assertVerifies(f, 'both2050', { ...o, extra: at('2060-06-01T00:00:00Z') });
    assertRefused(f, 'both2050', 'certificate is not yet valid', { ...o, extra: at('2060-05-05T05:00:00Z') });
  });
});

// ---------------------------------------------------------------------------------------------
// Serials
// ---------------------------------------------------------------------------------------------

describe('serial numbers: given hex and the 16-byte default', () => {
  let f: WrittenFixture;
  const GIVEN: Record<string, { serial: string; openssl: string; derLength: number }> = {
    small: { serial: '0a1b2c', openssl: '0A1B2C', derLength: 3 },
    topbit: { serial: 'ff01', openssl: 'FF01', derLength: 3 }, // 00 FF 01: sign octet needed
    padded: { serial: '0x00000abc', openssl: '0ABC', derLength: 2 }, // leading zero octets dropped
    colons: { serial: '01:02:03:04', openssl: '01020304', derLength: 4 },
    twenty: { serial: '7f'.padEnd(40, '1'), openssl: '7F'.padEnd(40, '1'), derLength: 20 },
  };
  const DEFAULTS = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'];

  before(async () => {
    const certificates: Record<string, object> = { root: {} };
    for (const [name, g] of Object.entries(GIVEN)) certificates[name] = { issuer: 'root', serial: g.serial };
    for (const name of DEFAULTS) certificates[name] = { issuer: 'root', key: { sameAs: 'root' } };
    f = await build({ version: 1, name: 'serials', certificates });
  });

  it('a given hex serial is written minimally and printed by openssl as given', (t) => {
    if (skipWithout(t, 'openssl')) return;
    for (const [name, g] of Object.entries(GIVEN)) {
      const facts = x509Facts(f.path(`${name}.pem`));
      assert.equal(facts.serial, g.openssl, name);
      assert.equal(f.manifest.certificates[name]!.serialNumber, g.openssl.toLowerCase(), name);
      assert.deepEqual(serialDer(asn1(f.path(`${name}.pem`))), { length: g.derLength, value: g.openssl }, name);
    }
  });

  it('the default serial: 16 octets, positive, no leading 00, distinct per certificate', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const seen = new Set<string>();
    for (const name of ['root', ...DEFAULTS]) {
      const facts = x509Facts(f.path(`${name}.pem`));
      assert.match(facts.serial, /^[0-9A-F]{32}$/, `${name}: 16 octets as openssl prints them`);
      assert.ok(parseInt(facts.serial.slice(0, 2), 16) >= 0x01 && parseInt(facts.serial.slice(0, 2), 16) <= 0x7f, `${name}: first octet ${facts.serial.slice(0, 2)}`);
      const der = serialDer(asn1(f.path(`${name}.pem`)));
      assert.deepEqual(der, { length: 16, value: facts.serial }, `${name}: DER INTEGER of 16 content octets`);
      assert.equal(f.manifest.certificates[name]!.serialNumber, facts.serial.toLowerCase());
      seen.add(facts.serial);
    }
    assert.equal(seen.size, DEFAULTS.length + 1, 'serials must differ');
  });
});

// ---------------------------------------------------------------------------------------------
// nameConstraints, crlDistributionPoints, ocsp, raw extensions
// ---------------------------------------------------------------------------------------------

describe('nameConstraints, crlDistributionPoints, ocsp and raw extensions', () => {
  let f: WrittenFixture;
  before(async () => {
    f = await build({
      version: 1,
      name: 'extensions',
      certificates: {
        root: {},
        constrained: {
          issuer: 'root',
          profile: 'intermediate',
          nameConstraints: { permitted: ['DNS:.good.test', 'IP:10.0.0.0/8', 'email:.example.com'], excluded: ['DNS:bad.good.test', 'IP:10.66.0.0/16'] },
        },
        inside: { issuer: 'constrained', san: ['ok.good.test', '10.1.2.3', 'me@mail.example.com'] },
        outside: { issuer: 'constrained', san: ['evil.test'] },
        excluded: { issuer: 'constrained', san: ['bad.good.test'] },
        excludedip: { issuer: 'constrained', san: ['ok.good.test', '10.66.1.1'] },
        located: {
          issuer: 'root',
          crlDistributionPoints: ['http://crl.example/root.crl', 'http://crl2.example/root.crl'],
          ocsp: ['http://ocsp.example/'],
        },
        raw: {
          issuer: 'root',
          extensions: [
            { oid: '1.2.3.4.5', value: '0c0568656c6c6f' }, // UTF8String "hello"
            { oid: '2.5.29.37', value: '300a06082b06010505070303' }, // EKU codeSigning replaces serverAuth
          ],
        },
        rawcritical: { issuer: 'root', extensions: [{ oid: '1.2.3.4.6', critical: true, value: '0500' }] },
        rawsan: { issuer: 'root', extensions: [{ oid: '2.5.29.17', value: '300c820a6f746865722e74657374' }] }, // DNS:other.test
        // A CA whose subjectKeyIdentifier is given raw (e.g. to match an existing CA's key id).
        rawskica: { issuer: 'root', profile: 'intermediate', extensions: [{ oid: '2.5.29.14', value: `0414${'11'.repeat(20)}` }] },
        underrawski: { issuer: 'rawskica' },
      },
    });
  });

  const o = { untrusted: 'constrained' };

  it('nameConstraints: critical, permitted and excluded subtrees as openssl prints them', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const nc = extensionsOf(x509Text(f.path('constrained.pem'))).get('X509v3 Name Constraints');
    assert.deepEqual(nc, {
      critical: true,
      value: ['Permitted:', 'DNS:.good.test', 'IP:10.0.0.0/255.0.0.0', 'email:.example.com', 'Excluded:', 'DNS:bad.good.test', 'IP:10.66.0.0/255.255.0.0'].join('\n'),
    });
  });

  it('nameConstraints are enforced by openssl verify: inside passes, outside and excluded names are refused', (t) => {
    if (skipWithout(t, 'openssl')) return;
    assertVerifies(f, 'inside', o);
    assertRefused(f, 'outside', 'permitted subtree violation', o);
    assertRefused(f, 'excluded', 'excluded subtree violation', o);
    assertRefused(f, 'excludedip', 'excluded subtree violation', o);
  });

  it('crlDistributionPoints and OCSP (authorityInfoAccess) show up, not critical', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const exts = extensionsOf(x509Text(f.path('located.pem')));
    assert.deepEqual(exts.get('X509v3 CRL Distribution Points'), {
      critical: false,
      value: ['Full Name:', 'URI:http://crl.example/root.crl', 'Full Name:', 'URI:http://crl2.example/root.crl'].join('\n'),
    });
    assert.deepEqual(exts.get('Authority Information Access'), { critical: false, value: 'OCSP - URI:http://ocsp.example/' });
    assert.equal(opensslOk(['x509', '-in', f.path('located.pem'), '-noout', '-ocsp_uri']).trim(), 'http://ocsp.example/');
    assertVerifies(f, 'located', { untrusted: null });
    // And none of it where not asked for.
    const plain = extensionsOf(x509Text(f.path('inside.pem')));
    assert.ok(!plain.has('X509v3 CRL Distribution Points') && !plain.has('Authority Information Access'));
  });

  it('a raw extension appears as written; one with a computed OID (2.5.29.37) replaces the computed one', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const text = x509Text(f.path('raw.pem'));
    const exts = extensionsOf(text);
    assert.deepEqual(exts.get('1.2.3.4.5'), { critical: false, value: '..hello' });
    assert.deepEqual(exts.get('X509v3 Extended Key Usage'), { critical: false, value: 'Code Signing' });
    assert.equal(text.split('X509v3 Extended Key Usage').length - 1, 1, 'exactly one EKU extension');
    assert.doesNotMatch(text, /TLS Web Server Authentication/);
    const der = extensionDer(asn1(f.path('raw.pem')));
    assert.deepEqual(der.get('1.2.3.4.5'), { critical: false, hex: '0c0568656c6c6f' });
    // The replaced EKU really changes what the certificate may be used for.
    assertRefused(f, 'raw', 'unsuitable certificate purpose', { untrusted: null, extra: ['-purpose', 'sslserver'] });
    assertVerifies(f, 'raw', { untrusted: null });
    // A raw SAN replaces the default one.
    assert.deepEqual(extensionsOf(x509Text(f.path('rawsan.pem'))).get('X509v3 Subject Alternative Name'), { critical: false, value: 'DNS:other.test' });
  });

  // RFC 5280 4.2.1.1: the AKI keyIdentifier of an issued certificate is its issuer's SKI. certgen
  // writes the raw SKI on the CA but still gives its children the computed key id as AKI, so
  // OpenSSL cannot match issuer and child ("unable to get local issuer certificate").
  it('a raw subjectKeyIdentifier on a CA becomes the authorityKeyIdentifier of what it issues', (t) => {
    if (skipWithout(t, 'openssl')) return;
    const ski = extensionsOf(x509Text(f.path('rawskica.pem'))).get('X509v3 Subject Key Identifier')?.value;
    assert.equal(ski, Array(20).fill('11').join(':'));
    assert.equal(extensionsOf(x509Text(f.path('underrawski.pem'))).get('X509v3 Authority Key Identifier')?.value.replace(/^keyid:/, ''), ski);
    assertVerifies(f, 'underrawski', { untrusted: 'rawskica' });
  });

  it('a critical raw extension is marked critical, and an unknown critical extension is refused by openssl verify', (t) => {
    if (skipWithout(t, 'openssl')) return;
    assert.deepEqual(extensionDer(asn1(f.path('rawcritical.pem'))).get('1.2.3.4.6'), { critical: true, hex: '0500' });
    assert.equal(extensionsOf(x509Text(f.path('rawcritical.pem'))).get('1.2.3.4.6')?.critical, true);
    assertRefused(f, 'rawcritical', 'unhandled critical extension', { untrusted: null });
  });
});
