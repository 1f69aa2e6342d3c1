// Bundles the CLI and the library with esbuild (a bundled CLI starts ~2x faster than loading
// node_modules file by file), then emits type declarations with tsc.
//
//   node scripts/build.mjs [--outdir DIR] [--no-types]
//
// The bundle is built in a sibling temp folder and swapped in with two renames, so a CLI started
// while another build runs finds a complete dist/ (the test suites and the benchmark run the
// built CLI while others rebuild). Code splitting keeps the no-op path (cli/bin.js and its
// built-ins-only chunks) free of yargs, yaml and the crypto code: those load only when a set must
// be built.
//
// The template validator is compiled here, not at start-up: ajv compiling the template schema
// (and its meta-schema) took ~60 ms of every cold `certgen build`, plus ~15 ms to load ajv itself.
// The bundle gets ajv's own standalone output for exactly the options and schema that
// src/template/validate.ts passes (recorded by running that module against a stand-in Ajv), so
// validation and its error objects are the ones ajv would produce at run time. Code run from src/
// (tsx, the unit tests) still compiles with ajv as usual.
import { build } from 'esbuild';
import { Ajv } from 'ajv';
import ajvStandalone from 'ajv/dist/standalone/index.js';
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const outdir = resolve(option('--outdir') ?? 'dist');
const types = !args.includes('--no-types');
const tag = `${process.pid}-${Date.now().toString(36)}`;
const staging = join(dirname(outdir), `.${basename(outdir)}.new-${tag}`);

const VALIDATOR_MODULE = resolve('src/template/validate.ts');
const standaloneCode = ajvStandalone.default ?? ajvStandalone;

/** The `new Ajv(options).compile(schema)` calls validate.ts makes, recorded by running it. */
async function recordAjvCalls() {
  const recorder = `export class Ajv {
    constructor(options) { this.options = options; }
    compile(schema) { globalThis.__certgenAjvCalls.push({ options: this.options, schema }); return () => true; }
  }`;
  const probe = await build({
    entryPoints: [VALIDATOR_MODULE],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
    plugins: [
      {
        name: 'ajv-recorder',
        setup(b) {
          b.onResolve({ filter: /^ajv$/ }, () => ({ path: 'ajv', namespace: 'ajv-recorder' }));
          b.onLoad({ filter: /.*/, namespace: 'ajv-recorder' }, () => ({ contents: recorder, loader: 'js' }));
        },
      },
    ],
  });
  globalThis.__certgenAjvCalls = [];
  await import(`data:text/javascript;base64,${Buffer.from(probe.outputFiles[0].text).toString('base64')}`);
  return globalThis.__certgenAjvCalls;
}

/** An esbuild plugin giving validate.ts an `Ajv` whose `compile` returns precompiled validators. */
async function precompiledAjv() {
  const calls = await recordAjvCalls();
  const modules = calls.map(({ options, schema }) => {
    const ajv = new Ajv({ ...options, code: { ...options?.code, source: true, esm: true } });
    return standaloneCode(ajv, ajv.compile(schema));
  });
  const keys = calls.map(({ options, schema }) => JSON.stringify(`${JSON.stringify(options ?? {})}\0${JSON.stringify(schema)}`));
  const shim = `${modules.map((_, i) => `import v${i} from 'certgen-validator:${i}';`).join('\n')}
const COMPILED = new Map([${keys.map((k, i) => `[${k}, v${i}]`).join(', ')}]);
export class Ajv {
  #options;
  constructor(options) { this.#options = JSON.stringify(options ?? {}); }
  compile(schema) {
    const validate = COMPILED.get(this.#options + '\\0' + JSON.stringify(schema));
    if (!validate) throw new Error('this certgen bundle has no precompiled validator for this schema: rebuild it (npm run build)');
    return validate;
  }
}`;
  return {
    name: 'ajv-precompiled',
    setup(b) {
      b.onResolve({ filter: /^ajv$/ }, (a) => (a.importer === VALIDATOR_MODULE ? { path: 'ajv', namespace: 'ajv-precompiled' } : undefined));
      b.onResolve({ filter: /^certgen-validator:\d+$/ }, (a) => ({ path: a.path, namespace: 'ajv-precompiled' }));
      b.onLoad({ filter: /.*/, namespace: 'ajv-precompiled' }, (a) => ({
        contents: a.path === 'ajv' ? shim : modules[Number(a.path.split(':')[1])],
        loader: 'js',
        resolveDir: process.cwd(), // standalone code may require ajv's small runtime helpers
      }));
    },
  };
}

/**
 * Runs dist/cli/plain-build.cjs once over the shipped templates and stores the V8 code cache of
 * everything that run compiled beside it (see src/cli/code-cache.ts).
 */
function trainCodeCache(dir) {
  const out = join(dir, '.training');
  const script = `
    const { writeFileSync } = require('node:fs');
    const { loadPlainBuild } = require(${JSON.stringify(join(dir, 'cli', 'launch.cjs'))});
    const loaded = loadPlainBuild();
    const io = { stdout() {}, stderr() {}, isTTY: false, env: {}, cwd: process.cwd() };
    loaded.runPlainBuild({ paths: ['templates'], out: ${JSON.stringify(out)}, quiet: true }, io).then((status) => {
      if (status !== 0) throw new Error('the code cache training build failed');
      writeFileSync(${JSON.stringify(join(dir, 'cli', 'plain-build.cjs.cache'))}, loaded.createCache());
    });`;
  try {
    // V8 refuses a cache made under other flags: train as a plain `node` runs, whatever NODE_OPTIONS says.
    execFileSync(process.execPath, ['-e', script], { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const ajvPlugin = await precompiledAjv();
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: names stay readable in stack traces; V8 parses less.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [ajvPlugin],
};

try {
  await build({
    ...common,
    entryPoints: { index: 'src/index.ts', 'cli/bin': 'src/cli/bin.ts' },
    outdir: staging,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS dependencies call require(); give ESM chunks one.
    banner: { js: "import { createRequire as __certgenRequire } from 'node:module'; const require = __certgenRequire(import.meta.url);" },
  });
  // The executable's start (bin/certgen.js) and the plain build, as CommonJS: see src/cli/launch.ts.
  const commonJs = {
    ...common,
    outdir: staging,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    // src/ is ESM; the few modules that locate themselves get this file's URL.
    define: { 'import.meta.url': '__certgenUrl' },
    banner: { js: "const __certgenUrl = require('node:url').pathToFileURL(__filename).href;" },
  };
  await build({ ...commonJs, entryPoints: { 'cli/launch': 'src/cli/launch.ts' } });
  await build({
    ...commonJs,
    entryPoints: { 'cli/plain-build': 'src/cli/plain-build.ts' },
    // Only `--engine peculiar` (never a plain build) loads it: left to require() (dynamic imports
    // become requires here), it keeps ~430 kB, a third of the bundle, out of every cold build.
    external: ['@peculiar/webcrypto'],
    supported: { 'dynamic-import': false },
  });
  trainCodeCache(staging);
  if (types) {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--emitDeclarationOnly', '--outDir', staging], { stdio: 'inherit' });
  }
  const old = join(dirname(outdir), `.${basename(outdir)}.old-${tag}`);
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(staging, outdir);
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
