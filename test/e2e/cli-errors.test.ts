/**
 * Bad templates through the real executable (`node bin/certgen.js`, i.e. dist/): exit status 1, one
 * `certgen: FILE: PATH: detail` line on stderr, no stack trace, nothing on stdout, nothing written.
 * Command-line misuse exits 2; --help and --version exit 0.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, REPO } from '../helpers/cli.js';
import { BASE, certs, server, stores, type ErrorRow } from '../helpers/templates.js';
import { run, tmpDir } from '../helpers/tools.js';

const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** A row's `file` defaults to `tpl.yaml`. */
const ROWS: readonly ErrorRow[] = [
  { name: 'missing version', yaml: 'certificates:\n  root: {}\n', path: '', message: /missing required field "version"/ },
  { name: 'wrong version', yaml: 'version: 2\ncertificates:\n  root: {}\n', path: 'version', message: /must be 1/ },
  { name: 'unknown top-level field', yaml: `${BASE}certficates: {}\n`, path: 'certficates', message: /unknown field/ },
  { name: 'unknown certificate field isuer', yaml: certs('  root: {}\n  server: { isuer: root }\n'), path: 'certificates.server.isuer', message: /unknown field/ },
  { name: 'certificate name with /', yaml: certs('  "../evil": {}\n'), path: 'certificates["../evil"]', message: /invalid name/ },
  { name: 'unknown issuer', yaml: certs('  root: {}\n  intermediate: { issuer: root, profile: intermediate }\n  server: { issuer: rooot }\n'), path: 'certificates.server.issuer', message: /unknown certificate "rooot" \(known: root, intermediate/ },
  { name: 'issuer cycle', yaml: certs('  a: { issuer: b }\n  b: { issuer: a }\n'), path: 'certificates.b.issuer', message: /issuer cycle: a -> b -> a/ },
  { name: 'sameAs cycle', yaml: certs('  a: { key: { sameAs: b } }\n  b: { key: { sameAs: a } }\n'), path: 'certificates.b.key.sameAs', message: /sameAs cycle/ },
  { name: 'bad key string', yaml: server('key: p257'), path: 'certificates.server.key', message: /must be one of "p256"/ },
  { name: 'rsa size 512', yaml: server('key: { type: rsa, size: 512 }'), path: 'certificates.server.key.size', message: /must be >= 1024/ },
  { name: 'pss on an EC issuer', yaml: server('pss: true'), path: 'certificates.server.pss', message: /RSA-PSS needs an RSA issuer key/ },
  { name: 'bad duration', yaml: server('validity: { notBefore: -1x }'), path: 'certificates.server.validity.notBefore', message: /"-1x" is neither/ },
  { name: 'notAfter before notBefore', yaml: server('validity: { notBefore: "2026-02-01T00:00:00Z", notAfter: "2026-01-01T00:00:00Z" }'), path: 'certificates.server.validity.notAfter', message: /is before notBefore/ },
  { name: 'multi-valued RDN', yaml: server('subject: "CN=a+O=b"'), path: 'certificates.server.subject', message: /multi-valued RDNs/ },
  { name: 'bad SAN IP', yaml: server('san: ["IP:999.1.1.1"]'), path: 'certificates.server.san[0]', message: /"999\.1\.1\.1" is not an IP address/ },
  { name: 'bad extKeyUsage', yaml: server('extKeyUsage: [serverAuht]'), path: 'certificates.server.extKeyUsage[0]', message: /unknown extended key usage "serverAuht"/ },
  { name: 'pathLength on a leaf', yaml: server('pathLength: 1'), path: 'certificates.server.pathLength', message: /only meaningful on a CA/ },
  { name: 'nameConstraints CIDR /33', yaml: certs('  root: { nameConstraints: { permitted: ["IP:10.0.0.0/33"] } }\n'), path: 'certificates.root.nameConstraints.permitted[0]', message: /invalid prefix length/ },
  { name: 'serial of 21 bytes', yaml: server(`serial: "${'7f'.repeat(21)}"`), path: 'certificates.server.serial', message: /at most 20 octets/ },
  { name: 'raw extension listed twice', yaml: server('extensions: [{ oid: "1.2.3.4", value: "0500" }, { oid: "1.2.3.4", value: "0500" }]'), path: 'certificates.server.extensions[1].oid', message: /listed twice/ },
  { name: 'store named x.jks', yaml: stores('  x.jks: { keys: [server] }\n'), path: 'stores["x.jks"]', message: /invalid name: a store is a file name/ },
  { name: 'store referencing an unknown cert', yaml: stores('  middle.p12: { keys: [server, clinet] }\n'), path: 'stores["middle.p12"].keys[1]', message: /unknown certificate "clinet"/ },
  { name: 'duplicate alias', yaml: stores('  ks.p12: { keys: [server, { cert: root, alias: SERVER }] }\n'), path: 'stores["ks.p12"].keys[1]', message: /alias "server" is used twice/ },
  { name: 'password from an unset env variable', yaml: stores('  ks.p12: { password: { env: CERTGEN_E2E_NEVER_SET }, keys: [server] }\n'), path: 'stores["ks.p12"].password.env', message: /environment variable CERTGEN_E2E_NEVER_SET is not set/ },
  { name: 'PEM store with a password', yaml: stores('  trust.pem: { password: secret, trusted: [root] }\n'), path: 'stores["trust.pem"].password', message: /not encrypted/ },
  { name: 'store colliding with a certificate file', yaml: stores('  server.pem: { trusted: [root] }\n'), path: 'stores["server.pem"]', message: /collides/ },
  { name: 'crl on a leaf', yaml: certs('  root: {}\n  server: { issuer: root, crl: { revoked: [] } }\n'), path: 'certificates.server.crl', message: /only a CA can sign a CRL/ },
  { name: 'YAML syntax error', yaml: 'version: 1\ncertificates:\n  root: { subject: [unclosed\n', path: '', message: /invalid YAML: .* at line 4, column 1$/ },
  { name: 'duplicate YAML key', yaml: 'version: 1\ncertificates:\n  root: {}\n  root: {}\n', path: '', message: /invalid YAML: Map keys must be unique/ },
  { name: 'JSON syntax error', file: 'tpl.json', yaml: '{"version": 1, "certificates": {"root": {},\n}}', path: '', message: /invalid JSON: / },
  { name: 'empty certificates', yaml: 'version: 1\ncertificates: {}\n', path: 'certificates', message: /must not be empty/ },
  { name: 'empty file', yaml: '', path: '', message: /a template is a map/ },
];

const tmpDirs: string[] = [];
after(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The environment of a user's shell, minus anything that could make a row pass by accident. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CERTGEN_') && k !== 'NODE_OPTIONS'));

