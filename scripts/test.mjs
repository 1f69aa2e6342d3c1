// Runs every test/**/*.test.ts with Node's test runner (Node 20's --test does not expand globs).
//
//   node scripts/test.mjs [--unit] [node --test options]
//
// --unit runs only the fast tests (npm run test:unit): test/unit/ and the other tests that run
// in-process, without servers, Java or Python, in well under a minute.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const UNIT = ['test/unit/', 'test/stores/pkcs12-writer.test.ts', 'test/docs/architecture.test.ts', 'test/docs/templates-reference.test.ts', 'test/docs/contributing.test.ts', 'test/docs/links.test.ts'];

const unit = process.argv.includes('--unit');
const options = process.argv.slice(2).filter((a) => a !== '--unit');
const files = readdirSync('test', { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
  .map((e) => join(e.parentPath ?? e.path, e.name))
  .filter((f) => !unit || UNIT.some((u) => f === u || (u.endsWith('/') && f.startsWith(u))))
  .sort();
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', ...options, ...files];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
