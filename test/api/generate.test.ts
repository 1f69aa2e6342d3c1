/**
 * generate(): a template object through the whole engine in memory, imported from the package.
 * Its files are the ones `certgen build` writes (checked byte for byte in seed mode against the
 * CLI), its handles and stores work in real handshakes, and its errors are the CLI's.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CertgenError, generate, type Template } from 'certgen';
import { run, tmpDir } from '../helpers/tools.js';
import { handshake } from './tls.js';

const BIN = join(process.cwd(), 'bin', 'certgen.js');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const TEMPLATE = {
  version: 1,
  name: 'gen',
  seed: 'generate-test',
  certificates: {
    root: { subject: { CN: 'Gen Root' } },
    server: { issuer: 'root' },
    client: { issuer: 'root', profile: 'client' },
  },
  stores: { 'keystore.p12': { keys: ['server', 'client'] }, 'trust.pem': { trusted: ['root'] } },
} as const satisfies Template;

describe('generate', () => {
  it('returns handles, stores, pins and the files certgen build writes, byte for byte', async () => {
    const result = await generate(TEMPLATE);
    assert.equal(result.name, 'gen');
    assert.deepEqual(Object.keys(result.certificates), ['root', 'server', 'client']);
    assert.deepEqual(Object.keys(result.stores), ['keystore.p12', 'trust.pem']);
    assert.equal(result.pins.set, 'gen');
    assert.equal(result.certificates.server!.certSha256, result.pins.certificates.server!.certSha256);

    const dir = tmpDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'gen.yaml'), stringify(TEMPLATE));
    const cli = run(process.execPath, [BIN, 'build', join(dir, 'gen.yaml'), '--out', join(dir, 'out'), '--quiet']);
    assert.equal(cli.status, 0, cli.stderr);
    const written = readdirSync(join(dir, 'out', 'gen')).filter((f) => !f.startsWith('.'));
    assert.deepEqual(result.files.map((f) => f.name).sort(), written.sort());
    for (const f of result.files) assert.deepEqual(Buffer.from(f.bytes), readFileSync(join(dir, 'out', 'gen', f.name)), f.name);
    assert.equal(result.files.find((f) => f.name === 'server.key.pem')!.mode, 0o600);
    assert.equal(Buffer.from(result.stores['trust.pem']!).toString(), result.certificates.root!.certPem);
  });

  it('its handles and PKCS#12 store serve mutual TLS', async () => {
    const { seed: _seed, ...random } = TEMPLATE;
    const { certificates, stores } = await generate(random);
    const { server, client } = certificates;
    const outcome = await handshake(server!.serverOptions({ requestCert: true }), client!.clientOptions());
    assert.deepEqual(outcome, { ok: true, seen: { authorized: true, authorizationError: '', peerSha256: client!.certSha256 } });
    const pfx = Buffer.from(stores['keystore.p12']!);
    const fromStore = await handshake({ pfx, passphrase: 'changeit', ca: server!.rootPem, requestCert: true, rejectUnauthorized: true }, client!.clientOptions());
    assert.ok(fromStore.ok && fromStore.seen.authorized, JSON.stringify(fromStore));
  });

  it('names the set "fixtures" by default, and the file "<memory>" in errors (or options.file)', async () => {
    const { name } = await generate({ version: 1, certificates: { only: {} } });
    assert.equal(name, 'fixtures');
    const bad = { version: 1, certificates: { root: {}, server: { issuer: 'rooot' } } } as const;
    await assert.rejects(generate(bad), (e: unknown) => {
      assert.ok(e instanceof CertgenError);
      assert.equal(e.message, '<memory>: certificates.server.issuer: unknown certificate "rooot" (known: root); did you mean "root"?');
      assert.equal(e.file, '<memory>');
      assert.deepEqual(e.path, ['certificates', 'server', 'issuer']);
      return true;
    });
    await assert.rejects(generate({ version: 2 } as never, { file: 'mine.yaml' }), /^CertgenError: mine\.yaml: /);
  });
});
