/**
 * Java 17 PKIX with revocation checking, through `certgen serve`: with OCSP on (the Security
 * property `ocsp.enable`) and CRLDP off, then with CRLDP on (`com.sun.security.enableCRLDP`) and
 * OCSP off. Java fetches the URLs that `publish` wrote into the certificates. Each mode accepts
 * the good chain and refuses the revoked one as REVOKED; with the server stopped, the same good
 * chain is refused (its status cannot be determined): the answers really came from the server.
 * The OCSP mode's security properties are docs/serve.md's block. Both through CertPathValidator
 * directly and through a JSSE handshake (a PKIX TrustManagerFactory with the same parameters).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt } from '../helpers/cli.js';
import { docBlock } from '../helpers/doc-blocks.js';
import { compileJava, javaMissing } from '../helpers/java.js';
import { tmpDir } from '../helpers/tools.js';
import { freePort, revocationTemplate, runAsync, buildAndServe, killIfRunning, type ServeCli, writeTemplate } from './support.js';

const skip = javaMissing('the Java PKIX revocation checks against certgen serve');

describe('Java 17 PKIX through certgen serve', { skip }, () => {
  let dir: string;
  let classes: string;
  let server: ServeCli;
  const modes = {
    ocsp: (props: string) => [`-Djava.security.properties=${props}`, '-Dcom.sun.security.enableCRLDP=false'],
    crldp: (props: string) => [`-Djava.security.properties=${props}`, '-Dcom.sun.security.enableCRLDP=true'],
  };
  let props: Record<keyof typeof modes, string>;

  before(async () => {
    ensureBuilt();
    dir = tmpDir('certgen-serve-java-');
    classes = join(dir, 'classes');
    compileJava('RevocationCheck', classes);
    props = { ocsp: join(dir, 'ocsp.security'), crldp: join(dir, 'crldp.security') };
    writeFileSync(props.ocsp, docBlock('docs/serve.md', 'serve-java-security')); // ocsp.enable=true, as the page shows
    writeFileSync(props.crldp, 'ocsp.enable=false\n');
    writeTemplate(dir, revocationTemplate(await freePort()));
    server = await buildAndServe(dir);
  });
  after(() => killIfRunning(server));

  const java = async (mode: keyof typeof modes, args: readonly string[]): Promise<string> => {
    const r = await runAsync('java', [...modes[mode](props[mode]), '-cp', classes, 'RevocationCheck', ...args], { timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  const out = (name: string) => join(dir, 'out', 'rev', `${name}.pem`);
  /** CertPathValidator on leaf → inter under the root. */
  const check = (mode: keyof typeof modes, leaf: string) => java(mode, ['path', out('root'), out(leaf), out('inter')]);
  /** A JSSE handshake with a Node TLS server presenting `leaf` and its chain. */
  const handshake = async (mode: keyof typeof modes, leaf: string): Promise<string> => {
    const server = createServer({ key: readFileSync(join(dir, 'out', 'rev', `${leaf}.key.pem`)), cert: readFileSync(join(dir, 'out', 'rev', `${leaf}.fullchain.pem`)) }, (s) => s.end());
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      return await java(mode, ['tls', out('root'), String((server.address() as AddressInfo).port)]);
    } finally {
      server.close();
    }
  };

  for (const mode of ['ocsp', 'crldp'] as const) {
    it(`${mode}: the good chain is accepted, the revoked one refused as REVOKED`, async () => {
      assert.equal(await check(mode, 'good'), 'ACCEPTED');
      assert.match(await check(mode, 'bad'), /^REFUSED REVOKED .*(keyCompromise|KEY_COMPROMISE|revoked)/i);
    });

    it(`${mode}: a JSSE client (PKIX TrustManagerFactory, revocation on) completes the handshake with the good server, not with the revoked one`, async () => {
      assert.equal(await handshake(mode, 'good'), 'ACCEPTED');
      assert.match(await handshake(mode, 'bad'), /^REFUSED REVOKED /);
    });
  }

  it('with the server stopped, neither mode can accept the good chain (negative control)', async () => {
    server.child.kill('SIGTERM');
    assert.equal((await server.done).status, 0);
    for (const mode of ['ocsp', 'crldp'] as const) {
      assert.match(await check(mode, 'good'), /^REFUSED UNDETERMINED_REVOCATION_STATUS/, mode);
      assert.match(await handshake(mode, 'good'), /^REFUSED UNDETERMINED_REVOCATION_STATUS/, mode);
    }
  });
});
