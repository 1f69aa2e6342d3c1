/**
 * certgen's certificates and keys against Python `cryptography` (pyca, Rust X.509 parser): every
 * certificate and PKCS#8 key of every key type loads, each key belongs to its certificate and
 * signs what the certificate's key verifies, every issued certificate passes
 * `verify_directly_issued_by` (Ed25519 and RSA-PSS included) and fails it against a stranger issuer,
 * and the strict high-level verifier (`cryptography.x509.verification`) accepts server and dual
 * leaves for TLS server use and refuses client leaves (and vice versa). Each test writes one
 * Python script to a temp file, runs it, and reads the JSON it prints.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import type { PinEntry } from '../../src/pins/manifest.js';
import { fixtureBuilder, type WrittenFixture } from '../helpers/fixture.js';
import { haveTool, run, tmpDir } from '../helpers/tools.js';

const build = fixtureBuilder();

let pythonReady: boolean | undefined;
/** python3 with `cryptography` importable. */
function skipWithoutPython(t: TestContext): boolean {
  if (pythonReady === undefined) {
    pythonReady = haveTool('python3') && spawnSync('python3', ['-c', 'import cryptography.x509.verification'], { encoding: 'utf8' }).status === 0;
  }
  if (pythonReady) return false;
  t.skip('python3 with the cryptography package (>= 42, for x509.verification) not installed: this interop test cannot run (CI installs it)');
  return true;
}

const scripts = build.track(tmpDir('certgen-python-'));

