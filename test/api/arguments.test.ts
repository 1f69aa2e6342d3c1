/**
 * Every exported API function with arguments of the wrong kind (issue 11 item 5): a CertgenError
 * naming the call and the argument, never a TypeError out of the engine. And `load()` with a set
 * name that climbs out of the out folder (item 9).
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build, CertgenError, createCA, generate, load, type CaHandle, type CertificateHandle } from '../../src/index.js';
import { tmpDir } from '../helpers/tools.js';

const TEMPLATE = { version: 1, certificates: { root: {} } } as const;
const dir = tmpDir('certgen-args-');
after(() => rmSync(dir, { recursive: true, force: true }));

let ca: CaHandle;
let leaf: CertificateHandle;
before(async () => {
  ca = await createCA();
  leaf = await ca.issue();
});

/** [description, call, expected message start (`call: argument: `), detail pattern] */
type Row = readonly [string, () => unknown, string, RegExp];

const rows = (): Row[] => [
  ['build(null)', () => build(null as never), 'build(): options: ', /expected an options object, not null/],
  ['build(123)', () => build(123 as never), 'build(): options: ', /expected an options object, not the number 123/],
  ['build({templates: 123})', () => build({ templates: 123 } as never), 'build(): templates: ', /expected a path or a list of paths, not the number 123/],
  ['build({templates: [1]})', () => build({ templates: [1] } as never), 'build(): templates[0]: ', /expected a path/],
  ['build({out: 5})', () => build({ out: 5 } as never), 'build(): out: ', /expected a path/],
  ['build({force: "yes"})', () => build({ force: 'yes' } as never), 'build(): force: ', /expected true or false/],
  ['build({engine: "bogus"})', () => build({ engine: 'bogus' } as never), 'build(): engine: ', /must be "node" or "peculiar", not "bogus"/],
  ['build({env: 5})', () => build({ env: 5 } as never), 'build(): env: ', /expected a map of environment variables/],
  ['build({tempaltes})', () => build({ tempaltes: 'x' } as never), 'build(): tempaltes: ', /unknown option \(did you mean "templates"\?\)/],
  ['generate(tpl, null)', () => generate(TEMPLATE, null as never), 'generate(): options: ', /expected an options object, not null/],
  ['generate(tpl, {engine: "bogus"})', () => generate(TEMPLATE, { engine: 'bogus' } as never), 'generate(): engine: ', /must be "node" or "peculiar"/],
  ['generate(tpl, {now: "x"})', () => generate(TEMPLATE, { now: 'x' } as never), 'generate(): now: ', /expected a valid Date/],
  ['generate(tpl, {now: Invalid Date})', () => generate(TEMPLATE, { now: new Date(NaN) }), 'generate(): now: ', /expected a valid Date/],
  ['generate(tpl, {file: 5})', () => generate(TEMPLATE, { file: 5 } as never), 'generate(): file: ', /expected a string/],
  ['createCA(null)', () => createCA(null as never), 'createCA(): options: ', /expected an options object, not null/],
  ['createCA(5)', () => createCA(5 as never), 'createCA(): options: ', /expected an options object/],
  ['createCA({engine: "bogus"})', () => createCA({ engine: 'bogus' } as never), 'createCA(): engine: ', /must be "node" or "peculiar"/],
  ['createCA({name: 5})', () => createCA({ name: 5 } as never), 'createCA(): name: ', /expected a string/],
  ['ca.issue(null)', () => ca.issue(null as never), 'ca.issue(): options: ', /expected an options object, not null/],
  ['ca.issue(5)', () => ca.issue(5 as never), 'ca.issue(): options: ', /expected an options object/],
  ['ca.issue({name: 5})', () => ca.issue({ name: 5 } as never), 'ca.issue(): name: ', /expected a string/],
  ['ca.createIntermediate(null)', () => ca.createIntermediate(null as never), 'ca.createIntermediate(): options: ', /expected an options object/],
  ['load(5)', () => load(5 as never), 'load(): out: ', /expected a path/],
  ['load(null)', () => load(null as never), 'load(): out: ', /expected a path/],
  ['load(out, 5)', () => load(dir, 5 as never), 'load(): set: ', /expected a string/],
  ['serverOptions(null)', () => leaf.serverOptions(null as never), 'serverOptions(): options: ', /expected an options object/],
  ['serverOptions({requestCert: 1})', () => leaf.serverOptions({ requestCert: 1 } as never), 'serverOptions(): requestCert: ', /expected true or false/],
  ['toPkcs12(null)', () => leaf.toPkcs12(null as never), 'toPkcs12(): options: ', /expected an options object/],
  ['toPkcs12({password: 5})', () => leaf.toPkcs12({ password: 5 } as never), 'toPkcs12(): password: ', /expected a string/],
  ['toPkcs12({alias: 5})', () => leaf.toPkcs12({ alias: 5 } as never), 'toPkcs12(): alias: ', /expected a string/],
  ['toPkcs12({iterations: "9"})', () => leaf.toPkcs12({ iterations: '9' } as never), 'toPkcs12(): iterations: ', /expected an integer/],
];

describe('API arguments of the wrong kind: a CertgenError naming the call and the argument', () => {
  it('each row', async () => {
    for (const [what, call, start, detail] of rows()) {
      let error: unknown;
      try {
        await call();
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof CertgenError, `${what}: ${error instanceof Error ? `${error.name}: ${error.message}` : `no error (${String(error)})`}`);
      assert.ok(error.message.startsWith(start), `${what}: ${error.message}`);
      assert.match(error.message.slice(start.length), detail, what);
      assert.doesNotMatch(error.message, /\n/);
    }
  });

  it('the negative control: the same calls with good arguments succeed', async () => {
    assert.equal((await generate(TEMPLATE, { engine: 'node', now: new Date(), file: 'x.yaml' })).name, 'fixtures');
    assert.equal((await ca.issue({ name: 'web' })).name, 'web');
    assert.equal(leaf.serverOptions({ requestCert: true }).requestCert, true);
    assert.ok((await leaf.toPkcs12({ password: 'pw', alias: 'a', iterations: 10 })).length > 0);
  });
});

describe('load() with a set name that is not one', () => {
  it('refuses ../.., .., a/b and the like before reading anything', async () => {
    // A real set one level above `out`, which `load(out, '../x')` would otherwise read.
    const out = join(dir, 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(dir, 'x.yaml'), 'version: 1\ncertificates:\n  root: {}\n');
    await build({ templates: join(dir, 'x.yaml'), out: dir });
    assert.ok((await load(dir, 'x')).sets.x, 'the set is there to be read');
    for (const name of ['../x', '..', '../..', 'a/b', '/etc', '', 'X']) {
      await assert.rejects(load(out, name), (e: unknown) => e instanceof CertgenError && e.message.startsWith('load(): set: invalid set name'), name);
    }
  });
});
