/**
 * The speed targets (each a ratio to a baseline measured in the same run, interleaved where both
 * are processes): the scale of a CLI build against `generate()` in one process, cold and no-op
 * builds against `node -e ""`, `ca.issue()`, `generate()` throughput and the cost of
 * `import('certgen')`. bench/run.ts calls `measureTargets()` and prints the rows with its others.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Row {
  readonly measurement: string;
  readonly certgen: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: '✅' | '❌' | '';
}

export interface BenchContext {
  readonly root: string;
  readonly bin: string;
  readonly runs: number;
  /** Runs of the 1,000-leaf builds; the 10,000-leaf ones run `max(1, heavyRuns - 2)` times. */
  readonly heavyRuns: number;
  readonly newFolder: () => string;
  readonly scratch: string;
  readonly log: (text: string) => void;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
export const ms = (x: number): string => `${x < 10 ? x.toFixed(x < 1 ? 2 : 1) : x.toFixed(0)} ms`;
export const check = (ok: boolean): Row['met'] => (ok ? '✅' : '❌');

/** Wall time of one child process in ms and its output; throws if it fails. */
export function timeProcess(command: string, argv: readonly string[], env?: NodeJS.ProcessEnv): { ms: number; stdout: string; stderr: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return { ms: elapsed, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the named tasks `runs` times, interleaved (a, b, c, a, b, c, …), after one untimed warm-up each. */
export function interleaved(runs: number, tasks: Record<string, () => number>, warmUp = true): Record<string, number[]> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  if (warmUp) for (const task of Object.values(tasks)) task(); // page cache, first-run effects: the same for all
  for (let i = 0; i < runs; i++) for (const [name, task] of Object.entries(tasks)) times[name]!.push(task());
  return times;
}

/** A root and `leaves` P-256 server leaves it issues, no stores: the scale template, as JSON. */
function leavesTemplate(leaves: number): object {
  const certificates: Record<string, object> = { root: { subject: { CN: 'certgen Bench Root' } } };
  for (let i = 0; i < leaves; i++) certificates[`leaf-${i}`] = { issuer: 'root', san: [`leaf-${i}.test`] };
  return { version: 1, name: `leaves-${leaves}`, defaults: { key: 'p256' }, certificates };
}

const node = () => process.execPath;

/** CLI cold builds of 1,000 and 10,000 leaves against generate() of the same template; the cost per leaf; peak memory. */
function scale(ctx: BenchContext, rows: Row[]): void {
  const result: Record<number, { cli: number; gen: number }> = {};
  let rssKb = 0;
  for (const n of [1000, 10000]) {
    const file = join(ctx.scratch, `leaves-${n}.json`);
    writeFileSync(file, JSON.stringify(leavesTemplate(n)));
    const runs = n === 1000 ? ctx.heavyRuns : Math.max(1, ctx.heavyRuns - 2);
    ctx.log(`scale: ${n} P-256 leaves, CLI vs generate(), ${runs} interleaved runs…`);
    const times = interleaved(
      runs,
      {
        cli: () => {
          // GNU time's %M: the CLI's peak resident set, in KiB.
          const r = timeProcess('/usr/bin/time', ['-f', '%M', node(), ctx.bin, 'build', file, '--out', ctx.newFolder(), '--quiet']);
          if (n === 10000) rssKb = Math.max(rssKb, Number(r.stderr.trim().split('\n').at(-1)));
          return r.ms;
        },
        generate: () => JSON.parse(timeProcess(node(), [join(ctx.root, 'bench', 'generate-leaves.mjs'), file]).stdout).ms as number,
        // The CLI's floor: a whole process that loads certgen and issues the set once, cold, writing nothing.
        ...(n === 1000 ? { cold: () => timeProcess(node(), [join(ctx.root, 'bench', 'generate-leaves.mjs'), file, '--cold']).ms } : {}),
      },
      n === 1000,
    );
    result[n] = { cli: median(times.cli!), gen: median(times.generate!) };
    const { cli, gen } = result[n]!;
    rows.push({
      measurement: `CLI cold build, ${n.toLocaleString('en')} P-256 leaves (one CA, no stores) vs \`generate()\` of the same template in one process`,
      certgen: ms(cli),
      baseline: `${ms(gen)} (generate())`,
      ratio: `${(cli / gen).toFixed(2)}×`,
      target: '≤ 1.5×',
      met: check(cli / gen <= 1.5),
    });
    if (times.cold) {
      const cold = median(times.cold);
      rows.push({
        measurement: `Floor of the row above: one process that imports certgen and calls \`generate()\` once on the same template (no warm-up), writing nothing, start to exit`,
        certgen: ms(cold),
        baseline: `${ms(gen)} (generate())`,
        ratio: `${(cold / gen).toFixed(2)}×`,
        target: '(context)',
        met: '',
      });
    }
  }
  const perLeaf = result[10000]!.cli / result[1000]!.cli;
  rows.push({
    measurement: 'CLI cold build, 10,000 leaves vs 1,000 leaves (cost per leaf flat)',
    certgen: ms(result[10000]!.cli),
    baseline: `${ms(result[1000]!.cli)} (1,000 leaves)`,
    ratio: `${perLeaf.toFixed(2)}×`,
    target: '≤ 11×',
    met: check(perLeaf <= 11),
  });
  rows.push({
    measurement: 'Peak memory (max RSS) of the CLI building 10,000 leaves',
    certgen: `${(rssKb / 1024).toFixed(0)} MB`,
    baseline: '300 MB',
    ratio: `${(rssKb / 1024 / 300).toFixed(2)}×`,
    target: '≤ 300 MB',
    met: check(rssKb / 1024 <= 300),
  });
  const rate = 1000 / (result[1000]!.gen / 1000);
  rows.push({
    measurement: '`generate()` throughput, 1,000 P-256 leaves in one call',
    certgen: `${Math.round(rate)} leaves/s`,
    baseline: '2,500 leaves/s',
    ratio: `${(rate / 2500).toFixed(2)}×`,
    target: '≥ 2,500 leaves/s',
    met: check(rate >= 2500),
  });
}

/** Cold `templates/mtls.yaml`, and the no-op build of every shipped template and of one with {env} passwords, against `node -e ""`. */
function coldAndNoop(ctx: BenchContext, rows: Row[]): void {
  const templates = join(ctx.root, 'templates');
  const mtls = join(templates, 'mtls.yaml');
  ctx.log(`cold templates/mtls.yaml vs node -e "", ${ctx.runs} interleaved runs…`);
  const floor = join(ctx.root, 'bench', 'native-floor.cjs');
  const cold = interleaved(ctx.runs, {
    certgen: () => timeProcess(node(), [ctx.bin, 'build', mtls, '--out', ctx.newFolder(), '--quiet']).ms,
    node: () => timeProcess(node(), ['-e', '']).ms,
    // Its floors: the set's native work with no certgen code, then the same after loading the build's code (none of it run).
    native: () => timeProcess(node(), [floor, ctx.newFolder()]).ms,
    load: () => timeProcess(node(), [floor, ctx.newFolder(), '--load-certgen']).ms,
  });
  const [c, n] = [median(cold.certgen!), median(cold.node!)];
  const vsNode = (x: number) => ({ baseline: `${ms(n)} (\`node -e ""\`)`, ratio: `${(x / n).toFixed(2)}×` });
  rows.push({ measurement: 'Cold build of `templates/mtls.yaml` vs `node -e ""`', certgen: ms(c), ...vsNode(c), target: '≤ 1.6×', met: check(c / n <= 1.6) });
  const native = median(cold.native!);
  rows.push({ measurement: 'Floor of the row above: `bench/native-floor.cjs`, the set\'s native work (node:crypto, 5 P-256 keys and signatures, both stores\' KDFs and ciphers, the 24 files, links and fsyncs) with no certgen code', certgen: ms(native), ...vsNode(native), target: '(context)', met: '' });
  const load = median(cold.load!);
  rows.push({ measurement: 'The same floor after loading certgen\'s build code as a cold build does (dist/cli/plain-build.cjs from its code cache), none of it run', certgen: ms(load), ...vsNode(load), target: '(context)', met: '' });

  const env = join(ctx.scratch, 'env-passwords.yaml');
  writeFileSync(
    env,
    'version: 1\nname: env-passwords\ncertificates:\n  root: {}\n  server: { issuer: root }\nstores:\n  server.p12: { password: { env: CERTGEN_BENCH_PW }, keys: [server] }\n  trust.p12: { password: { env: CERTGEN_BENCH_PW }, trusted: [root] }\n',
  );
  const envVars = { ...process.env, CERTGEN_BENCH_PW: 'bench-secret' };
  const shipped = readdirSync(templates).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of [...shipped.map((f) => join(templates, f)), env]) {
    const out = ctx.newFolder();
    mkdirSync(out, { recursive: true });
    timeProcess(node(), [ctx.bin, 'build', file, '--out', out, '--quiet'], envVars);
    const said = timeProcess(node(), [ctx.bin, 'build', file, '--out', out], envVars).stdout;
    if (!/up to date/.test(said)) throw new Error(`the second build of ${file} was not a no-op: ${said}`);
    ctx.log(`no-op build of ${file} vs node -e "", ${ctx.runs} interleaved runs…`);
    const noop = interleaved(ctx.runs, {
      certgen: () => timeProcess(node(), [ctx.bin, 'build', file, '--out', out, '--quiet'], envVars).ms,
      node: () => timeProcess(node(), ['-e', ''], envVars).ms,
    });
    const [a, b] = [median(noop.certgen!), median(noop.node!)];
    const name = file === env ? 'a template with `{env: VAR}` passwords' : `\`templates/${file.split('/').at(-1)}\``;
    rows.push({ measurement: `Up-to-date build of ${name} vs \`node -e ""\``, certgen: ms(a), baseline: `${ms(b)} (\`node -e ""\`)`, ratio: `${(a / b).toFixed(2)}×`, target: '≤ 1.2×', met: check(a / b <= 1.2) });
  }
}

/** `node -e "await import('certgen')"` (the built package entry) against `node -e ""`. */
function importCost(ctx: BenchContext, rows: Row[]): void {
  ctx.log(`import('certgen') vs node -e "", ${Math.max(ctx.runs, 11)} interleaved runs…`);
  const entry = pathToFileURL(join(ctx.root, 'dist', 'index.js')).href;
  const times = interleaved(Math.max(ctx.runs, 11), {
    import: () => timeProcess(node(), ['--input-type=module', '-e', `await import(${JSON.stringify(entry)})`]).ms,
    node: () => timeProcess(node(), ['-e', '']).ms,
  });
  const [a, b] = [median(times.import!), median(times.node!)];
  rows.push({ measurement: '`import(\'certgen\')` over `node -e ""`', certgen: ms(a - b), baseline: `${ms(b)} (\`node -e ""\`)`, ratio: `${(a / b).toFixed(2)}×`, target: '≤ 25 ms', met: check(a - b <= 25) });
}

/** Every target measured here, in the order of the issue. */
export function measureTargets(ctx: BenchContext): Row[] {
  const rows: Row[] = [];
  scale(ctx, rows);
  coldAndNoop(ctx, rows);
  importCost(ctx, rows);
  return rows;
}
