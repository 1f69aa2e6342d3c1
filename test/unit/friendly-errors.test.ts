/**
 * Friendlier template errors (issue 10 item 7) and JSON templates held to YAML's rules (issue 11
 * item 14): "did you mean" for a misspelled field, profile, key type, EKU, attribute or
 * certificate name; the line and column of the offending node where the parser knows them,
 * appended as ` at line L, column C` so the `FILE: PATH: detail` start stays as it was; duplicate
 * JSON keys refused like YAML's; a UTF-8 byte order mark accepted in JSON and YAML.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveTemplate } from '../../src/api/pipeline.js';
import { CertgenError } from '../../src/errors.js';
import { readTemplateText } from '../../src/template/find.js';
import { parseTemplate } from '../../src/template/load.js';
import { closest } from '../../src/suggest.js';
import { tmpDir } from '../helpers/tools.js';

const NOW = new Date('2026-01-01T00:00:00Z');

/** The error a template text ends in (schema or resolver), as the CLI would see it. */
function errorOf(text: string, file = 'templates/x.yaml'): CertgenError {
  try {
    resolveTemplate(parseTemplate(text, file), { now: NOW, env: {} });
  } catch (e) {
    assert.ok(e instanceof CertgenError, String((e as Error)?.stack ?? e));
    return e;
  }
  assert.fail('the template was accepted');
}

const YAML_HEAD = 'version: 1\ncertificates:\n  root: {}\n';