/** Writes `source` to a temp .py file, runs it with one JSON argument, parses the JSON it prints. */
function python<T>(label: string, source: string, arg: unknown): T {
  const file = join(scripts, `${label}.py`);
  writeFileSync(file, source);
  const r = run('python3', [file, JSON.stringify(arg)]);
  assert.equal(r.status, 0, `${label}.py failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

const KEY_TYPES = ['p256', 'p384', 'p521', 'rsa2048', 'rsa3072', 'ed25519'] as const;
type KeyType = (typeof KEY_TYPES)[number];

const KEY_ALGORITHM: Record<KeyType, string> = {
  p256: 'ECDSA P-256', p384: 'ECDSA P-384', p521: 'ECDSA P-521', rsa2048: 'RSA 2048', rsa3072: 'RSA 3072', ed25519: 'Ed25519',
};

/** Signature algorithm OID of a certificate signed by a key of this type (default hash). */
const SIGNATURE_OID: Record<KeyType, string> = {
  p256: '1.2.840.10045.4.3.2',
  p384: '1.2.840.10045.4.3.3',
  p521: '1.2.840.10045.4.3.4',
  rsa2048: '1.2.840.113549.1.1.11',
  rsa3072: '1.2.840.113549.1.1.11',
  ed25519: '1.3.101.112',
};

function chainTemplate(key: KeyType, name: string, extras = true): object {
  const certificates: Record<string, object> = {
    root: { subject: { C: 'CH', O: 'certgen', CN: `Zürich ${key} Root` } },
    intermediate: { issuer: 'root', profile: 'intermediate', pathLength: 0 },
    server: { issuer: 'intermediate' },
    client: { issuer: 'intermediate', profile: 'client' },
    // Python's verifier wants a SAN on every leaf: a client leaf with one isolates the EKU check.
    clientsan: { issuer: 'intermediate', profile: 'client', san: ['client.test'] },
    dual: { issuer: 'intermediate', profile: 'dual' },
    none: { issuer: 'intermediate', profile: 'none' },
  };
  if (key === 'rsa2048' && extras) {
    certificates.weak = { issuer: 'intermediate', key: { type: 'rsa', size: 1024 } };
    certificates.big = { issuer: 'intermediate', profile: 'dual', key: 'rsa4096' };
  }
  return { version: 1, name, defaults: { key }, certificates };
}

const chains = new Map<KeyType, WrittenFixture>();
/** The same templates built again: same names and subjects, other keys. */
const twins = new Map<KeyType, WrittenFixture>();
let signatures: WrittenFixture;
/** Deterministic mode: keys from certgen's own seeded RSA prime search and RFC 6979 ECDSA signatures. */
let seeded: WrittenFixture;

before(async () => {
  for (const key of KEY_TYPES) chains.set(key, await build(chainTemplate(key, `py-${key}`)));
  for (const key of ['p256', 'rsa2048', 'ed25519'] as const) twins.set(key, await build(chainTemplate(key, `twin-${key}`, false)));
  signatures = await build({
    version: 1,
    name: 'py-signatures',
    defaults: { key: 'p256' },
    certificates: {
      rsaroot: { key: 'rsa2048' },
      pssroot: { key: { sameAs: 'rsaroot' }, pss: true },
      pss256: { issuer: 'rsaroot', pss: true },
      pss384: { issuer: 'rsaroot', pss: true, hash: 'sha384' },
      pss512: { issuer: 'rsaroot', pss: true, hash: 'sha512' },
      pss1: { issuer: 'rsaroot', pss: true, hash: 'sha1' },
      sha1: { issuer: 'rsaroot', hash: 'sha1' },
      sha512: { issuer: 'rsaroot', hash: 'sha512' },
      ecroot: {},
      ecsha1: { issuer: 'ecroot', hash: 'sha1' },
      ecsha512: { issuer: 'ecroot', hash: 'sha512' },
      edroot: { key: 'ed25519' },
      edleaf: { issuer: 'edroot', key: 'rsa2048' },
    },
  });
  seeded = await build({
    version: 1,
    name: 'py-seeded',
    seed: 'certgen python interop',
    certificates: {
      root: { key: 'rsa2048' },
      intermediate: { issuer: 'root', profile: 'intermediate', key: 'p384' },
      rsa3072: { issuer: 'intermediate', key: 'rsa3072' },
      weak: { issuer: 'intermediate', key: { type: 'rsa', size: 1024 } },
      p256: { issuer: 'intermediate', key: 'p256', profile: 'client' },
      p521: { issuer: 'intermediate', key: 'p521', profile: 'dual' },
      ed25519: { issuer: 'root', key: 'ed25519', profile: 'intermediate' },
      edleaf: { issuer: 'ed25519', key: { sameAs: 'p256' } },
      pss: { issuer: 'root', pss: true, hash: 'sha512', key: { sameAs: 'p256' } },
    },
  });
});

/** Every set the parse and issued-by checks cover. */
const allSets = (): WrittenFixture[] => [...chains.values(), signatures, seeded];

const PARSE = String.raw`
import base64, hashlib, json, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

SPKI = dict(encoding=serialization.Encoding.DER, format=serialization.PublicFormat.SubjectPublicKeyInfo)
CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
MESSAGE = b"certgen interop"

def read(path):
    with open(path, "rb") as f:
        return f.read()

def key_algorithm(pub):
    if isinstance(pub, ec.EllipticCurvePublicKey):
        return "ECDSA " + CURVES[pub.curve.name]
    if isinstance(pub, rsa.RSAPublicKey):
        return "RSA %d" % pub.key_size
    if isinstance(pub, ed25519.Ed25519PublicKey):
        return "Ed25519"
    return type(pub).__name__

def sign_and_verify(key, pub):
    """The private key signs, the certificate's public key verifies (and refuses a changed message)."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        sig = key.sign(MESSAGE, ec.ECDSA(hashes.SHA256()))
        check = lambda m: pub.verify(sig, m, ec.ECDSA(hashes.SHA256()))
    elif isinstance(key, rsa.RSAPrivateKey):
        sig = key.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256())
        check = lambda m: pub.verify(sig, m, padding.PKCS1v15(), hashes.SHA256())
    else:
        sig = key.sign(MESSAGE)
        check = lambda m: pub.verify(sig, m)
    check(MESSAGE)
    try:
        check(MESSAGE + b"!")
        return False
    except Exception:
        return True

out = {}
for d in json.loads(sys.argv[1]):
    pins = json.loads(read(d + "/pins.json"))
    for name, e in pins["certificates"].items():
        cert = x509.load_pem_x509_certificate(read(d + "/" + e["files"]["cert"]))
        key = serialization.load_pem_private_key(read(d + "/" + e["files"]["key"]), password=None)
        chain = x509.load_pem_x509_certificates(read(d + "/" + e["files"]["fullchain"]))
        pub = cert.public_key()
        out[pins["set"] + "/" + name] = {
            "version": cert.version.name,
            "keyAlgorithm": key_algorithm(pub),
            "privateKeyAlgorithm": key_algorithm(key.public_key()),
            "keyMatches": key.public_key().public_bytes(**SPKI) == pub.public_bytes(**SPKI),
            "signs": sign_and_verify(key, pub),
            "spkiSha256": base64.b64encode(hashlib.sha256(pub.public_bytes(**SPKI)).digest()).decode(),
            "certSha256": cert.fingerprint(hashes.SHA256()).hex(),
            "serial": "%x" % cert.serial_number,
            "subject": cert.subject.rfc4514_string(),
            "issuer": cert.issuer.rfc4514_string(),
            "notBefore": cert.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "notAfter": cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "signatureOid": cert.signature_algorithm_oid.dotted_string,
            # Reading every extension makes the Rust parser decode each one (it raises on bad DER).
            "extensions": [[x.oid.dotted_string, x.critical] for x in cert.extensions],
            "chain": [c.fingerprint(hashes.SHA256()).hex() for c in chain],
        }
print(json.dumps(out))
`;

/**
 * A script over PEM certificate files: `imports`, then `load(path)` to read one, then `loop`, which
 * walks `json.loads(sys.argv[1])` and fills the dict `out`, printed as JSON.
 */
const certScript = (imports: string, loop: string): string => String.raw`
import json, sys
from cryptography import x509
${imports}

def load(path):
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificate(f.read())

out = {}
${loop}
print(json.dumps(out))
`;

const ISSUED_BY = certScript(
  'from cryptography.exceptions import InvalidSignature',
  String.raw`
for label, cert, issuer in json.loads(sys.argv[1]):
    try:
        load(cert).verify_directly_issued_by(load(issuer))
        out[label] = "ok"
    except InvalidSignature:
        out[label] = "InvalidSignature"
    except (ValueError, TypeError) as e:
        out[label] = "%s: %s" % (type(e).__name__, e)
`,
);

const POLICY = certScript(
  String.raw`
import ipaddress
from cryptography.x509 import DNSName, IPAddress
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError
`,
  String.raw`
for case in json.loads(sys.argv[1]):
    builder = PolicyBuilder().store(Store([load(case["root"])]))
    try:
        if case["kind"] == "server":
            host = case["host"]
            try:
                subject = IPAddress(ipaddress.ip_address(host))
            except ValueError:
                subject = DNSName(host)
            chain = builder.build_server_verifier(subject).verify(load(case["leaf"]), [load(p) for p in case["intermediates"]])
        else:
            chain = builder.build_client_verifier().verify(load(case["leaf"]), [load(p) for p in case["intermediates"]]).chain
        out[case["label"]] = "ok: %d" % len(chain)
    except VerificationError as e:
        out[case["label"]] = "VerificationError: %s" % e
`,
);

interface Parsed {
  version: string;
  keyAlgorithm: string;
  privateKeyAlgorithm: string;
  keyMatches: boolean;
  signs: boolean;
  spkiSha256: string;
  certSha256: string;
  serial: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  signatureOid: string;
  extensions: [string, boolean][];
  chain: string[];
}

const pin = (f: WrittenFixture, name: string): PinEntry => f.manifest.certificates[name]!;

describe('Python cryptography reads every certificate and key', () => {
  let parsed: Record<string, Parsed>;
  const load = (): Record<string, Parsed> =>
    (parsed ??= python<Record<string, Parsed>>('parse', PARSE, allSets().map((f) => f.dir)));

  it('load_pem_x509_certificate / load_pem_private_key / load_pem_x509_certificates parse all of them (v3)', (t) => {
    if (skipWithoutPython(t)) return;
    const all = load();
    const expected = allSets().flatMap((f) => Object.keys(f.manifest.certificates).map((n) => `${f.manifest.set}/${n}`));
    assert.deepEqual(Object.keys(all).sort(), expected.sort());
    for (const [label, p] of Object.entries(all)) {
      assert.equal(p.version, 'v3', label);
      assert.ok(p.extensions.some(([oid]) => oid === '2.5.29.14'), `${label}: subjectKeyIdentifier`);
    }
  });

  it('each private key (seeded ones included: RSA keys pass cryptography\'s key validation) is the certificate\'s: same SPKI, and it signs what the certificate\'s key verifies', (t) => {
    if (skipWithoutPython(t)) return;
    for (const [label, p] of Object.entries(load())) {
      assert.equal(p.keyMatches, true, `${label}: private key does not match the certificate`);
      assert.equal(p.signs, true, `${label}: a changed message verified`);
      assert.equal(p.privateKeyAlgorithm, p.keyAlgorithm, label);
    }
  });

  it('Python\'s view equals pins.json: key algorithm, SPKI pin, fingerprint, serial, dates, fullchain', (t) => {
    if (skipWithoutPython(t)) return;
    const all = load();
    for (const f of allSets()) {
      for (const [name, e] of Object.entries(f.manifest.certificates)) {
        const p = all[`${f.manifest.set}/${name}`]!;
        const label = `${f.manifest.set}/${name}`;
        assert.equal(p.keyAlgorithm, e.keyAlgorithm, label);
        assert.equal(p.spkiSha256, e.spkiSha256, label);
        assert.equal(p.certSha256, e.certSha256, label);
        assert.equal(BigInt(`0x${p.serial}`), BigInt(`0x${e.serialNumber}`), label);
        assert.equal(p.notBefore, e.notBefore, label);
        assert.equal(p.notAfter, e.notAfter, label);
        const chain: string[] = [];
        for (let n = name; ; n = f.manifest.certificates[n]!.issuer) {
          chain.push(f.manifest.certificates[n]!.certSha256);
          if (f.manifest.certificates[n]!.issuer === n) break;
        }
        assert.deepEqual(p.chain, chain.length > 1 ? chain.slice(0, -1) : chain, `${label}: fullchain`);
      }
    }
  });

  it('key types and signature algorithms per chain (RSA-1024 and RSA-4096 leaves included)', (t) => {
    if (skipWithoutPython(t)) return;
    const all = load();
    for (const [key, f] of chains) {
      for (const name of Object.keys(f.manifest.certificates)) {
        const p = all[`${f.manifest.set}/${name}`]!;
        const own = name === 'weak' ? 'RSA 1024' : name === 'big' ? 'RSA 4096' : KEY_ALGORITHM[key];
        assert.equal(p.keyAlgorithm, own, `${key}/${name}`);
        assert.equal(p.signatureOid, SIGNATURE_OID[key], `${key}/${name}: signed by a ${key} key`);
      }
      // Subjects: the map form with a non-ASCII CN, read back by Python.
      assert.equal(all[`${f.manifest.set}/root`]!.subject, `CN=Zürich ${key} Root,O=certgen,C=CH`);
      assert.equal(all[`${f.manifest.set}/server`]!.issuer, 'CN=intermediate');
    }
    const sig = (n: string): string => all[`py-signatures/${n}`]!.signatureOid;
    assert.equal(sig('pss256'), '1.2.840.113549.1.1.10');
    assert.equal(sig('pssroot'), '1.2.840.113549.1.1.10');
    assert.equal(sig('sha1'), '1.2.840.113549.1.1.5');
    assert.equal(sig('sha512'), '1.2.840.113549.1.1.13');
    assert.equal(sig('ecsha1'), '1.2.840.10045.4.1');
    assert.equal(sig('ecsha512'), '1.2.840.10045.4.3.4');
    assert.equal(sig('edleaf'), '1.3.101.112');
  });
});

describe('Python verify_directly_issued_by', () => {
  it('every certificate is directly issued by its issuer (roots by themselves), for every key type, Ed25519 and RSA-PSS included', (t) => {
    if (skipWithoutPython(t)) return;
    const cases: [string, string, string][] = [];
    for (const f of allSets()) {
      for (const [name, e] of Object.entries(f.manifest.certificates)) cases.push([`${f.manifest.set}/${name}`, f.path(`${name}.pem`), f.path(`${e.issuer}.pem`)]);
    }
    const result = python<Record<string, string>>('issued-by', ISSUED_BY, cases);
    assert.equal(Object.keys(result).length, cases.length);
    // cryptography 48 refuses SHA-1 PKCS#1 v1.5 and ECDSA signatures here whoever made the
    // certificate (an `openssl req -sha1` certificate gets the same answer); SHA-1 RSA-PSS passes.
    const sha1 = new Set(['py-signatures/sha1', 'py-signatures/ecsha1']);
    for (const [label] of cases) assert.equal(result[label], sha1.has(label) ? 'ValueError: Unsupported signature algorithm' : 'ok', label);
  });

  it('negative controls: a same-named issuer with another key is an InvalidSignature; a wrong issuer name a ValueError', (t) => {
    if (skipWithoutPython(t)) return;
    const cases: [string, string, string][] = [];
    for (const [key, twin] of twins) {
      const f = chains.get(key)!;
      cases.push([`${key}: server by twin intermediate`, f.path('server.pem'), twin.path('intermediate.pem')]);
      cases.push([`${key}: intermediate by twin root`, f.path('intermediate.pem'), twin.path('root.pem')]);
      cases.push([`${key}: server by root`, f.path('server.pem'), f.path('root.pem')]);
    }
    const result = python<Record<string, string>>('issued-by-negative', ISSUED_BY, cases);
    for (const key of twins.keys()) {
      assert.equal(result[`${key}: server by twin intermediate`], 'InvalidSignature', key);
      // Same template, so same subject names: only the signature can tell the twins apart.
      assert.equal(result[`${key}: intermediate by twin root`], 'InvalidSignature', key);
      assert.match(result[`${key}: server by root`]!, /^ValueError: Issuer certificate subject does not match certificate issuer/, key);
    }
  });
});

describe('Python cryptography.x509.verification (the strict, WebPKI-like verifier)', () => {
  const intermediates = (f: WrittenFixture): string[] => [f.path('intermediate.pem')];
  const serverCase = (label: string, f: WrittenFixture, leaf: string, host = 'localhost', root = f.path('root.pem')) => ({
    label, kind: 'server', root, leaf: f.path(`${leaf}.pem`), intermediates: intermediates(f), host,
  });
  const clientCase = (label: string, f: WrittenFixture, leaf: string) => ({ label, kind: 'client', root: f.path('root.pem'), leaf: f.path(`${leaf}.pem`), intermediates: intermediates(f) });

  it('ECDSA P-256 chain: the server verifier (DNSName localhost) accepts server and dual, refuses client leaves', (t) => {
    if (skipWithoutPython(t)) return;
    const f = chains.get('p256')!;
    const result = python<Record<string, string>>('policy-p256', POLICY, [
      serverCase('server', f, 'server'),
      serverCase('dual', f, 'dual'),
      serverCase('server by IP', f, 'server', '127.0.0.1'),
      serverCase('client', f, 'client'),
      serverCase('clientsan', f, 'clientsan', 'client.test'),
      serverCase('wrong host', f, 'server', 'example.com'),
      serverCase('wrong root', f, 'server', 'localhost', twins.get('p256')!.path('root.pem')),
    ]);
    assert.equal(result.server, 'ok: 3');
    assert.equal(result.dual, 'ok: 3');
    assert.equal(result['server by IP'], 'ok: 3');
    assert.match(result.client!, /^VerificationError: /, 'a client leaf must not verify as a TLS server');
    // With a SAN matching the host, the only thing left to refuse it is its EKU.
    assert.match(result.clientsan!, /^VerificationError: .*required EKU not found/);
    assert.match(result['wrong host']!, /^VerificationError: /);
    assert.match(result['wrong root']!, /^VerificationError: /);
  });

  it('ECDSA P-256 chain: the client verifier accepts client (with a SAN) and dual, refuses server (EKU)', (t) => {
    if (skipWithoutPython(t)) return;
    const f = chains.get('p256')!;
    const result = python<Record<string, string>>('policy-p256-client', POLICY, [clientCase('clientsan', f, 'clientsan'), clientCase('dual', f, 'dual'), clientCase('server', f, 'server')]);
    assert.equal(result.clientsan, 'ok: 3');
    assert.equal(result.dual, 'ok: 3');
    assert.match(result.server!, /^VerificationError: .*required EKU not found/);
  });

  it('P-384, P-521, RSA 2048/3072 and RSA-PSS chains pass the server verifier; SHA-1 and Ed25519 are refused by policy', (t) => {
    if (skipWithoutPython(t)) return;
    const cases = (['p384', 'p521', 'rsa2048', 'rsa3072'] as const).flatMap((key) => [
      serverCase(`${key} server`, chains.get(key)!, 'server'),
      serverCase(`${key} dual`, chains.get(key)!, 'dual'),
      serverCase(`${key} clientsan`, chains.get(key)!, 'clientsan', 'client.test'),
    ]);
    const direct = (label: string, leaf: string, root: string) => ({ label, kind: 'server', root: signatures.path(`${root}.pem`), leaf: signatures.path(`${leaf}.pem`), intermediates: [], host: 'localhost' });
    cases.push(direct('pss256', 'pss256', 'rsaroot'), direct('pss384', 'pss384', 'rsaroot'), direct('pss512', 'pss512', 'rsaroot'), direct('sha512', 'sha512', 'rsaroot'));
    cases.push(direct('pss1', 'pss1', 'rsaroot'), direct('sha1', 'sha1', 'rsaroot'), direct('ecsha1', 'ecsha1', 'ecroot'));
    cases.push(serverCase('ed25519 server', chains.get('ed25519')!, 'server'));
    const result = python<Record<string, string>>('policy-others', POLICY, cases);
    for (const key of ['p384', 'p521', 'rsa2048', 'rsa3072']) {
      assert.equal(result[`${key} server`], 'ok: 3', key);
      assert.equal(result[`${key} dual`], 'ok: 3', key);
      assert.match(result[`${key} clientsan`]!, /required EKU not found/, key);
    }
    // RSASSA-PSS parameters must be byte-exact for this verifier (salt = hash length, MGF1 with the same hash).
    for (const name of ['pss256', 'pss384', 'pss512', 'sha512']) assert.equal(result[name], 'ok: 2', name);
    for (const name of ['pss1', 'sha1', 'ecsha1']) assert.match(result[name]!, /Forbidden signature algorithm/, name);
    assert.match(result['ed25519 server']!, /Forbidden public key algorithm/, 'the policy refuses Ed25519');
  });
});
