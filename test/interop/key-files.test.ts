/**
 * The key-file forms of a set against the tools that read them: `<name>.pub.pem` (curl's
 * `--pinnedpubkey FILE`, OpenSSL), `keyFormat: traditional` (OpenSSL, Node, Python), `keyPassword`
 * (OpenSSL, Node, Python, Java 17's JDK alone, nginx's `ssl_password_file`) and `keyMode`, with a negative control for each.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createPrivateKey, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import tls from 'node:tls';
import { BIN, ensureBuilt, REPO } from '../helpers/cli.js';
import { javaMissing } from '../helpers/java.js';
import { inputsHash, resolveTemplate } from '../../src/api/pipeline.js';
import { parseTemplate } from '../../src/template/load.js';
import { fixtureBuilder } from '../helpers/fixture.js';
import { run, skipWithout, tmpDir } from '../helpers/tools.js';

const build = fixtureBuilder();

/** Runs `fn` with an https server on 127.0.0.1 (ephemeral port) presenting `key`/`cert`. */
async function withHttpsServer<T>(options: https.ServerOptions, fn: (port: number) => Promise<T>): Promise<T> {
  const server = https.createServer(options, (_req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await fn((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** A free TCP port on 127.0.0.1 (for servers that cannot be given port 0 and report it). */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

interface NginxRun {
  readonly started: boolean;
  readonly log: string;
  readonly port?: number;
  readonly stop?: () => Promise<void>;
}

/**
 * Starts nginx in the foreground (no master, no daemon) on a free loopback port, serving `cert`
 * with `key` decrypted through `ssl_password_file`; `started` false when it exits instead.
 */
async function runNginx(t: TestContext, dir: string, cert: string, key: string, password: string): Promise<NginxRun> {
  const prefix = mkdtempSync(join(dir, 'nginx-'));
  const port = await freePort();
  writeFileSync(join(prefix, 'password'), `${password}\n`, { mode: 0o600 });
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${join(prefix, k)};`).join(' ');
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `daemon off; master_process off; pid ${join(prefix, 'nginx.pid')}; error_log ${join(prefix, 'error.log')} notice;
events {}
http { access_log off; ${temp}
  server { listen 127.0.0.1:${port} ssl; ssl_certificate ${cert}; ssl_certificate_key ${key}; ssl_password_file ${join(prefix, 'password')};
    location / { return 200 "ok"; } } }
`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = once(child, 'exit');
  let gone = false;
  void exited.then(() => (gone = true));
  const log = () => output + (existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '');
  for (let i = 0; i < 100 && !gone; i++) {
    if (await accepts(port)) {
      const stop = async () => {
        child.kill('SIGTERM');
        await exited;
      };
      t.after(() => (gone ? undefined : stop()));
      return { started: true, log: log(), port, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!gone) {
    child.kill('SIGTERM');
    await exited;
  }
  return { started: false, log: log() };
}

/** A TLS client on 127.0.0.1:port trusting `ca` and checking the name `localhost`. */
function tlsProbe(port: number, ca: Buffer): Promise<{ authorized: boolean; error: string; peerSha256: string }> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      const peer = socket.getPeerX509Certificate();
      resolve({ authorized: socket.authorized, error: String(socket.authorizationError ?? ''), peerSha256: peer ? peer.fingerprint256.replace(/:/g, '').toLowerCase() : '' });
      socket.end();
    });
    socket.on('error', (e) => resolve({ authorized: false, error: e.message, peerSha256: '' }));
  });
}

/** curl, asynchronously (the server runs in this process): its exit code and output. */
function curl(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['--silent', '--show-error', '--max-time', '20', ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('<name>.pub.pem', () => {
  const template = {
    version: 1,
    certificates: {
      root: {},
      server: { issuer: 'root' },
      other: { issuer: 'root' },
      rsa: { issuer: 'root', key: 'rsa2048' },
      ed: { issuer: 'root', key: 'ed25519' },
    },
  };

  it('holds the SubjectPublicKeyInfo whose SHA-256 is the pin, is public (0644) and is named in pins.json', async (t) => {
    if (skipWithout(t, 'openssl')) return;
    const f = await build(template);
    for (const [name, entry] of Object.entries(f.manifest.certificates)) {
      assert.equal(entry.files.pub, `${name}.pub.pem`);
      const text = readFileSync(f.path(entry.files.pub), 'utf8');
      assert.match(text, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
      assert.equal(statSync(f.path(entry.files.pub)).mode & 0o777, 0o644);
      const der = run('openssl', ['pkey', '-pubin', '-in', f.path(entry.files.pub), '-outform', 'DER'], { encoding: 'latin1' });
      assert.equal(der.status, 0, der.stderr);
      const digest = createHash('sha256').update(Buffer.from(der.stdout, 'latin1')).digest();
      assert.equal(digest.toString('base64'), entry.spkiSha256, name);
      // The same key as the certificate's (OpenSSL's own extraction).
      const fromCert = run('openssl', ['x509', '-in', f.path(entry.files.cert), '-pubkey', '-noout']);
      assert.equal(fromCert.stdout, text, name);
    }
  });

  it('curl --pinnedpubkey FILE connects to the server with that key and refuses one with another key', async (t) => {
    if (skipWithout(t, 'curl')) return;
    const f = await build(template);
    const serve = (name: string) => ({ key: readFileSync(f.path(`${name}.key.pem`)), cert: readFileSync(f.path(`${name}.fullchain.pem`)) });
    const args = (port: number) => ['--insecure', '--pinnedpubkey', f.path('server.pub.pem'), `https://127.0.0.1:${port}/`];
    const good = await withHttpsServer(serve('server'), (port) => curl(args(port)));
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stdout, 'ok');
    // Negative control: same issuer, another key; curl 90 = CURLE_SSL_PINNEDPUBKEYNOTMATCH.
    const bad = await withHttpsServer(serve('other'), (port) => curl(args(port)));
    assert.equal(bad.code, 90, `expected a pin mismatch, got ${bad.code}: ${bad.stderr}`);
    assert.match(bad.stderr, /pinned/i);
    // An RSA server is pinned just as well.
    const rsa = await withHttpsServer(serve('rsa'), (port) => curl(['--insecure', '--pinnedpubkey', f.path('rsa.pub.pem'), `https://127.0.0.1:${port}/`]));
    assert.equal(rsa.code, 0, rsa.stderr);
  });
});

/** The SPKI DER of a certificate file (what every key form must match). */
const certSpki = (file: string): Buffer => new X509Certificate(readFileSync(file)).publicKey.export({ type: 'spki', format: 'der' });

/** Python `cryptography`: loads the key file (with `password` when given), prints its SPKI as hex, or the error's class. */
function pythonKeySpki(file: string, password: string | null): { ok: boolean; out: string } {
  const script = [
    'import sys',
    'from cryptography.hazmat.primitives import serialization as s',
    'pw = sys.argv[2].encode() if len(sys.argv) > 2 else None',
    'try:',
    '    k = s.load_pem_private_key(open(sys.argv[1], "rb").read(), password=pw)',
    '    print(k.public_key().public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo).hex())',
    'except Exception as e:',
    '    print(type(e).__name__, e); sys.exit(3)',
  ].join('\n');
  const r = run('python3', ['-c', script, file, ...(password === null ? [] : [password])]);
  assert.ok(r.status === 0 || r.status === 3, r.stderr);
  return { ok: r.status === 0, out: r.stdout.trim() };
}

describe('keyFormat: traditional', () => {
  const template = {
    version: 1,
    defaults: { keyFormat: 'traditional' },
    certificates: {
      root: {},
      rsa: { issuer: 'root', key: 'rsa2048' },
      p256: { issuer: 'root' },
      p384: { issuer: 'root', key: 'p384' },
      p521: { issuer: 'root', key: 'p521' },
      modern: { issuer: 'root', keyFormat: 'pkcs8' },
      ed: { issuer: 'root', key: 'ed25519', keyFormat: 'pkcs8' },
    },
  };

  it('writes PKCS#1 for RSA and SEC 1 (with the curve OID) for EC, which OpenSSL checks, Node and Python read, matching the certificate', async (t) => {
    if (skipWithout(t, ['openssl', 'python3'])) return;
    const f = await build(template);
    const labels: Record<string, string> = { rsa: 'RSA PRIVATE KEY', p256: 'EC PRIVATE KEY', p384: 'EC PRIVATE KEY', p521: 'EC PRIVATE KEY', root: 'EC PRIVATE KEY', modern: 'PRIVATE KEY', ed: 'PRIVATE KEY' };
    for (const [name, label] of Object.entries(labels)) {
      const file = f.path(`${name}.key.pem`);
      const text = readFileSync(file, 'utf8');
      assert.match(text, new RegExp(`^-----BEGIN ${label}-----\\n[\\s\\S]+-----END ${label}-----\\n$`), name);
      const spki = certSpki(f.path(`${name}.pem`));
      assert.ok(createPublicKey(createPrivateKey(text)).export({ type: 'spki', format: 'der' }).equals(spki), `${name}: Node reads the key of the certificate`);
      const py = pythonKeySpki(file, null);
      assert.ok(py.ok, `${name}: ${py.out}`);
      assert.equal(py.out, spki.toString('hex'), `${name}: Python reads the key of the certificate`);
      const pub = run('openssl', ['pkey', '-in', file, '-pubout', '-outform', 'DER'], { encoding: 'latin1' });
      assert.equal(pub.status, 0, pub.stderr);
      assert.ok(Buffer.from(pub.stdout, 'latin1').equals(spki), `${name}: openssl pkey reads the key of the certificate`);
    }
    const rsa = run('openssl', ['rsa', '-in', f.path('rsa.key.pem'), '-check', '-noout']);
    assert.equal(rsa.status, 0, rsa.stderr);
    assert.match(rsa.stdout, /RSA key ok/);
    for (const [name, curve] of [['p256', 'prime256v1'], ['p384', 'secp384r1'], ['p521', 'secp521r1']] as const) {
      const ec = run('openssl', ['ec', '-in', f.path(`${name}.key.pem`), '-check', '-noout']);
      assert.equal(ec.status, 0, ec.stderr);
      assert.match(ec.stderr, /EC Key valid/);
      // RFC 5915: the curve's OID in [0] parameters, as `openssl ecparam -genkey` writes it.
      const parsed = run('openssl', ['asn1parse', '-in', f.path(`${name}.key.pem`)]);
      assert.match(parsed.stdout, new RegExp(`cont \\[ 0 \\][\\s\\S]*OBJECT\\s+:${curve}`), name);
    }
    // Negative control: the SEC 1 key is not read as PKCS#1.
    const wrong = run('openssl', ['rsa', '-in', f.path('p256.key.pem'), '-check', '-noout']);
    assert.notEqual(wrong.status, 0);
  });

  it('is deterministic under a seed, and the traditional and PKCS#8 files of one seeded key hold the same key', async () => {
    const seeded = { ...template, seed: 'key forms' };
    const a = await build(seeded);
    const b = await build({ ...seeded, defaults: {} });
    for (const name of ['rsa', 'p256']) {
      assert.equal(readFileSync(a.path(`${name}.key.pem`), 'utf8'), readFileSync((await build(seeded)).path(`${name}.key.pem`), 'utf8'));
      const traditional = createPrivateKey(readFileSync(a.path(`${name}.key.pem`)));
      const pkcs8 = readFileSync(b.path(`${name}.key.pem`), 'utf8');
      assert.equal(traditional.export({ type: 'pkcs8', format: 'pem' }), pkcs8, name);
    }
  });
});

describe('keyPassword', () => {
  const PASSWORD = 'k3y pass!';
  const template = {
    version: 1,
    certificates: {
      root: {},
      server: { issuer: 'root', keyPassword: PASSWORD },
      rsa: { issuer: 'root', key: 'rsa2048', keyPassword: { env: 'CERTGEN_TEST_KEY_PASSWORD' } },
      ed: { issuer: 'root', key: 'ed25519', keyPassword: 12345678 },
    },
  };
  const env = { CERTGEN_TEST_KEY_PASSWORD: 'from the env' };
  const passwords: Record<string, string> = { server: PASSWORD, rsa: env.CERTGEN_TEST_KEY_PASSWORD, ed: '12345678' };

  it('writes an encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) that OpenSSL, Node and Python open with the password only', async (t) => {
    if (skipWithout(t, ['openssl', 'python3'])) return;
    const f = await build(template, { env });
    for (const [name, password] of Object.entries(passwords)) {
      const file = f.path(`${name}.key.pem`);
      const text = readFileSync(file, 'utf8');
      assert.match(text, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const spki = certSpki(f.path(`${name}.pem`));
      const parsed = run('openssl', ['asn1parse', '-in', file]).stdout;
      for (const alg of ['PBES2', 'PBKDF2', 'hmacWithSHA256', 'aes-256-cbc']) assert.match(parsed, new RegExp(`:${alg}\\s`), `${name}: ${alg}`);
      assert.match(parsed, /INTEGER\s+:0800\s/, 'PBKDF2 iterationCount 2048');

      // OpenSSL decrypts it to the PKCS#8 certgen holds for the key, byte for byte (RSA: the one key
      // type whose PKCS#8 every encoder writes alike, so OpenSSL's re-encoding cannot differ).
      const plain = run('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', file, '-passin', `pass:${password}`, '-outform', 'DER'], { encoding: 'latin1' });
      assert.equal(plain.status, 0, plain.stderr);
      if (name === 'rsa') assert.ok(Buffer.from(plain.stdout, 'latin1').equals(Buffer.from(f.packaged.issued.certificates.get(name)!.key.pkcs8)), `${name}: decrypted PKCS#8`);
      const pub = run('openssl', ['pkey', '-in', file, '-passin', `pass:${password}`, '-pubout', '-outform', 'DER'], { encoding: 'latin1' });
      assert.equal(pub.status, 0, pub.stderr);
      assert.ok(Buffer.from(pub.stdout, 'latin1').equals(spki), `${name}: openssl`);
      assert.ok(createPublicKey(createPrivateKey({ key: text, passphrase: password })).export({ type: 'spki', format: 'der' }).equals(spki), `${name}: Node`);
      const py = pythonKeySpki(file, password);
      assert.ok(py.ok, py.out);
      assert.equal(py.out, spki.toString('hex'), `${name}: Python`);

      // Negative controls: a wrong password and no password are refused by each.
      assert.notEqual(run('openssl', ['pkey', '-in', file, '-passin', 'pass:wrong', '-noout']).status, 0, `${name}: openssl, wrong password`);
      assert.throws(() => createPrivateKey({ key: text, passphrase: 'wrong' }), `${name}: Node, wrong password`);
      assert.equal(pythonKeySpki(file, 'wrong').ok, false, `${name}: Python, wrong password`);
      assert.match(pythonKeySpki(file, null).out, /TypeError|password/i, `${name}: Python, no password`);
    }
  });

  it('Java 17 opens it with the JDK alone (EncryptedPrivateKeyInfo, PBEWithHmacSHA256AndAES_256) and signs with the certificate\'s key', async (t) => {
    const missing = javaMissing('the encrypted key-file check');
    if (missing) return t.skip(missing);
    const f = await build(template, { env });
    const program = join(REPO, 'test/java/ReadEncryptedKey.java');
    for (const [name, algorithm, signature] of [['server', 'EC', 'SHA256withECDSA'], ['rsa', 'RSA', 'SHA256withRSA']] as const) {
      const r = run('java', [program, f.path(`${name}.key.pem`), passwords[name]!, algorithm, signature]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const [scheme, sig] = r.stdout.trim().split(' ');
      assert.equal(scheme, 'PBEWithHmacSHA256AndAES_256');
      const publicKey = new X509Certificate(readFileSync(f.path(`${name}.pem`))).publicKey;
      assert.ok(verify('sha256', Buffer.from('certgen'), publicKey, Buffer.from(sig!, 'base64')), `${name}: Java signed with the certificate's key`);
    }
    // Negative control: a wrong password is refused.
    const wrong = run('java', [program, f.path('server.key.pem'), 'wrong', 'EC', 'SHA256withECDSA']);
    assert.equal(wrong.status, 3, wrong.stdout + wrong.stderr);
  });

  it('is byte-identical under a seed (salt and IV from the seeded stream) and differs without one', async () => {
    const seeded = { ...template, seed: 'encrypted keys' };
    const one = readFileSync((await build(seeded, { env })).path('server.key.pem'), 'utf8');
    const two = readFileSync((await build(seeded, { env })).path('server.key.pem'), 'utf8');
    assert.equal(one, two);
    const random = readFileSync((await build(template, { env })).path('server.key.pem'), 'utf8');
    assert.notEqual(random, readFileSync((await build(template, { env })).path('server.key.pem'), 'utf8'));
  });

  it('nginx serves TLS with the encrypted key and ssl_password_file, and refuses to start with a wrong password', async (t) => {
    if (skipWithout(t, ['nginx', 'openssl'], 'Debian nginx')) return;
    const f = await build(template, { env });
    const good = await runNginx(t, f.dir, f.path('server.fullchain.pem'), f.path('server.key.pem'), PASSWORD);
    assert.equal(good.started, true, good.log);
    const client = await tlsProbe(good.port!, readFileSync(f.path('root.pem')));
    await good.stop!();
    assert.equal(client.authorized, true, client.error);
    assert.equal(client.peerSha256, f.manifest.certificates['server']!.certSha256);
    // Negative control: the same key file with a wrong password in ssl_password_file.
    const bad = await runNginx(t, f.dir, f.path('server.fullchain.pem'), f.path('server.key.pem'), 'wrong');
    assert.equal(bad.started, false);
    assert.match(bad.log, /bad (decrypt|password)|PEM_read_bio|cannot load certificate key/i);
  });
});

describe('keyMode, through the CLI', () => {
  before(() => ensureBuilt());

  it('sets each key file to its mode whatever the umask; the password is neither printed nor stored', (t) => {
    const dir = build.track(tmpDir());
    const template = join(dir, 'modes.yaml');
    writeFileSync(
      template,
      `version: 1
defaults: { keyMode: "0640" }
certificates:
  root: { keyMode: "0600" }
  inherits: { issuer: root }
  public: { issuer: root, keyMode: "0644" }
  readonly: { issuer: root, keyMode: "0400", keyPassword: { env: CERTGEN_TEST_SECRET } }
  group: { issuer: root, keyMode: "0440" }
  world: { issuer: root, keyMode: "0444" }
`,
    );
    const expected: Record<string, number> = { root: 0o600, inherits: 0o640, public: 0o644, readonly: 0o400, group: 0o440, world: 0o444 };
    const secret = 'not-in-any-output-7f3a';
    for (const umask of ['000', '077']) {
      const out = join(dir, `out-${umask}`);
      const r = run('sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, BIN, 'build', template, '--out', out, '--json'], {
        env: { ...process.env, CERTGEN_TEST_SECRET: secret },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(!`${r.stdout}${r.stderr}`.includes(secret), 'the key password is printed');
      for (const [name, mode] of Object.entries(expected)) {
        assert.equal((statSync(join(out, 'modes', `${name}.key.pem`)).mode & 0o777).toString(8), mode.toString(8), `${name} under umask ${umask}`);
        // The certificate's own files stay public.
        assert.equal(statSync(join(out, 'modes', `${name}.pem`)).mode & 0o777, 0o644);
      }
      const everything = run('grep', ['-rIl', secret, out]);
      assert.equal(everything.stdout, '', `the password is stored in ${everything.stdout}`);
      // A rebuild is up to date: the read-only key files do not get in the way of the next swap.
      const again = run('sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, BIN, 'build', template, '--out', out, '--force'], {
        env: { ...process.env, CERTGEN_TEST_SECRET: secret },
      });
      assert.equal(again.status, 0, again.stderr);
    }
    t.diagnostic('modes checked under umask 000 and 077');
  });

  it('the key password enters the inputs hash of the set through the same path as store passwords', () => {
    const loaded = parseTemplate('version: 1\ncertificates:\n  root: { keyPassword: { env: K } }\nstores:\n  s.p12: { keys: [root], password: { env: S } }\n', 'k.yaml');
    const hash = (env: Record<string, string>) => inputsHash(loaded, resolveTemplate(loaded, { env }));
    assert.notEqual(hash({ K: 'one', S: 'x' }), hash({ K: 'two', S: 'x' }));
    assert.notEqual(hash({ K: 'one', S: 'x' }), hash({ K: 'one', S: 'y' }));
    assert.equal(hash({ K: 'one', S: 'x' }), hash({ K: 'one', S: 'x' }));
  });
});

describe('load() of a set with other key-file forms', () => {
  it('reads traditional key files as the same key; an encrypted one is refused in one line naming the file', async () => {
    const { build: buildSets } = await import('../../src/api/build.js');
    const { load } = await import('../../src/api/load.js');
    const dir = build.track(tmpDir());
    const templates = join(dir, 'templates');
    mkdirSync(templates);
    writeFileSync(join(templates, 'forms.yaml'), 'version: 1\ncertificates:\n  root: {}\n  rsa: { issuer: root, key: rsa2048, keyFormat: traditional }\n  ec: { issuer: root, keyFormat: traditional }\n');
    writeFileSync(join(templates, 'locked.yaml'), 'version: 1\ncertificates:\n  root: { keyPassword: sesame-42 }\n');
    const built = await buildSets({ templates, out: join(dir, 'out') });
    const { sets } = await load(join(dir, 'out'), 'forms');
    for (const name of ['rsa', 'ec']) {
      assert.equal(sets['forms']!.certificates[name]!.keyPem, built.sets['forms']!.certificates[name]!.keyPem, name);
      assert.match(sets['forms']!.certificates[name]!.keyPem, /^-----BEGIN PRIVATE KEY-----/);
    }
    await assert.rejects(load(join(dir, 'out'), 'locked'), (e: Error) => {
      assert.equal(e.name, 'CertgenError');
      assert.match(e.message, /root\.key\.pem: the key file is encrypted \(keyPassword\): load\(\) cannot read it/);
      assert.ok(!e.message.includes('\n') && !e.message.includes('sesame-42'));
      return true;
    });
  });
});

describe('the API refuses key-file fields (it writes no key file)', () => {
  it('createCA() and ca.issue() name the field in one line instead of silently returning PKCS#8', async () => {
    const { createCA } = await import('../../src/api/ca.js');
    const refused = (field: string) => (e: Error) => {
      assert.equal(e.name, 'CertgenError');
      assert.match(e.message, new RegExp(`^(createCA|ca\\.issue)\\(\\): ${field}: ${field} sets the form of <name>\\.key\\.pem`));
      assert.ok(!e.message.includes('\n'));
      return true;
    };
    await assert.rejects(createCA({ keyFormat: 'traditional' } as never), refused('keyFormat'));
    const ca = await createCA();
    await assert.rejects(ca.issue({ keyPassword: 'x' } as never), refused('keyPassword'));
    await assert.rejects(ca.issue({ keyMode: '0644' } as never), refused('keyMode'));
    // Negative control: the same call without the field issues.
    assert.match((await ca.issue({ san: ['localhost'] })).keyPem, /^-----BEGIN PRIVATE KEY-----/);
  });
});
