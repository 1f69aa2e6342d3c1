// Times `generate()` of a template file (JSON) in this process, as a user's test would call it:
// after the import and one small warm-up call, one timed call. Prints `{"ms": N}`.
// With --cold: no warm-up (bench/targets.ts times the whole process: the CLI's floor).
//   node bench/generate-leaves.mjs TEMPLATE.json [--cold]
import { readFileSync } from 'node:fs';
import { generate } from '../dist/index.js';

const template = JSON.parse(readFileSync(process.argv[2], 'utf8'));
if (!process.argv.includes('--cold')) await generate({ version: 1, certificates: { root: {}, leaf: { issuer: 'root' } } });
const start = performance.now();
const result = await generate(template);
const ms = performance.now() - start;
if (Object.keys(result.certificates).length !== Object.keys(template.certificates).length) throw new Error('generate() lost certificates');
process.stdout.write(`${JSON.stringify({ ms })}\n`);
