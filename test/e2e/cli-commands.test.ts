/** `certgen pins`, `schema` and `init` through the real CLI. */
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { certgen, ensureBuilt, REPO } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tools.js';

let out: string;
const spki = (set: string, name: string) =>
  createHash('sha256').update(new X509Certificate(readFileSync(join(out, set, `${name}.pem`))).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
const certSha = (set: string, name: string) => createHash('sha256').update(new X509Certificate(readFileSync(join(out, set, `${name}.pem`))).raw).digest('hex');

before(() => {
  ensureBuilt();
  out = tmpDir();
  const r = certgen(['build', join(REPO, 'templates/mtls.yaml'), join(REPO, 'test/golden/seeded/template.yaml'), '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '', '--quiet prints nothing');
});

const pins = (...args: string[]) => {
  const r = certgen(['pins', '--out', out, ...args]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

test('pins --format json prints the manifest of one set, or {"sets": ...} for several', () => {
  const one = JSON.parse(pins('--set', 'mtls'));
  assert.equal(one.schema, 'certgen.pins/v1');
  assert.equal(one.certificates.server.spkiSha256, spki('mtls', 'server'));
  const all = JSON.parse(pins());
  assert.deepEqual(Object.keys(all.sets).sort(), ['mtls', 'seeded']);
});

test('pins --format okhttp, curl, hex, env and envoy carry the SPKI and certificate SHA-256 that the files have', () => {
  assert.equal(pins('--set', 'mtls', '--cert', 'server', 'client', '--format', 'okhttp'), `sha256/${spki('mtls', 'server')}\nsha256/${spki('mtls', 'client')}\n`);
  assert.equal(pins('--set', 'mtls', '--cert', 'server', 'client', '--format', 'curl'), `sha256//${spki('mtls', 'server')};sha256//${spki('mtls', 'client')}\n`);
  assert.equal(pins('--set', 'mtls', '--cert', 'server', '--format', 'hex'), `server ${certSha('mtls', 'server')}\n`);
  assert.match(pins('--cert', 'server', '--format', 'hex'), new RegExp(`^mtls/server ${certSha('mtls', 'server')}\nseeded/server ${certSha('seeded', 'server')}\n$`));
  const env = pins('--set', 'seeded', '--cert', 'server-pss', '--format', 'env');
  assert.equal(env, `CERTGEN_SEEDED_SERVER_PSS_SPKI_SHA256=${spki('seeded', 'server-pss')}\nCERTGEN_SEEDED_SERVER_PSS_CERT_SHA256=${certSha('seeded', 'server-pss')}\n`);
  const envoy = parseYaml(pins('--set', 'mtls', '--cert', 'server', 'dual', '--format', 'envoy'));
  assert.deepEqual(envoy, {
    verify_certificate_spki: [spki('mtls', 'server'), spki('mtls', 'dual')],
    verify_certificate_hash: [certSha('mtls', 'server'), certSha('mtls', 'dual')],
  });
});

test('pins: unknown certificate or set is exit 1, an unknown format exit 2', () => {
  const unknown = certgen(['pins', '--out', out, '--cert', 'nope']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /unknown certificate "nope"/);
  const noSet = certgen(['pins', '--out', out, '--set', 'absent']);
  assert.equal(noSet.status, 1);
  assert.match(noSet.stderr, /absent.*pins\.json: no pin manifest/);
  assert.equal(certgen(['pins', '--out', out, '--format', 'pem']).status, 2);
});

test('schema prints the JSON Schema the loader validates with', () => {
  const r = certgen(['schema']);
  assert.equal(r.status, 0);
  const schema = JSON.parse(r.stdout);
  assert.deepEqual(schema.required, ['version', 'certificates']);
  assert.ok(schema.properties.certificates.additionalProperties.properties.extKeyUsage.description);
});

test('init writes a starter templates/ that builds, and never overwrites', () => {
  const dir = tmpDir();
  const r = certgen(['init', dir]);
  assert.equal(r.status, 0, r.stderr);
  const starter = join(dir, 'templates', 'mtls.yaml');
  assert.ok(existsSync(starter));
  const doc = parseYaml(readFileSync(starter, 'utf8'));
  assert.deepEqual(Object.keys(doc.certificates), ['root', 'intermediate', 'server', 'client', 'dual']);
  assert.ok(Object.keys(doc.stores).some((s) => s.endsWith('.p12') && doc.stores[s].keys) && Object.values<{ trusted?: unknown }>(doc.stores).some((s) => s.trusted));
  const built = certgen(['build', join(dir, 'templates'), '--out', join(dir, 'out'), '--quiet']);
  assert.equal(built.status, 0, built.stderr);
  const again = certgen(['init', dir]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /mtls\.yaml: already exists/);
});
