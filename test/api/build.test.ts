/**
 * build() and load() through the package entry: what they return is what is on disk, an
 * up-to-date set is read back identically, errors are the CLI's, and the files really serve
 * mutual TLS.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { CertgenError, build, load, type FileCertificate, type FixtureSet } from 'certgen';
import { run, tmpDir } from '../helpers/tools.js';
import { handshake } from './tls.js';

const TEMPLATE = `version: 1
name: api-mtls
certificates:
  root: { subject: { CN: API Test Root } }
  intermediate: { issuer: root, profile: intermediate, pathLength: 0 }
  server: { issuer: intermediate }
  client: { issuer: intermediate, profile: client }
stores:
  keystore.p12: { keys: [server, client] }
  trust.pem: { trusted: [root] }
`;
const BIN = join(process.cwd(), 'bin', 'certgen.js');

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function workspace(template = TEMPLATE): { templates: string; out: string } {
  const dir = tmpDir();
  dirs.push(dir);
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'templates', 'api-mtls.yaml'), template);
  return { templates: join(dir, 'templates'), out: join(dir, 'out') };
}

/** What must be equal between two handles of the same certificate. */
const same = (c: FileCertificate) => ({ certPem: c.certPem, keyPem: c.keyPem, fullchainPem: c.fullchainPem, rootPem: c.rootPem, certSha256: c.certSha256, spkiSha256: c.spkiSha256, info: c.info, paths: c.paths });
const sameSet = (s: FixtureSet) => ({ name: s.name, dir: s.dir, stores: s.stores, pins: s.pins, certificates: Object.fromEntries(Object.entries(s.certificates).map(([n, c]) => [n, same(c)])) });

describe('build', () => {
  it('writes the set and returns handles that are the files on disk', async () => {
    const ws = workspace();
    const { sets } = await build(ws);
    const set = sets['api-mtls']!;
    assert.equal(set.status, 'built');
    assert.equal(set.dir, join(ws.out, 'api-mtls'));
    assert.equal(set.template, join(ws.templates, 'api-mtls.yaml'));
    assert.deepEqual(Object.keys(set.certificates), ['root', 'intermediate', 'server', 'client']);
    assert.deepEqual(set.pins, JSON.parse(readFileSync(join(set.dir, 'pins.json'), 'utf8')));
    for (const c of Object.values(set.certificates)) {
      assert.equal(readFileSync(c.paths.cert, 'utf8'), c.certPem);
      assert.equal(readFileSync(c.paths.key, 'utf8'), c.keyPem);
      assert.equal(readFileSync(c.paths.fullchain, 'utf8'), c.fullchainPem);
      assert.equal(statSync(c.paths.key).mode & 0o777, 0o600);
      assert.equal(c.certSha256, set.pins.certificates[c.name]!.certSha256);
    }
    assert.deepEqual(set.stores, { 'keystore.p12': join(set.dir, 'keystore.p12'), 'trust.pem': join(set.dir, 'trust.pem') });
    assert.equal(readFileSync(set.stores['trust.pem']!, 'utf8'), set.certificates.root!.certPem);
    // The keystore's first key entry is the server's (Node loads the first one).
    createSecureContext({ pfx: readFileSync(set.stores['keystore.p12']!), passphrase: 'changeit' });
  });

  it('leaves an up-to-date set alone and reads it back identically; force rebuilds', async () => {
    const ws = workspace();
    const first = (await build(ws)).sets['api-mtls']!;
    const second = (await build(ws)).sets['api-mtls']!;
    assert.equal(second.status, 'up-to-date');
    assert.deepEqual(second.reasons, []);
    assert.deepEqual(sameSet(second), sameSet(first));
    const forced = (await build({ ...ws, force: true })).sets['api-mtls']!;
    assert.equal(forced.status, 'built');
    assert.notEqual(forced.certificates.server!.certSha256, first.certificates.server!.certSha256);
  });

  it('serves mutual TLS from the files it wrote', async () => {
    const ws = workspace();
    const { server, client } = (await build(ws)).sets['api-mtls']!.certificates;
    const fromDisk = (c: FileCertificate) => ({ key: readFileSync(c.paths.key), cert: readFileSync(c.paths.fullchain), ca: readFileSync(join(c.paths.cert, '..', 'root.pem')) });
    const outcome = await handshake({ ...fromDisk(server!), requestCert: true, rejectUnauthorized: true }, fromDisk(client!));
    assert.deepEqual(outcome, { ok: true, seen: { authorized: true, authorizationError: '', peerSha256: client!.certSha256 } });
    const viaHelpers = await handshake(server!.serverOptions({ requestCert: true }), client!.clientOptions());
    assert.ok(viaHelpers.ok && viaHelpers.seen.authorized);
  });

  it('throws the CLI message, as a CertgenError with file and path', async () => {
    const ws = workspace(TEMPLATE.replace('server: { issuer: intermediate }', 'server: { issuer: intermediat }'));
    const error = await build(ws).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof CertgenError);
    assert.equal(error.file, join(ws.templates, 'api-mtls.yaml'));
    assert.deepEqual(error.path, ['certificates', 'server', 'issuer']);
    assert.match(error.message, /certificates\.server\.issuer: unknown certificate "intermediat" \(known: root, intermediate\); did you mean "intermediate"\? at line \d+, column \d+$/);
    const cli = run(process.execPath, [BIN, 'build', ws.templates, '--out', ws.out]);
    assert.equal(cli.status, 1);
    assert.equal(cli.stderr, `certgen: ${error.message}\n`);
  });
});

describe('load', () => {
  it('reads every built set, or one, into the shape build() returns', async () => {
    const ws = workspace();
    const built = (await build(ws)).sets['api-mtls']!;
    const all = await load(ws.out);
    assert.deepEqual(Object.keys(all.sets), ['api-mtls']);
    assert.deepEqual(sameSet(all.sets['api-mtls']!), sameSet(built));
    const one = await load(ws.out, 'api-mtls');
    assert.deepEqual(sameSet(one.sets['api-mtls']!), sameSet(built));
  });

  it('says what is wrong: nothing built, an unknown set, a file that no longer matches pins.json', async () => {
    const ws = workspace();
    await assert.rejects(load(ws.out), (e: unknown) => e instanceof CertgenError && e.file === ws.out && /no built sets here/.test(e.message));
    await build(ws);
    await assert.rejects(load(ws.out, 'nope'), (e: unknown) => e instanceof CertgenError && /no pin manifest/.test(e.message));
    const dir = join(ws.out, 'api-mtls');
    const original = readFileSync(join(dir, 'server.pem'));
    writeFileSync(join(dir, 'server.pem'), readFileSync(join(dir, 'client.pem')));
    await assert.rejects(load(ws.out), (e: unknown) => e instanceof CertgenError && e.file === join(dir, 'server.pem') && /does not match pins\.json/.test(e.message));
    writeFileSync(join(dir, 'server.pem'), original);
    rmSync(join(dir, 'client.key.pem'));
    await assert.rejects(load(ws.out), (e: unknown) => e instanceof CertgenError && e.file === join(dir, 'client.key.pem') && /cannot read \(ENOENT\)/.test(e.message));
  });
});
