// Compiled by test/api/declarations.test.ts with `tsc --noEmit -p test/api/consumer/tsconfig.json`:
// every exported function and type, used the way README.md and docs/api.md show.
import https from 'node:https';
import tls from 'node:tls';
import type { X509Certificate } from 'node:crypto';
import {
  CertgenError,
  VERSION,
  build,
  createCA,
  generate,
  load,
  type BuildResult,
  type BuiltSet,
  type CaHandle,
  type CertificateHandle,
  type CertificateOptions,
  type FieldPath,
  type FileCertificate,
  type GenerateResult,
  type LoadResult,
  type PinEntry,
  type PinManifest,
  type Template,
} from 'certgen';

export async function everything(): Promise<void> {
  const version: string = VERSION;

  const result: BuildResult = await build({ templates: 'templates', out: 'out', force: false, engine: 'node' });
  const mtls: BuiltSet | undefined = result.sets['mtls'];
  const server: FileCertificate | undefined = mtls?.certificates['server'];
  if (server) {
    const paths: string[] = [server.paths.cert, server.paths.key, server.paths.fullchain];
    https.createServer({ ...server.serverOptions({ requestCert: true }) }).close();
    void paths;
  }
  const status: 'built' | 'up-to-date' | undefined = mtls?.status;

  const loaded: LoadResult = await load('out', 'mtls');
  const pins: PinManifest | undefined = loaded.sets['mtls']?.pins;
  const entry: PinEntry | undefined = pins?.certificates['server'];
  const spki: string | undefined = entry?.spkiSha256;

  const template: Template = { version: 1, certificates: { root: {}, leaf: { issuer: 'root', san: ['localhost'] } } };
  const fixtures: GenerateResult = await generate(template, { file: 'inline.yaml' });
  const bytes: Uint8Array | undefined = fixtures.stores['keystore.p12'];
  const files: readonly { name: string; bytes: Uint8Array; mode: number }[] = fixtures.files;

  const options: CertificateOptions = { subject: { CN: 'Test CA' }, key: 'p256', validity: { days: 30 } };
  const ca: CaHandle = await createCA({ ...options, name: 'ca', seed: 'x', epoch: '2020-01-01T00:00:00Z', engine: 'peculiar' });
  const intermediate: CaHandle = await ca.createIntermediate({ pathLength: 0 });
  const leaf: CertificateHandle = await intermediate.issue({ profile: 'server', san: ['localhost', '127.0.0.1'], name: 'web' });
  const strings: string[] = [leaf.certPem, leaf.keyPem, leaf.fullchainPem, leaf.rootPem, leaf.spkiSha256, leaf.certSha256, leaf.name, leaf.role];
  const der: Uint8Array = leaf.der;
  const x509: X509Certificate = leaf.x509;
  const p12: Uint8Array = await leaf.toPkcs12({ password: 'changeit', encryption: 'legacy', iterations: 2048, alias: 'web' });

  https.createServer(leaf.serverOptions()).close();
  tls.createServer({ ...leaf.serverOptions(), requestCert: true }).close();
  https.request({ host: '127.0.0.1', ...leaf.clientOptions() }).destroy();
  tls.connect({ port: 1, ...leaf.trustOptions(), servername: 'localhost' }).destroy();
  tls.createSecureContext({ pfx: Buffer.from(p12), passphrase: 'changeit' });

  try {
    await ca.issue({ san: ['bad host!'] });
  } catch (e) {
    if (e instanceof CertgenError) {
      const where: [string | undefined, FieldPath, string, string] = [e.file, e.path, e.detail, e.message];
      void where;
    }
  }
  void [version, status, spki, bytes, files, strings, der, x509];
}