describe('"did you mean" for misspelled names', () => {
  const rows: [string, string, string, RegExp][] = [
    ['a certificate field', `${YAML_HEAD}  server:\n    issuer: root\n    sna: [localhost]\n`, 'certificates.server.sna', /^unknown field \(did you mean "san"\?\)$/],
    ['a top-level field', `version: 1\ncertficates:\n  root: {}\n`, 'certficates', /^unknown field \(did you mean "certificates"\?\)$/],
    ['a profile', `${YAML_HEAD}  server: { issuer: root, profile: sever }\n`, 'certificates.server.profile', /^must be one of .*; did you mean "server"\?$/],
    ['a key type', `${YAML_HEAD}  server: { issuer: root, key: p265 }\n`, 'certificates.server.key', /; did you mean "p256"\?$/],
    ['an EKU name', `${YAML_HEAD}  server: { issuer: root, extKeyUsage: [serverAuht] }\n`, 'certificates.server.extKeyUsage[0]', /^unknown extended key usage "serverAuht" \(known: .*\); did you mean "serverAuth"\?$/],
    ['a subject attribute', `${YAML_HEAD}  server: { issuer: root, subject: "CM=x" }\n`, 'certificates.server.subject', /^unknown attribute "CM" \(known: .*\); did you mean "CN"\?$/],
    ['a subject attribute in map form', `${YAML_HEAD}  server: { issuer: root, subject: { Cn: x } }\n`, 'certificates.server.subject.Cn', /^unknown field \(did you mean "CN"\?\)$/],
    ['an issuer', `${YAML_HEAD}  server: { issuer: rooot }\n`, 'certificates.server.issuer', /^unknown certificate "rooot" \(known: root\); did you mean "root"\?$/],
    ['a store entry', `${YAML_HEAD}  client: { issuer: root, profile: client }\nstores:\n  a.p12: { keys: [clinet] }\n`, 'stores["a.p12"].keys[0]', /; did you mean "client"\?$/],
    ['a trust anchor', `${YAML_HEAD}trust: [rot]\n`, 'trust[0]', /; did you mean "root"\?$/],
  ];
  for (const [what, text, path, detail] of rows) {
    it(what, () => {
      const e = errorOf(text);
      assert.ok(e.message.startsWith(`templates/x.yaml: ${path}: `), e.message);
      assert.match(e.detail, detail);
      assert.ok(!e.message.includes('\n'));
    });
  }

  it('no suggestion when nothing is close, or two are equally close (the negative controls)', () => {
    assert.doesNotMatch(errorOf(`${YAML_HEAD}  server: { issuer: root, zzzzzz: 1 }\n`).detail, /did you mean/);
    assert.match(errorOf(`${YAML_HEAD}  server: { issuer: root, zzzzzz: 1 }\n`).detail, /^unknown field \(allowed: issuer, /);
    assert.doesNotMatch(errorOf(`${YAML_HEAD}  server: { issuer: xyzzy }\n`).detail, /did you mean/);
    assert.equal(closest('ab', ['ac', 'ad']), undefined);
    assert.equal(closest('isuer', ['issuer', 'profile']), 'issuer');
  });
});

describe('line and column of the offending node', () => {
  it('a schema error in YAML points at the key of an unknown field', () => {
    const e = errorOf(`${YAML_HEAD}  server:\n    issuer: root\n    sna: [localhost]\n`);
    assert.equal(e.message, 'templates/x.yaml: certificates.server.sna: unknown field (did you mean "san"?) at line 6, column 5');
    assert.deepEqual([e.line, e.column], [6, 5]);
  });

  it('a resolver error points at the list item', () => {
    const e = errorOf(`${YAML_HEAD}  server: { issuer: root, san: [ok.test, "IP:999.1.1.1"] }\n`);
    assert.equal(e.line, 4);
    assert.equal(e.column, 42);
    assert.match(e.message, /^templates\/x\.yaml: certificates\.server\.san\[1\]: .* at line 4, column 42$/);
  });

  it('JSON templates too', () => {
    const e = errorOf('{\n  "version": 1,\n  "certificates": {\n    "root": { "isuer": "x" }\n  }\n}\n', 'templates/x.json');
    assert.match(e.message, /^templates\/x\.json: certificates\.root\.isuer: unknown field \(did you mean "issuer"\?\) at line 4, column 15$/);
  });

  it('no position for errors about the whole file or objects without a source (the negative control)', () => {
    const e = errorOf('version: 1\n');
    assert.equal(e.line, undefined);
    assert.doesNotMatch(e.message, /at line/);
  });
});

describe('JSON templates: duplicate keys refused, a byte order mark accepted', () => {
  it('a duplicate key at any depth is refused with its line', () => {
    for (const [text, line] of [
      ['{"version": 1, "certificates": {"root": {}, "root": {"profile": "none"}}}', 1],
      ['{"version": 1,\n "certificates": {"root": {"subject": "CN=a",\n "subject": "CN=b"}}}', 3],
      ['{"version": 1, "version": 1, "certificates": {"root": {}}}', 1],
      // Keys compare after unescaping; braces, commas and quotes inside strings are not structure.
      ['{"version": 1, "certificates": {"root": {"san": ["a,{\\"b", "}"]}, "\\u0072oot": {}}}', 1],
      ['{"version": 1,\r\n"certificates": {"r": {},\r\n  "r": {}}}', 3],
    ] as const) {
      const e = errorOf(text, 'templates/x.json');
      assert.match(e.message, new RegExp(`^templates/x\\.json: invalid JSON: duplicate key "\\w+" at line ${line}, column \\d+$`), text);
    }
    // The negative control: the same keys in different maps are fine.
    assert.equal(parseTemplate('{"version": 1, "certificates": {"root": {"subject": "CN=a"}, "b": {"subject": "CN=b"}}}', 'x.json').name, 'x');
    assert.equal(parseTemplate('{"version": 1, "certificates": {"root": {"san": ["root", "root"], "subject": {"CN": "root"}}}}', 'x.json').name, 'x');
  });

  it('a UTF-8 byte order mark is accepted in JSON and YAML, from text and from a file', async () => {
    const dir = tmpDir();
    after(() => rmSync(dir, { recursive: true, force: true }));
    const json = '{"version": 1, "certificates": {"root": {}}}';
    for (const [file, text] of [['bom.json', json], ['bom.yaml', YAML_HEAD]] as const) {
      assert.deepEqual(parseTemplate(`\uFEFF${text}`, file).template.certificates, { root: {} });
      const path = join(dir, file);
      writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
      assert.deepEqual(parseTemplate(await readTemplateText(path), file).template.certificates, { root: {} });
    }
    // The negative control: a BOM in the middle is not a BOM, and is refused as JSON.
    assert.throws(() => parseTemplate(`{"version": 1, \uFEFF"certificates": {"root": {}}}`, 'x.json'), /invalid JSON/);
  });
});
