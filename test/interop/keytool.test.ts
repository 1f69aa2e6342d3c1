/**
 * certgen's certificates against Java 17: `keytool -printcert -file X.pem` reads every certificate
 * of every key type (exit 0) and prints the owner, serial and SHA-1/SHA-256 fingerprints that
 * pins.json announces, the signature and key algorithms, and the profile's extensions as Java
 * decodes them. Then Java's own PKIX trust manager (the one JSSE uses) accepts each chain for the
 * TLS roles its leaf's profile allows and refuses the others, with Java's exact reasons
 * (the netty#14419 case: "Extended key usage does not permit use for TLS server authentication").
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fixtureBuilder, type WrittenFixture } from '../helpers/fixture.js';
import { haveTool, run, skipWithout, tmpDir } from '../helpers/tools.js';

const execFileAsync = promisify(execFile);

/** Where keytool and java come from, for the skip notice. */
const JDK = 'a JDK 17 provides it';

/** keytool prints the owner with the platform encoding unless told: make it UTF-8. */
const JVM_FLAGS = ['-J-Dsun.stdout.encoding=UTF-8', '-J-Dsun.stderr.encoding=UTF-8', '-J-XX:TieredStopAtLevel=1', '-J-Xshare:auto'];

interface KeytoolResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function keytool(args: readonly string[]): Promise<KeytoolResult> {
  try {
    const { stdout, stderr } = await execFileAsync('keytool', [...JVM_FLAGS, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** Runs `fn` over `items`, `limit` at a time (JVM start-up dominates: two cores, three JVMs). */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

interface Printed {
  readonly owner: string;
  readonly issuer: string;
  readonly serial: string;
  readonly sha1: string;
  readonly sha256: string;
  readonly signatureAlgorithm: string;
  readonly publicKey: string;
  /** ObjectId → criticality and the body lines Java prints. */
  readonly extensions: Map<string, { critical: boolean; lines: string[] }>;
}

/** One certificate of `keytool -printcert` output. */
function parsePrinted(text: string): Printed {
  const line = (label: string): string => {
    const m = new RegExp(`^\\s*${label}: (.*)$`, 'm').exec(text);
    assert.ok(m, `no "${label}:" in keytool output:\n${text}`);
    return m[1]!.trim();
  };
  const extensions = new Map<string, { critical: boolean; lines: string[] }>();
  for (const block of text.split(/^#\d+: /m).slice(1)) {
    const m = /^ObjectId: ([\d.]+) Criticality=(true|false)\n([\s\S]*)$/.exec(block);
    assert.ok(m, block);
    const lines = m[3]!.split('\n').map((l) => l.trim()).filter((l) => l !== '' && l !== '[' && l !== ']' && !/^[0-9A-F]{4}: /.test(l));
    extensions.set(m[1]!, { critical: m[2] === 'true', lines });
  }
  return {
    owner: line('Owner'),
    issuer: line('Issuer'),
    serial: line('Serial number'),
    sha1: line('SHA1').replace(/:/g, '').toLowerCase(),
    sha256: line('SHA256').replace(/:/g, '').toLowerCase(),
    signatureAlgorithm: line('Signature algorithm name'),
    publicKey: line('Subject Public Key Algorithm'),
    extensions,
  };
}

/** Java renders an RFC 2253 name with ", " between RDNs (for names without escaped commas). */
const javaName = (rfc4514: string): string => rfc4514.split(',').join(', ');

interface KeyType {
  readonly key: string;
  readonly signature: string;
  readonly publicKey: string;
  readonly rsa: boolean;
}

const KEY_TYPES: readonly KeyType[] = [
  { key: 'p256', signature: 'SHA256withECDSA', publicKey: '256-bit EC (secp256r1) key', rsa: false },
  { key: 'p384', signature: 'SHA384withECDSA', publicKey: '384-bit EC (secp384r1) key', rsa: false },
  { key: 'p521', signature: 'SHA512withECDSA', publicKey: '521-bit EC (secp521r1) key', rsa: false },
  { key: 'rsa2048', signature: 'SHA256withRSA', publicKey: '2048-bit RSA key', rsa: true },
  { key: 'rsa3072', signature: 'SHA256withRSA', publicKey: '3072-bit RSA key', rsa: true },
  { key: 'ed25519', signature: 'Ed25519', publicKey: '255-bit Ed25519 key', rsa: false },
];

const PROFILES = ['root', 'intermediate', 'server', 'client', 'dual', 'none'] as const;
type Profile = (typeof PROFILES)[number];

/** What Java prints for the profile table (docs/templates.md): BC, KU, EKU, SAN bodies; SKI/AKI presence. */
function javaExtensions(profile: Profile, rsa: boolean): Record<string, { critical: boolean; lines: string[] } | 'present'> {
  const caKu = { critical: true, lines: ['KeyUsage [', 'DigitalSignature', 'Key_CertSign', 'Crl_Sign'] };
  const leafKu = { critical: true, lines: rsa ? ['KeyUsage [', 'DigitalSignature', 'Key_Encipherment'] : ['KeyUsage [', 'DigitalSignature'] };
  const leafBc = { critical: true, lines: ['BasicConstraints:[', 'CA:false', 'PathLen: undefined'] };
  const san = { critical: false, lines: ['SubjectAlternativeName [', 'DNSName: localhost', 'IPAddress: 127.0.0.1', 'IPAddress: 0:0:0:0:0:0:0:1'] };
  const eku = (...purposes: string[]) => ({ critical: false, lines: ['ExtendedKeyUsages [', ...purposes] });
  const ski = { '2.5.29.14': 'present' as const };
  const aki = { '2.5.29.35': 'present' as const };
  switch (profile) {
    case 'root':
      return { '2.5.29.19': { critical: true, lines: ['BasicConstraints:[', 'CA:true', 'PathLen: no limit'] }, '2.5.29.15': caKu, ...ski };
    case 'intermediate':
      return { '2.5.29.19': { critical: true, lines: ['BasicConstraints:[', 'CA:true', 'PathLen:0'] }, '2.5.29.15': caKu, ...ski, ...aki };
    case 'server':
      return { '2.5.29.19': leafBc, '2.5.29.15': leafKu, '2.5.29.37': eku('serverAuth'), '2.5.29.17': san, ...ski, ...aki };
    case 'client':
      return { '2.5.29.19': leafBc, '2.5.29.15': { critical: true, lines: ['KeyUsage [', 'DigitalSignature'] }, '2.5.29.37': eku('clientAuth'), ...ski, ...aki };
    case 'dual':
      return { '2.5.29.19': leafBc, '2.5.29.15': leafKu, '2.5.29.37': eku('serverAuth', 'clientAuth'), '2.5.29.17': san, ...ski, ...aki };
    case 'none':
      return { ...ski, ...aki };
  }
}

function chainTemplate(key: string, name: string, extras: boolean): object {
  const certificates: Record<string, object> = {
    root: { subject: { C: 'CH', O: 'certgen', OU: 'Java', CN: `Zürich ${key} Root` } },
    intermediate: { issuer: 'root', profile: 'intermediate', pathLength: 0, subject: 'CN=Java Intermediate,O=certgen' },
    server: { issuer: 'intermediate' },
    client: { issuer: 'intermediate', profile: 'client' },
    dual: { issuer: 'intermediate', profile: 'dual' },
    none: { issuer: 'intermediate', profile: 'none' },
  };
  if (key === 'rsa2048' && extras) {
    certificates.weak = { issuer: 'intermediate', key: { type: 'rsa', size: 1024 } };
    certificates.big = { issuer: 'intermediate', profile: 'dual', key: 'rsa4096' };
    certificates.pss = { issuer: 'intermediate', pss: true, hash: 'sha384', key: { sameAs: 'server' } };
  }
  return { version: 1, name, defaults: { key }, certificates };
}

const build = fixtureBuilder();
const chains = new Map<string, WrittenFixture>();
let twin: WrittenFixture;

before(async () => {
  for (const kt of KEY_TYPES) chains.set(kt.key, await build(chainTemplate(kt.key, `java-${kt.key}`, true)));
  twin = await build(chainTemplate('p256', 'java-twin', false));
});

describe('keytool -printcert reads every certificate of every key type', () => {
  const printed = new Map<string, { result: KeytoolResult; file: string }>();

  before(async () => {
    if (!haveTool('keytool')) return;
    const jobs = [...chains.entries()].flatMap(([key, f]) => Object.keys(f.manifest.certificates).map((name) => ({ label: `${key}/${name}`, file: f.path(`${name}.pem`) })));
    const results = await pool(jobs, 3, (job) => keytool(['-printcert', '-file', job.file]));
    jobs.forEach((job, i) => printed.set(job.label, { result: results[i]!, file: job.file }));
  });

  for (const kt of KEY_TYPES) {
    it(`${kt.key}: exit 0; Owner, Issuer, serial, SHA1 and SHA256 equal pins.json`, (t) => {
      if (skipWithout(t, 'keytool', JDK)) return;
      const f = chains.get(kt.key)!;
      for (const [name, pin] of Object.entries(f.manifest.certificates)) {
        const { result } = printed.get(`${kt.key}/${name}`)!;
        assert.equal(result.status, 0, `${kt.key}/${name}: keytool failed: ${result.stderr}${result.stdout}`);
        const p = parsePrinted(result.stdout);
        assert.equal(p.owner, javaName(pin.subject), `${kt.key}/${name}: Owner`);
        assert.equal(p.issuer, javaName(pin.issuerSubject), `${kt.key}/${name}: Issuer`);
        assert.equal(p.sha256, pin.certSha256, `${kt.key}/${name}: SHA256`);
        assert.equal(p.sha1, pin.certSha1, `${kt.key}/${name}: SHA1`);
        assert.equal(BigInt(`0x${p.serial}`), BigInt(`0x${pin.serialNumber}`), `${kt.key}/${name}: serial`);
      }
      assert.equal(parsePrinted(printed.get(`${kt.key}/root`)!.result.stdout).owner, `CN=Zürich ${kt.key} Root, OU=Java, O=certgen, C=CH`);
    });

    it(`${kt.key}: signature algorithm ${kt.signature}, key "${kt.publicKey}", and the profile extensions as Java decodes them`, (t) => {
      if (skipWithout(t, 'keytool', JDK)) return;
      for (const profile of PROFILES) {
        const p = parsePrinted(printed.get(`${kt.key}/${profile}`)!.result.stdout);
        assert.equal(p.signatureAlgorithm, kt.signature, `${kt.key}/${profile}`);
        assert.equal(p.publicKey, kt.publicKey, `${kt.key}/${profile}`);
        const expected = javaExtensions(profile, kt.rsa);
        assert.deepEqual([...p.extensions.keys()].sort(), Object.keys(expected).sort(), `${kt.key}/${profile}: extensions`);
        for (const [oid, want] of Object.entries(expected)) {
          const got = p.extensions.get(oid)!;
          if (want === 'present') assert.equal(got.critical, false, `${kt.key}/${profile}: ${oid} critical`);
          else assert.deepEqual(got, want, `${kt.key}/${profile}: ${oid}`);
        }
      }
    });
  }

  it('rsa2048 set extras: RSA-1024 and RSA-4096 keys, an RSASSA-PSS signature', (t) => {
    if (skipWithout(t, 'keytool', JDK)) return;
    const get = (name: string): Printed => {
      const { result } = printed.get(`rsa2048/${name}`)!;
      assert.equal(result.status, 0, result.stderr);
      return parsePrinted(result.stdout);
    };
    assert.match(get('weak').publicKey, /^1024-bit RSA key( \(weak\))?$/);
    assert.equal(get('big').publicKey, '4096-bit RSA key');
    assert.equal(get('pss').signatureAlgorithm, 'RSASSA-PSS');
    assert.equal(get('pss').sha256, chains.get('rsa2048')!.manifest.certificates.pss!.certSha256);
  });

  it('fullchain.pem: keytool prints the leaf, then the intermediate; a truncated file is refused', async (t) => {
    if (skipWithout(t, 'keytool', JDK)) return;
    const f = chains.get('p256')!;
    const chain = await keytool(['-printcert', '-file', f.path('server.fullchain.pem')]);
    assert.equal(chain.status, 0, chain.stderr);
    const parts = chain.stdout.split(/^Certificate\[\d+\]:$/m).slice(1);
    assert.deepEqual(parts.map((p) => parsePrinted(p).sha256), [f.manifest.certificates.server!.certSha256, f.manifest.certificates.intermediate!.certSha256]);
    // Negative control: keytool's exit status means something.
    const pem = readFileSync(f.path('server.pem'), 'utf8');
    const broken = join(build.track(tmpDir('certgen-keytool-')), 'broken.pem');
    writeFileSync(broken, `${pem.slice(0, pem.length / 2)}\n-----END CERTIFICATE-----\n`);
    const bad = await keytool(['-printcert', '-file', broken]);
    assert.notEqual(bad.status, 0, `keytool read a truncated certificate: ${bad.stdout}`);
  });
});

/**
 * Java's PKIX X509TrustManager (what JSSE uses): a KeyStore with the root as the only trusted entry,
 * then checkServerTrusted / checkClientTrusted on each leaf's fullchain. The EndEntityChecker inside
 * applies EKU and KU rules for the auth type; PKIX checks signatures, names, basicConstraints and
 * keyCertSign. One JVM runs every case, read from stdin as `label|root|chainfile|server|authType`.
 */
const TRUST_CHECK = String.raw`
import java.io.*;
import java.security.KeyStore;
import java.security.cert.*;
import java.util.*;
import javax.net.ssl.*;

public class TrustCheck {
    public static void main(String[] args) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            String[] f = line.split("\\|");
            String label = f[0];
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                try (InputStream r = new FileInputStream(f[1])) { ks.setCertificateEntry("root", cf.generateCertificate(r)); }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                tmf.init(ks);
                X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
                X509Certificate[] chain;
                try (InputStream r = new FileInputStream(f[2])) {
                    chain = cf.generateCertificates(r).toArray(new X509Certificate[0]);
                }
                if (f[3].equals("server")) tm.checkServerTrusted(chain, f[4]); else tm.checkClientTrusted(chain, f[4]);
                out.println(label + "\tok\t" + chain.length);
            } catch (Exception e) {
                Throwable c = e;
                StringBuilder msg = new StringBuilder();
                for (; c != null; c = c.getCause()) msg.append(" | ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
                out.println(label + "\tfail\t" + msg);
            }
        }
    }
}
`;

describe('Java 17 PKIX trust manager (JSSE\'s) accepts and refuses by profile', () => {
  let results: Map<string, { ok: boolean; detail: string }>;

  before(() => {
    if (!haveTool('java')) return;
    const dir = build.track(tmpDir('certgen-java-'));
    const source = join(dir, 'TrustCheck.java');
    writeFileSync(source, TRUST_CHECK);
    const cases: string[] = [];
    for (const [key, f] of chains) {
      const rsa = key.startsWith('rsa');
      const root = f.path('root.pem');
      const c = (label: string, leaf: string, role: 'server' | 'client', authType: string, trust = root) => cases.push([`${key}/${label}`, trust, f.path(`${leaf}.fullchain.pem`), role, authType].join('|'));
      // TLS 1.3 authenticates with signatures ("UNKNOWN" key exchange: digitalSignature needed).
      c('server as server', 'server', 'server', 'UNKNOWN');
      c('dual as server', 'dual', 'server', 'UNKNOWN');
      c('client as client', 'client', 'client', 'UNKNOWN');
      c('dual as client', 'dual', 'client', 'UNKNOWN');
      c('client as server', 'client', 'server', 'UNKNOWN');
      c('server as client', 'server', 'client', 'UNKNOWN');
      c('server, stranger root', 'server', 'server', 'UNKNOWN', twin.path('root.pem'));
      if (rsa) {
        // TLS 1.2 RSA key transport needs keyEncipherment: the RSA server profile has it.
        c('server as server (RSA key exchange)', 'server', 'server', 'RSA');
        c('server as server (ECDHE_RSA)', 'server', 'server', 'ECDHE_RSA');
      } else if (key !== 'ed25519') {
        c('server as server (ECDHE_ECDSA)', 'server', 'server', 'ECDHE_ECDSA');
      }
    }
    const r = run('java', [source], { input: `${cases.join('\n')}\n`, timeout: 120_000 });
    assert.equal(r.status, 0, `java TrustCheck failed: ${r.stderr}`);
    results = new Map(
      r.stdout.trim().split('\n').map((l) => {
        const [label, verdict, detail] = l.split('\t');
        return [label!, { ok: verdict === 'ok', detail: detail ?? '' }];
      }),
    );
    assert.equal(results.size, cases.length, r.stdout);
  });

  for (const kt of KEY_TYPES) {
    it(`${kt.key}: server and dual pass checkServerTrusted, client and dual pass checkClientTrusted`, (t) => {
      if (skipWithout(t, 'java', JDK)) return;
      for (const label of ['server as server', 'dual as server', 'client as client', 'dual as client']) {
        const r = results.get(`${kt.key}/${label}`)!;
        assert.ok(r.ok, `${kt.key}/${label}: ${r.detail}`);
        assert.equal(r.detail, '2', `${kt.key}/${label}: chain length`);
      }
      for (const label of ['server as server (RSA key exchange)', 'server as server (ECDHE_RSA)', 'server as server (ECDHE_ECDSA)']) {
        const r = results.get(`${kt.key}/${label}`);
        if (r) assert.ok(r.ok, `${kt.key}/${label}: ${r.detail}`);
      }
    });

    it(`${kt.key}: the wrong EKU and a stranger root are refused, with Java's reasons`, (t) => {
      if (skipWithout(t, 'java', JDK)) return;
      const refused = (label: string, reason: RegExp): void => {
        const r = results.get(`${kt.key}/${label}`)!;
        assert.ok(!r.ok, `${kt.key}/${label} was accepted`);
        assert.match(r.detail, reason, `${kt.key}/${label}`);
      };
      refused('client as server', /Extended key usage does not permit use for TLS server authentication/);
      refused('server as client', /Extended key usage does not permit use for TLS client authentication/);
      refused('server, stranger root', /PKIX path (building|validation) failed/);
    });
  }
});
