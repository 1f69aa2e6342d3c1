/**
 * JDK-8199440 reproduced with Java 17 on loopback: Front -> Middle -> Back, every hop mutual TLS,
 * from the shipped templates/jvm-single-keystore.yaml built by the real CLI. Middle is a server
 * (for Front) and a client (of Back) with ONE keystore, middle.p12, holding middle-server (EKU
 * serverAuth) and middle-client (EKU clientAuth). test/java/ChainDemo.java is compiled with javac
 * (with JsseSupport.java) into a temp folder and run with `java -cp`; it prints JSON lines of which entry Middle's key
 * manager chose per direction, what Front and Back were shown, and each call's outcome.
 *
 * Asserted for Java 17 (the JDK this suite pins; JDK 26 changes SunX509 to check EKU and
 * validity, JDK-8360289, so the SunX509 assertions are skipped, with the observed outcome printed,
 * on any other major version):
 * - PKIX key manager: both hops work; Middle presents middle-server to Front and middle-client to
 *   Back. Also through the documented JSSE settings (-Djavax.net.ssl.keyStore=... plus
 *   ssl.KeyManagerFactory.algorithm=PKIX in a -Djava.security.properties file).
 * - SunX509 (Java 17's default): the key manager ignores EKU and returns the same entry in both
 *   directions, the first of its alias map. With the template's aliases that is middle-server, so
 *   the OUTBOUND direction is wrong: Middle presents its serverAuth certificate as a client and
 *   Back refuses it ("Extended key usage does not permit use for TLS client authentication"),
 *   while Front -> Middle works. With other aliases (mtls-server / mtls-client, whose map order
 *   is the reverse) the INBOUND direction is the wrong one: Front refuses middle-client as a
 *   server certificate. Template order does not matter; the alias names do.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { certgen, ensureBuilt, REPO } from '../helpers/cli.js';
import { compileJava, javaMissing } from '../helpers/java.js';
import { run, tmpDir } from '../helpers/tools.js';

const TEMPLATE = join(REPO, 'templates', 'jvm-single-keystore.yaml');
const JAVA_MISSING = javaMissing('the JDK-8199440 reproduction');

/** Builds a template with `certgen build` (the built CLI); returns the set's folder. */
function build(template: string, out: string, set: string): string {
  const r = certgen(['build', template, '--out', out, '--quiet']);
  assert.equal(r.status, 0, `certgen build ${template}: ${r.stderr}`);
  return join(out, set);
}

interface Event {
  event: string;
  [k: string]: unknown;
}

