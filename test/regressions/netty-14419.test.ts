/**
 * netty issue 14419 reproduced with Java 17 on loopback, with the shipped
 * templates/client-pinning.yaml built by the real CLI: a server that wants to accept exactly one
 * client certificate, "test" (EKU clientAuth only, issued by "ca"). test/java/Netty14419.java
 * (plain JSSE, what netty's JDK provider runs; no netty dependency) is compiled with javac (with
 * JsseSupport.java) into a temp folder and run with `java -cp`, once over TLS 1.3 and once over TLS 1.2. It prints one JSON
 * line per scenario: the acceptable CA names of the server's CertificateRequest as the client's
 * key manager received them, the alias it chose (null = empty chain), what each side was shown
 * and its verdict, and both ends' outcome. Asserted, as the issue reports them:
 *   1.1 server trusts the leaf test: the request names CN=test, the client has no certificate
 *       issued by CN=test, sends an empty chain: "Empty client certificate chain".
 *   1.2 server trusts the CA: works, and so does "other", another client of the same CA.
 *   2.1 test as the server certificate, client trusts the leaf test: works.
 *   2.2 test as the server certificate, client trusts the CA: "Extended key usage does not permit
 *       use for TLS server authentication".
 * Then the fix: a server TrustManager accepting a client only when SHA-256(leaf) equals
 * certificates.test.certSha256 of pins.json: test accepted, other refused.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { certgen, ensureBuilt, REPO } from '../helpers/cli.js';
import { compileJava, javaMissing } from '../helpers/java.js';
import { run, tmpDir } from '../helpers/tools.js';

const TEMPLATE = join(REPO, 'templates', 'client-pinning.yaml');
const JAVA_MISSING = javaMissing('the netty#14419 reproduction');

interface Scenario {
  id: string;
  mutualTls: boolean;
  requestedIssuers?: string[];
  clientAlias?: string | null;
  serverAlias?: string | null;
  serverSaw?: string | null;
  serverVerdict?: string;
  clientSaw?: string | null;
  clientVerdict?: string;
  serverOk: boolean;
  serverError?: string;
  clientOk: boolean;
  clientError?: string;
}

interface Pins {
  certificates: Record<string, { subject: string; issuer: string; certSha256: string; extKeyUsage: string[] }>;
}

describe('netty#14419: pinning one client certificate on a Java server', { skip: JAVA_MISSING }, () => {
  let work: string;
  let dir: string;
  let pins: Pins;
  let javaVersion: string;
  const runs = new Map<string, { jvm: Record<string, unknown>; scenarios: Map<string, Scenario>; ctx: string }>();

  before(() => {
    ensureBuilt();
    work = tmpDir();
    const classes = join(work, 'classes');
    javaVersion = compileJava('Netty14419', classes).version;

    const built = certgen(['build', TEMPLATE, '--out', join(work, 'out'), '--quiet']);
    assert.equal(built.status, 0, `certgen build: ${built.stderr}`);
    dir = join(work, 'out', 'client-pinning');
    pins = JSON.parse(readFileSync(join(dir, 'pins.json'), 'utf8')) as Pins;

    for (const protocol of ['TLSv1.3', 'TLSv1.2']) {
      const r = run('java', ['-cp', classes, 'Netty14419', dir, protocol], { timeout: 60_000 });
      const ctx = `${javaVersion}, ${protocol}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
      assert.equal(r.status, 0, ctx);
      const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const scenarios = new Map(lines.filter((l) => l.event === 'scenario').map((l) => [String(l.id), l as unknown as Scenario]));
      runs.set(protocol, { jvm: lines.find((l) => l.event === 'jvm')!, scenarios, ctx });
    }
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  function each(check: (s: (id: string) => Scenario, ctx: string, protocol: string) => void): void {
    for (const [protocol, { scenarios, ctx }] of runs) {
      const get = (id: string) => {
        const s = scenarios.get(id);
        assert.ok(s, `scenario ${id} did not run (${ctx})`);
        return s;
      };
      check(get, ctx, protocol);
    }
  }

  it('uses the fixtures as the issue describes them: test is clientAuth-only and issued by ca', () => {
    assert.deepEqual(pins.certificates.test!.extKeyUsage, ['clientAuth']);
    assert.equal(pins.certificates.test!.issuer, 'ca');
    assert.equal(pins.certificates.other!.issuer, 'ca');
    assert.deepEqual(pins.certificates.other!.extKeyUsage, ['clientAuth']);
    const keytool = run('keytool', ['-list', '-keystore', join(dir, 'trust-test.p12'), '-storepass', 'changeit']);
    assert.match(keytool.stdout, /^test, .*trustedCertEntry/m, `trust-test.p12 holds the leaf as a trusted entry (${javaVersion})`);
  });

  it('1.1 server trusts the client leaf: its CertificateRequest names CN=test, the client sends an empty chain, refused', () => {
    each((s, ctx) => {
      const sc = s('1.1');
      assert.deepEqual(sc.requestedIssuers, [pins.certificates.test!.subject], `acceptable CAs = the leaf's own subject (${ctx})`);
      assert.equal(sc.clientAlias, null, `no certificate issued by CN=test: empty chain (${ctx})`);
      assert.equal(sc.serverOk, false, ctx);
      assert.match(sc.serverError ?? '', /Empty client certificate chain/, ctx);
      assert.equal(sc.clientOk, false, ctx);
    });
  });

  it('1.2 server trusts the CA: works, but accepts any client of that CA (the problem)', () => {
    each((s, ctx) => {
      for (const [id, name] of [['1.2', 'test'], ['1.2-other', 'other']] as const) {
        const sc = s(id);
        assert.deepEqual(sc.requestedIssuers, [pins.certificates.ca!.subject], ctx);
        assert.equal(sc.clientAlias, name, ctx);
        assert.equal(sc.serverSaw, pins.certificates[name]!.subject, ctx);
        assert.equal(sc.serverVerdict, 'accepted', ctx);
        assert.equal(sc.serverOk, true, `${id}: ${ctx}`);
        assert.equal(sc.clientOk, true, `${id}: ${ctx}`);
      }
    });
  });

  it('2.1 test as the server certificate, client trusts the leaf itself: works (no EKU check on a trust anchor)', () => {
    each((s, ctx) => {
      const sc = s('2.1');
      assert.equal(sc.serverAlias, 'test', ctx);
      assert.equal(sc.clientSaw, pins.certificates.test!.subject, ctx);
      assert.equal(sc.clientVerdict, 'accepted', ctx);
      assert.equal(sc.clientOk, true, ctx);
      assert.equal(sc.serverOk, true, ctx);
    });
  });

  it('2.2 test as the server certificate, client trusts the CA: refused, clientAuth-only EKU', () => {
    each((s, ctx) => {
      const sc = s('2.2');
      assert.equal(sc.serverAlias, 'test', ctx);
      assert.equal(sc.clientSaw, pins.certificates.test!.subject, ctx);
      assert.match(sc.clientVerdict ?? '', /^refused: .*Extended key usage does not permit use for TLS server authentication/, ctx);
      assert.equal(sc.clientOk, false, ctx);
      assert.match(sc.clientError ?? '', /Extended key usage does not permit use for TLS server authentication/, ctx);
      assert.equal(sc.serverOk, false, ctx);
    });
  });

  it('the fix: a TrustManager pinned to certSha256 from pins.json accepts test and refuses another client of the same CA', () => {
    const hex = certgen(['pins', '--out', join(dir, '..'), '--set', 'client-pinning', '--cert', 'test', '--format', 'hex']);
    assert.equal(hex.status, 0, hex.stderr);
    assert.equal(hex.stdout.trim(), `test ${pins.certificates.test!.certSha256}`, 'certgen pins --format hex gives the same pin');
    each((s, ctx, protocol) => {
      assert.equal(runs.get(protocol)!.jvm.pinnedCertSha256, pins.certificates.test!.certSha256, `Java read the pin from pins.json (${ctx})`);
      const good = s('pin-test');
      assert.deepEqual(good.requestedIssuers, [], `the pinning server names no CA, so the client offers its certificate (${ctx})`);
      assert.equal(good.serverSaw, pins.certificates.test!.subject, ctx);
      assert.equal(good.serverVerdict, 'accepted', ctx);
      assert.equal(good.serverOk, true, ctx);
      assert.equal(good.clientOk, true, ctx);
      const bad = s('pin-other');
      assert.equal(bad.clientAlias, 'other', ctx);
      assert.equal(bad.serverSaw, pins.certificates.other!.subject, ctx);
      assert.match(bad.serverVerdict ?? '', /^refused: .*is not the pinned one/, ctx);
      assert.equal(bad.serverOk, false, ctx);
      assert.equal(bad.clientOk, false, ctx);
    });
  });
});