function certgen(args: readonly string[], cwd: string) {
  return run(process.execPath, [BIN, ...args], { cwd, env: ENV, timeout: 60_000 });
}

/** No stack frames, no `SomethingError:` prefix, no internal-error wording. */
function assertNoStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at /, 'a stack trace');
  assert.doesNotMatch(stderr, /(^|\n|\s)[A-Za-z]*Error:/, 'an Error: prefix');
  assert.doesNotMatch(stderr, /internal error/);
}

before(() => {
  if (!existsSync(join(REPO, 'dist', 'cli', 'bin.js'))) {
    const r = run(process.execPath, ['scripts/build.mjs'], { cwd: REPO });
    assert.equal(r.status, 0, r.stderr);
  }
});

describe('certgen build with a bad template: exit 1, one clean message, nothing written', () => {
  it('has at least 20 rows', () => assert.ok(ROWS.length >= 20));

  for (const row of ROWS) {
    it(row.name, () => {
      const dir = tmpDir('certgen-e2e-');
      tmpDirs.push(dir);
      const file = join(dir, row.file ?? 'tpl.yaml');
      const out = join(dir, 'out');
      writeFileSync(file, row.yaml);
      const r = certgen(['build', file, '--out', out], dir);

      assert.equal(r.status, 1, `exit status ${r.status}; stderr: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.startsWith('certgen: '), r.stderr);
      const where = row.path === '' ? `certgen: ${file}: ` : `certgen: ${file}: ${row.path}: `;
      assert.ok(r.stderr.startsWith(where), `stderr ${JSON.stringify(r.stderr)} does not start with ${JSON.stringify(where)}`);
      assert.ok(r.stderr.endsWith('\n') && !r.stderr.slice(0, -1).includes('\n'), `not one line: ${JSON.stringify(r.stderr)}`);
      assert.match(r.stderr.slice(where.length, -1), row.message);
      assertNoStackTrace(r.stderr);

      // Nothing written: no out/ (or an empty one), and nothing next to the template either.
      assert.ok(!existsSync(out) || readdirSync(out).length === 0, `written under out/: ${existsSync(out) ? readdirSync(out, { recursive: true }).join(', ') : ''}`);
      assert.deepEqual(readdirSync(dir), [row.file ?? 'tpl.yaml']);
    });
  }

  // A good template, then a bad one (b-bad.yaml): every template is validated and resolved before
  // the first set is built.
  for (const [name, bad, error] of [
    ['a template failing validation among good ones: nothing is built', '  server: { isuer: root }', 'certificates.server.isuer: unknown field'],
    ['a template failing to resolve stops the build before any set is written', '  server: { issuer: rooot }', 'certificates.server.issuer: unknown certificate "rooot"'],
  ] as const) {
    it(name, () => {
      const dir = tmpDir('certgen-e2e-');
      tmpDirs.push(dir);
      const templates = join(dir, 'templates');
      mkdirSync(templates);
      writeFileSync(join(templates, 'a-good.yaml'), 'version: 1\ncertificates:\n  root: {}\n');
      writeFileSync(join(templates, 'b-bad.yaml'), certs(`  root: {}\n${bad}\n`));
      const out = join(dir, 'out');
      const r = certgen(['build', templates, '--out', out], dir);
      assert.equal(r.status, 1, r.stderr);
      assert.ok(r.stderr.startsWith(`certgen: ${join(templates, 'b-bad.yaml')}: ${error}`), r.stderr);
      assertNoStackTrace(r.stderr);
      assert.ok(!existsSync(out) || readdirSync(out).length === 0);
    });
  }

  // Names are file stems: the schema bounds their length so the file system never refuses them.
  for (const [what, yaml, path] of [
    ['a set name', `version: 1\nname: ${'s'.repeat(300)}\ncertificates:\n  root: {}\n`, 'name'],
    ['a certificate name', `version: 1\ncertificates:\n  root: {}\n  ${'c'.repeat(300)}: { issuer: root, subject: CN=x }\n`, `certificates.${'c'.repeat(300)}`],
  ] as const) {
    it(`${what} too long for a file name exits 1 with a clean message`, () => {
      const dir = tmpDir('certgen-e2e-');
      tmpDirs.push(dir);
      const file = join(dir, 'tpl.yaml');
      writeFileSync(file, yaml);
      const r = certgen(['build', file, '--out', join(dir, 'out')], dir);
      assert.equal(r.status, 1, r.stderr);
      assertNoStackTrace(r.stderr);
      assert.ok(r.stderr.startsWith(`certgen: ${file}: ${path}: `), r.stderr.slice(0, 200));
      assert.deepEqual(readdirSync(dir), ['tpl.yaml']);
    });
  }

  it('a missing template file exits 1 naming it', () => {
    const dir = tmpDir('certgen-e2e-');
    tmpDirs.push(dir);
    const file = join(dir, 'nope.yaml');
    const r = certgen(['build', file, '--out', join(dir, 'out')], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.startsWith(`certgen: ${file}: `), r.stderr);
    assertNoStackTrace(r.stderr);
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('certgen command-line misuse exits 2; --help and --version exit 0', () => {
  const cwd = (): string => {
    const dir = tmpDir('certgen-e2e-');
    tmpDirs.push(dir);
    return dir;
  };

  for (const [name, args] of [
    ['an unknown command', ['frobnicate']],
    ['a misspelt command', ['biuld']],
    ['an unknown option', ['build', '--frobnicate']],
    ['an unknown short option', ['build', '-z']],
    ['no command', []],
    ['a bad --engine value', ['build', '--engine', 'openssl']],
  ] as const) {
    it(name, () => {
      const dir = cwd();
      const r = certgen(args, dir);
      assert.equal(r.status, 2, `exit ${r.status}; stderr: ${r.stderr}`);
      assert.ok(r.stderr.startsWith('certgen: '), r.stderr);
      assert.equal(r.stdout, '');
      assertNoStackTrace(r.stderr);
      assert.deepEqual(readdirSync(dir), [], 'misuse wrote files');
    });
  }

  it('--help exits 0 and lists the commands on stdout', () => {
    const r = certgen(['--help'], cwd());
    assert.equal(r.status, 0, r.stderr);
    for (const command of ['build', 'check', 'pins', 'init', 'schema']) assert.match(r.stdout, new RegExp(`certgen ${command}\\b`));
    assert.equal(r.stderr, '');
  });

  it('build --help exits 0 and describes --out', () => {
    const r = certgen(['build', '--help'], cwd());
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /--out/);
  });

  it('--version prints the package version', () => {
    const r = certgen(['--version'], cwd());
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), VERSION);
    assert.equal(r.stderr, '');
  });
});