describe('JDK-8199440: one keystore with a serverAuth and a clientAuth entry (Front -> Middle -> Back)', { skip: JAVA_MISSING }, () => {
  let work: string;
  let classes: string;
  let fixture: string;
  let variant: string;
  let javaVersion: string;
  let javaMajor: number;

  before(() => {
    ensureBuilt();
    work = tmpDir();
    classes = join(work, 'classes');
    ({ version: javaVersion, major: javaMajor } = compileJava('ChainDemo', classes));
    fixture = build(TEMPLATE, join(work, 'out'), 'jvm-single-keystore');
    // The same set with Middle's aliases renamed: only the alias names differ.
    const renamed = readFileSync(TEMPLATE, 'utf8')
      .replace(/^name: .*$/m, 'name: jvm-renamed-aliases')
      .replace('keys: [middle-server, middle-client]', 'keys: [{cert: middle-server, alias: mtls-server}, {cert: middle-client, alias: mtls-client}]');
    assert.notEqual(renamed, readFileSync(TEMPLATE, 'utf8'), 'the template\'s middle.p12 keys line changed: update this test');
    writeFileSync(join(work, 'renamed.yaml'), renamed);
    variant = build(join(work, 'renamed.yaml'), join(work, 'out'), 'jvm-renamed-aliases');
    writeFileSync(join(work, 'pkix.security'), 'ssl.KeyManagerFactory.algorithm=PKIX\n');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  /** Runs ChainDemo; returns its events, and a context string (JDK, arguments, output) for messages. */
  function demo(dir: string, km: string, jvmArgs: readonly string[] = [], protocol = 'TLSv1.3'): { events: Event[]; ctx: string } {
    const r = run('java', [...jvmArgs, '-cp', classes, 'ChainDemo', dir, km, protocol], { timeout: 60_000 });
    const ctx = `${javaVersion}; ChainDemo ${km} ${protocol} ${jvmArgs.join(' ')}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
    assert.equal(r.status, 0, ctx);
    const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
    return { events, ctx };
  }

  const one = (events: Event[], match: Record<string, unknown>, ctx: string): Event => {
    const found = events.find((e) => Object.entries(match).every(([k, v]) => e[k] === v));
    assert.ok(found, `no event ${JSON.stringify(match)} (${ctx})`);
    return found;
  };
  const aliasesChosen = (events: Event[], as: 'server' | 'client') => [...new Set(events.filter((e) => e.event === 'alias' && e.as === as).map((e) => e.alias))];

  /** Both hops work and each direction presents the certificate with the right EKU. */
  function assertCorrect(events: Event[], ctx: string): void {
    const toBack = one(events, { event: 'presented', hop: 'middle->back', receiver: 'back' }, ctx);
    assert.equal(toBack.subject, 'CN=middle,OU=client,O=certgen', ctx);
    assert.deepEqual(toBack.eku, ['clientAuth'], ctx);
    assert.equal(toBack.verdict, 'accepted', ctx);
    const toFront = one(events, { event: 'presented', hop: 'front->middle', receiver: 'front' }, ctx);
    assert.equal(toFront.subject, 'CN=middle,OU=server,O=certgen', ctx);
    assert.deepEqual(toFront.eku, ['serverAuth'], ctx);
    assert.equal(toFront.verdict, 'accepted', ctx);
    assert.equal(one(events, { event: 'call', from: 'middle', to: 'back' }, ctx).ok, true, ctx);
    const chain = one(events, { event: 'call', from: 'front', to: 'middle' }, ctx);
    assert.equal(chain.ok, true, ctx);
    assert.equal(chain.reply, 'middle: back: hello from middle for ping', `the request went Front -> Middle -> Back (${ctx})`);
  }

  /** SunX509, template aliases: middle-server both ways; Back refuses it as a client certificate. */
  function assertOutboundWrong(events: Event[], ctx: string): void {
    const toBack = one(events, { event: 'presented', hop: 'middle->back', receiver: 'back' }, ctx);
    assert.equal(toBack.subject, 'CN=middle,OU=server,O=certgen', `Middle presented its serverAuth certificate as a TLS client (${ctx})`);
    assert.deepEqual(toBack.eku, ['serverAuth'], ctx);
    assert.equal(toBack.verdict, 'refused', ctx);
    assert.match(String(toBack.reason), /Extended key usage does not permit use for TLS client authentication/, ctx);
    assert.equal(one(events, { event: 'call', from: 'middle', to: 'back' }, ctx).ok, false, ctx);
    const toFront = one(events, { event: 'presented', hop: 'front->middle', receiver: 'front' }, ctx);
    assert.equal(toFront.subject, 'CN=middle,OU=server,O=certgen', ctx);
    assert.equal(toFront.verdict, 'accepted', `the inbound direction is right (${ctx})`);
    const chain = one(events, { event: 'call', from: 'front', to: 'middle' }, ctx);
    assert.equal(chain.ok, true, ctx);
    assert.match(String(chain.reply), /^middle: back call failed: /, `Front reaches Middle, Middle cannot reach Back (${ctx})`);
  }

  function requireJava17(t: TestContext, observed: string): boolean {
    if (javaMajor === 17) return true;
    t.diagnostic(`observed on ${javaVersion}: ${observed}`);
    t.skip(`asserts Java 17's SunX509 (JDK-8199440); this is ${javaVersion}, and JDK 26 changes SunX509 (JDK-8360289)`);
    return false;
  }

  it('PKIX key manager: both handshakes succeed, each direction presents the right EKU', () => {
    for (const protocol of ['TLSv1.3', 'TLSv1.2']) {
      const { events, ctx } = demo(fixture, 'PKIX', [], protocol);
      assert.deepEqual(aliasesChosen(events, 'server').map((a) => String(a).replace(/^\d+\.\d+\./, '')), ['middle-server'], ctx); // PKIX aliases read "1.0.middle-server"
      assert.deepEqual(aliasesChosen(events, 'client').map((a) => String(a).replace(/^\d+\.\d+\./, '')), ['middle-client'], ctx);
      assertCorrect(events, ctx);
    }
  });

  it('SunX509 on Java 17: the same entry (middle-server) both ways, so Middle -> Back presents the wrong certificate', (t) => {
    for (const protocol of ['TLSv1.3', 'TLSv1.2']) {
      const { events, ctx } = demo(fixture, 'SunX509', [], protocol);
      const observed = JSON.stringify(events.filter((e) => e.event === 'presented' || e.event === 'call'));
      if (!requireJava17(t, observed)) return;
      assert.deepEqual(aliasesChosen(events, 'server'), ['middle-server'], ctx);
      assert.deepEqual(aliasesChosen(events, 'client'), ['middle-server'], `SunX509 ignores EKU when choosing a client entry (${ctx})`);
      assertOutboundWrong(events, ctx);
    }
  });

  it('SunX509 on Java 17: which direction breaks depends on the alias names (renamed: Front -> Middle breaks)', (t) => {
    const { events, ctx } = demo(variant, 'SunX509');
    const observed = JSON.stringify(events.filter((e) => e.event === 'presented' || e.event === 'call'));
    if (!requireJava17(t, observed)) return;
    assert.deepEqual(aliasesChosen(events, 'server'), ['mtls-client'], ctx);
    assert.deepEqual(aliasesChosen(events, 'client'), ['mtls-client'], ctx);
    const toFront = one(events, { event: 'presented', hop: 'front->middle', receiver: 'front' }, ctx);
    assert.equal(toFront.subject, 'CN=middle,OU=client,O=certgen', `Middle presented its clientAuth certificate as a TLS server (${ctx})`);
    assert.equal(toFront.verdict, 'refused', ctx);
    assert.match(String(toFront.reason), /Extended key usage does not permit use for TLS server authentication/, ctx);
    assert.equal(one(events, { event: 'call', from: 'front', to: 'middle' }, ctx).ok, false, ctx);
    assert.equal(one(events, { event: 'call', from: 'middle', to: 'back' }, ctx).ok, true, `the outbound direction is right here (${ctx})`);
    // And PKIX fixes this variant too.
    const pkix = demo(variant, 'PKIX');
    assertCorrect(pkix.events, pkix.ctx);
  });

  it('the JSSE settings a Java service uses: -Djavax.net.ssl.* alone gives SunX509 on Java 17; ssl.KeyManagerFactory.algorithm=PKIX fixes it', (t) => {
    const props = [
      `-Djavax.net.ssl.keyStore=${join(fixture, 'middle.p12')}`,
      '-Djavax.net.ssl.keyStoreType=PKCS12',
      '-Djavax.net.ssl.keyStorePassword=changeit',
      `-Djavax.net.ssl.trustStore=${join(fixture, 'middle-truststore.p12')}`,
      '-Djavax.net.ssl.trustStoreType=PKCS12',
      '-Djavax.net.ssl.trustStorePassword=changeit',
    ];
    const fixed = demo(fixture, 'default', [...props, `-Djava.security.properties=${join(work, 'pkix.security')}`]);
    assert.equal(one(fixed.events, { event: 'jvm' }, fixed.ctx).middleKeyManager, 'PKIX', fixed.ctx);
    assertCorrect(fixed.events, fixed.ctx);

    const plain = demo(fixture, 'default', props);
    const jvm = one(plain.events, { event: 'jvm' }, plain.ctx);
    if (!requireJava17(t, JSON.stringify(plain.events))) return;
    assert.equal(jvm.middleKeyManager, 'SunX509', `Java 17's default key manager (${plain.ctx})`);
    assertOutboundWrong(plain.events, plain.ctx);
  });
});
