/**
 * Every fenced code block of README.md and docs/*.md runs, so no snippet can rot
 * (the convention: test/helpers/doc-blocks.ts).
 *
 * - The blocks of one page run in order in one temporary folder, as a reader following the page
 *   would: README.md's in an empty folder (a new project), a docs page's in a folder holding a
 *   copy of templates/ (what a clone has).
 * - ```sh: bash with `set -euo pipefail`; `certgen` and `npx certgen` are the built CLI; PORT is a
 *   free loopback port. The block must exit 0; whatever it left running is killed with it.
 * - ```ts: the page's blocks are type-checked together (strict, NodeNext, 'certgen' resolved
 *   through package.json "exports" as in a user's project), then each runs with tsx and must
 *   exit 0.
 * - ```yaml: built as a template by the CLI; the build must succeed.
 * - any other language: named `<!-- block: ID -->`, and some test reads it with docBlock().
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BIN, REPO, certgen, ensureBuilt } from '../helpers/cli.js';
import { docBlocks, type DocBlock } from '../helpers/doc-blocks.js';
import { runGroup, runTs, typecheck } from '../helpers/consumer.js';
import { skipWithout, tmpDir } from '../helpers/tools.js';

const PAGES = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const RUN = new Set(['sh', 'ts', 'yaml']);

/**
 * The test sources that may read named blocks: those of every test folder where some file calls
 * docBlock() (a folder's tests may pass block names to a shared helper), except this test.
 */
function readerSources(): string {
  const files = readdirSync(join(REPO, 'test'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && e.parentPath !== join(REPO, 'test', 'helpers') && e.name !== 'doc-blocks.test.ts')
    .map((e) => ({ dir: e.parentPath, text: readFileSync(join(e.parentPath, e.name), 'utf8') }));
  const readers = new Set(files.filter((f) => f.text.includes('docBlock(')).map((f) => f.dir));
  return files.filter((f) => readers.has(f.dir)).map((f) => f.text).join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The page's folder: `bin/certgen` is the built CLI, `node_modules/certgen` this package. */
function workspace(page: string): { dir: string; env: NodeJS.ProcessEnv } {
  const root = tmpDir('certgen-doc-');
  const dir = join(root, 'project');
  mkdirSync(dir);
  if (page !== 'README.md') cpSync(join(REPO, 'templates'), join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'doc-blocks', private: true, type: 'module' }));
  // node_modules: certgen itself plus this repository's dependencies (types, vitest, ...).
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(REPO, 'node_modules'))) {
    if (!name.startsWith('.')) symlinkSync(join(REPO, 'node_modules', name), join(modules, name));
  }
  symlinkSync(REPO, join(modules, 'certgen'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'certgen'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  return { dir, env: { ...process.env, PATH: `${bin}:${process.env['PATH']}`, CERTGEN_DOC_ROOT: root } };
}

/** External programs a shell block runs (at the start of a line or after a pipe, `&&`, `;`, `TZ=x`). */
const TOOLS = ['openssl', 'curl', 'keytool', 'java', 'javac', 'python3', 'go'];
const toolsOf = (text: string) =>
  TOOLS.filter((tool) => new RegExp(`(^|[|&;]|^\\s*\\w+=\\S*)\\s*${tool}(\\s|$)`, 'm').test(text));

const SH_PRELUDE = `set -euo pipefail
npx() { if [ "$1" = certgen ]; then shift; certgen "$@"; else command npx "$@"; fi; }
`;

const where = (b: DocBlock) => `${b.file}:${b.line}`;

describe('code blocks in README.md and docs/', () => {
  ensureBuilt();

  it('README.md is at most 10,240 bytes', () => {
    const size = readFileSync(join(REPO, 'README.md')).length;
    assert.ok(size <= 10_240, `README.md is ${size} bytes`);
  });

  it('every block is run here, or named and read by a test', () => {
    const sources = readerSources();
    const problems: string[] = [];
    for (const page of PAGES) {
      for (const b of docBlocks(page)) {
        if (RUN.has(b.lang)) continue;
        if (b.id === undefined) problems.push(`${where(b)}: a \`\`\`${b.lang || '(no language)'} block needs a <!-- block: ID --> name and a test that reads it`);
        else if (!sources.includes(`'${b.id}'`)) problems.push(`${where(b)}: no test reads the block named ${b.id}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  for (const page of PAGES) {
    const blocks = docBlocks(page).filter((b) => RUN.has(b.lang));
    if (blocks.length === 0) continue;
    describe(page, () => {
      let ws: { dir: string; env: NodeJS.ProcessEnv };
      const ts = blocks.filter((b) => b.lang === 'ts');
      const file = (b: DocBlock) => `block-${b.line}.${b.lang}`;

      it('is set up (and its TypeScript blocks type-check)', () => {
        ws = workspace(page);
        for (const b of ts) writeFileSync(join(ws.dir, file(b)), b.text);
        if (ts.length === 0) return;
        const tsc = typecheck(ws.dir, ts.map(file));
        assert.equal(tsc.status, 0, `tsc:\n${tsc.stdout}${tsc.stderr}`.replaceAll('block-', `${page} block at line `));
      });

      for (const b of blocks) {
        it(`${b.lang} block at line ${b.line} runs`, async (t) => {
          if (b.lang === 'sh' && skipWithout(t, toolsOf(b.text), `${where(b)} runs them`)) return;
          if (b.lang === 'yaml') {
            const path = join(ws.dir, file(b));
            writeFileSync(path, b.text);
            const r = certgen(['build', path, '--out', join(ws.dir, 'yaml-out', String(b.line)), '--quiet'], { cwd: ws.dir });
            assert.equal(r.status, 0, `${where(b)}: certgen build: ${r.stderr}`);
            return;
          }
          const env = { ...ws.env, PORT: String(await freePort()) };
          const r = b.lang === 'sh'
            ? await runGroup('bash', ['-c', SH_PRELUDE + b.text], { cwd: ws.dir, env, timeoutMs: 120_000 })
            : await runTs(file(b), ws.dir, env);
          assert.ok(!r.timedOut, `${where(b)} did not finish within its time limit:\n${r.stdout}${r.stderr}`);
          assert.equal(r.status, 0, `${where(b)} failed:\n${r.stdout}${r.stderr}`);
        });
      }

      it('cleans up', () => rmSync(ws.env['CERTGEN_DOC_ROOT']!, { recursive: true, force: true }));
    });
  }
});
