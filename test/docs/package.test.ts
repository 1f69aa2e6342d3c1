/**
 * certgen installed as a user installs it, from the README: `npm pack`, then the README's tarball
 * line in an empty project (--prefer-offline: from the npm cache `npm ci` filled, the registry only for metadata the cache lacks), then `npx certgen init`,
 * `npx certgen build`, the README's API quick start, and a strict type-check of TypeScript that
 * imports 'certgen' through the installed package's "exports" and declarations.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, ensureBuilt, setProblems } from '../helpers/cli.js';
import { runTs, typecheck } from '../helpers/consumer.js';
import { docBlock } from '../helpers/doc-blocks.js';
import { run, tmpDir } from '../helpers/tools.js';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const TARBALL = `${pkg.name}-${pkg.version}.tgz`;
/** npm without the test runner's context, asking the registry only for what the cache lacks. */
const { NODE_TEST_CONTEXT: _ctx, ...env } = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const npm = (args: string[], cwd: string) => run('npm', args, { cwd, env });

describe('the packed package, installed into a new project', () => {
  let root: string;
  let project: string;
  before(() => {
    ensureBuilt();
    root = tmpDir('certgen-pack-');
    project = join(root, 'project');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('npm pack holds the CLI, the bundle, its declarations and the templates', () => {
    // dist/ is built already; --ignore-scripts keeps pack from rebuilding it.
    const r = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', root], REPO);
    assert.equal(r.status, 0, r.stderr);
    const [packed] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
    assert.equal(packed!.filename, TARBALL);
    const files = packed!.files.map((f) => f.path);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/certgen.js', 'bin/package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/bin.js', 'dist/cli/launch.cjs', 'dist/cli/plain-build.cjs', 'dist/cli/plain-build.cjs.cache', 'templates/mtls.yaml']) assert.ok(files.includes(f), `${f} is not in the tarball`);
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/')), 'sources and tests stay out of the tarball');
    assert.equal(pkg.exports['.'].types, './dist/index.d.ts');
  });

  it("the README's install line installs it", () => {
    const line = docBlock('README.md', 'install').split('\n').find((l) => l.includes('.tgz'));
    assert.ok(line, "README.md's install block has no tarball line");
    const args = line.replace(/#.*/, '').trim().split(/\s+/);
    assert.deepEqual(args.slice(0, 3), ['npm', 'install', '-D']);
    assert.equal(args[3], `./${TARBALL}`, 'the README names the tarball npm pack makes');
    run('mkdir', [project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-user-project', version: '1.0.0', private: true, type: 'module' }));
    rmSync(join(project, TARBALL), { force: true });
    run('cp', [join(root, TARBALL), project]);
    const r = npm(args.slice(1), project);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('npx certgen init, then npx certgen build', () => {
    const init = run('npx', ['certgen', 'init'], { cwd: project, env });
    assert.equal(init.status, 0, init.stderr);
    const build = run('npx', ['certgen', 'build'], { cwd: project, env });
    assert.equal(build.status, 0, build.stderr);
    assert.deepEqual(setProblems(join(project, 'out', 'mtls')), []);
    const again = run('npx', ['certgen', 'init'], { cwd: project, env });
    assert.equal(again.status, 1, 'init refuses to overwrite');
  });

  it("the README's API quick start runs there, and TypeScript sees the package's types", async () => {
    writeFileSync(join(project, 'quickstart.ts'), docBlock('README.md', 'api-quickstart'));
    writeFileSync(
      join(project, 'types.ts'),
      `import { createCA, type CertificateHandle, type Template } from 'certgen';
const template: Template = { version: 1, certificates: { root: {} } };
const leaf: CertificateHandle = await (await createCA()).issue();
export const pem: string = leaf.certPem + JSON.stringify(template);
// @ts-expect-error: issue() takes no issuer, the declarations must say so
await (await createCA()).issue({ issuer: 'root' });
`,
    );
    const tsc = typecheck(project, ['quickstart.ts', 'types.ts'], { libCheck: true });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
    const r = await runTs('quickstart.ts', project, env);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, 'hello CN=alice\n');
  });
});
