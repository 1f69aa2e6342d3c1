/**
 * A property of the whole command line (issue 11): no user-caused error (a bad template, a bad
 * file, a bad folder, a bad argument) ever prints a stack trace or "internal error"; that wording
 * stays for real bugs. Command lines are drawn by fast-check with a fixed seed from commands,
 * options and values that make trouble (missing paths, folders where files go, FIFOs, `../x`,
 * garbage numbers), and templates are valid ones with one field mutated or text spliced in. Most
 * cases run in-process through the executable's own entry point (`runCli`, what bin/certgen.js
 * calls); a few dozen go through the built executable.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { runCli } from '../../src/cli/entry.js';
import { reportError } from '../../src/cli/exit-status.js';
import type { CliIo } from '../../src/cli/io.js';
import { BIN, ensureBuilt } from '../helpers/cli.js';
import { run, tmpDir } from '../helpers/tools.js';

const SEED = 11_2026;
const dir = tmpDir('certgen-prop-');
after(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = 'version: 1\ncertificates:\n  root: { subject: { CN: Root } }\n  server: { issuer: root, san: [localhost] }\nstores:\n  ks.p12: { keys: [server], iterations: 16 }\n';

/** Paths that are not what a command expects. */
const P = {
  missing: join(dir, 'missing'),
  file: join(dir, 'file.txt'),
  folder: join(dir, 'folder'),
  fifo: join(dir, 'fifo.yaml'),
  good: join(dir, 'good.yaml'),
  empty: join(dir, 'empty.yaml'),
  binary: join(dir, 'binary.json'),
  out: join(dir, 'out'),
  templates: join(dir, 'templates'),
};

// Relative paths (the default templates/ and out/, init's `.`) must land in the temp folder.
const home = process.cwd();
after(() => process.chdir(home));

before(async () => {
  ensureBuilt();
  process.chdir(dir);
  writeFileSync(P.file, 'not a template, not a certificate\n');
  mkdirSync(P.folder);
  mkdirSync(join(P.templates, 'sub.yaml'), { recursive: true });
  writeFileSync(join(P.templates, 'ok.yaml'), GOOD.replace('ks.p12', 'store.p12'));
  assert.equal(spawnSync('mkfifo', [P.fifo]).status, 0);
  writeFileSync(P.good, GOOD);
  writeFileSync(P.empty, '');
  writeFileSync(P.binary, Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22, 0x80]));
  // A built set, so that pins, verify and the up-to-date path have something to read.
  const status = await runCli(['build', P.good, '--out', P.out, '--quiet'], capture().io);
  assert.equal(status, 0);
});

function capture(): { io: CliIo; out: () => string } {
  let text = '';
  const write = (t: string) => void (text += t);
  return { io: { stdout: write, stderr: write, isTTY: false, env: {}, cwd: dir }, out: () => text };
}

const COMMANDS = ['build', 'check', 'pins', 'inspect', 'verify', 'init', 'schema', 'biuld', ''];
const OPTIONS = ['--out', '--set', '--cert', '--format', '--json', '--quiet', '--force', '--engine', '--password', '--expiry-warning', '-x', '--', '--help=3'];
const VALUES = [...Object.values(P), '../x', '..', '', '-1', 'NaN', '1e309', 'bogus', 'good', 'peculiar', 'okhttp', '\u202e', 'a\nb', '%s%n', P.out];

const argvArb = fc.tuple(
  fc.constantFrom(...COMMANDS),
  fc.array(fc.oneof(fc.constantFrom(...OPTIONS), fc.constantFrom(...VALUES), fc.string({ maxLength: 6 })), { maxLength: 6 }),
);

/** Valid templates broken in one place: a value replaced, or text spliced in at a random point. */
const FIELDS = ['key', 'profile', 'san', 'validity', 'subject', 'serial', 'extKeyUsage', 'issuer', 'hash', 'pathLength', 'extensions', 'crl', 'expect', 'sna', 'nameConstraints'];
const JUNK = ['{', '[', ']', '}', ': ', '- ', '&a', '*a', '!!binary', '"', "'", '\t', '\u0000', '\ufeff', '---\n', '<<: *a', '~', '0x', '9'.repeat(40), '{sameAs: server}', 'rsa1', '-1y', 'p256'];
const templateArb = fc.oneof(
  fc.record({
    field: fc.constantFrom(...FIELDS),
    value: fc.oneof(fc.constantFrom(...JUNK), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v))),
  }).map(({ field, value }) => GOOD.replace('san: [localhost]', `san: [localhost], ${field}: ${value}`)),
  fc.record({ at: fc.nat(), junk: fc.constantFrom(...JUNK), cut: fc.nat({ max: 3 }) }).map(({ at, junk, cut }) => {
    const i = at % GOOD.length;
    return GOOD.slice(0, i) + junk + GOOD.slice(i + cut);
  }),
);

/** The output of a user-caused failure: no stack frame, no internal-error wording. */
function assertNoTrace(text: string, what: string): void {
  assert.doesNotMatch(text, /internal error/, what);
  assert.doesNotMatch(text, /^\s+at .+[:(]\d+:\d+\)?$/m, what);
}

describe('no user-caused error prints a stack trace or "internal error"', () => {
  it('400 command lines, in-process', async () => {
    await fc.assert(
      fc.asyncProperty(argvArb, async ([command, rest]) => {
        const argv = command === '' ? rest : [command, ...rest];
        const { io, out } = capture();
        const status = await runCli(argv, io);
        assert.ok([0, 1, 2].includes(status), `status ${status}`);
        assertNoTrace(out(), JSON.stringify(argv));
      }),
      { seed: SEED, numRuns: 400, endOnFailure: true },
    );
  });

  it('300 broken templates (YAML and JSON), built in-process', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(templateArb, fc.boolean(), async (text, json) => {
        const file = join(dir, `t${n++}.${json ? 'json' : 'yaml'}`);
        writeFileSync(file, json ? JSON.stringify({ version: 1, certificates: { root: {} }, x: text }).replace(/"x":/, text.includes('{') ? '"x":' : '') : text);
        const { io, out } = capture();
        const status = await runCli(['build', file, '--out', join(dir, 'built')], io);
        assert.ok([0, 1].includes(status), `status ${status}: ${out()}`);
        if (status === 1) assert.match(out(), /^certgen: .+\n$/, text);
        assertNoTrace(out(), text);
      }),
      { seed: SEED, numRuns: 300, endOnFailure: true },
    );
  });

  it('40 command lines through the built executable', () => {
    fc.assert(
      fc.property(argvArb, ([command, rest]) => {
        const argv = command === '' ? rest : [command, ...rest];
        const r = run(process.execPath, [BIN, ...argv], { cwd: dir, timeout: 60_000 });
        assert.ok(r.status !== null && [0, 1, 2].includes(r.status), `${JSON.stringify(argv)}: status ${r.status}`);
        assertNoTrace(r.stdout + r.stderr, JSON.stringify(argv));
      }),
      { seed: SEED, numRuns: 40, endOnFailure: true },
    );
  });

  it('the negative control: a real bug still says "internal error" with its trace', () => {
    const { io, out } = capture();
    assert.equal(reportError(new TypeError('a bug'), io), 1);
    assert.match(out(), /^certgen: internal error \(please report it\): TypeError: a bug\n\s+at /);
  });
});
