import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The template's JSON Schema (src/template/schema.ts) and its TypeScript types (types.ts) agree:
 * src/template/shape.ts asserts it at the type level, and this test type-checks that file, plus a
 * schema/type pair that disagrees, which must be refused.
 */

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHAPE = join(REPO, 'src/template/shape.ts');
const CONTROL = join(REPO, 'src/template/shape-control.ts');

const CONTROL_SOURCE = `
import type { SchemaShape, Same } from './shape.js';
const schema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string' }, size: { enum: [1, 2] }, tags: { type: 'array', items: { type: 'string' } } },
} as const;
type Written = { name: string; size?: 1 | 2; tags?: string[] };
export type Agrees = [Assert<Same<SchemaShape<typeof schema>, Written>>];
// Each of these disagrees in one way: a missing field, an optional one made required, a wider value.
export type MissingField = [Assert<Same<SchemaShape<typeof schema>, { name: string; size?: 1 | 2 }>>];
export type Optionality = [Assert<Same<SchemaShape<typeof schema>, { name: string; size: 1 | 2; tags?: string[] }>>];
export type WiderValue = [Assert<Same<SchemaShape<typeof schema>, { name: string; size?: number; tags?: string[] }>>];
type Assert<T extends true> = T;
`;

function typeErrors(): ts.Diagnostic[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(REPO, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  assert.ok(parsed);
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (resolve(file) === CONTROL ? CONTROL_SOURCE : readFile(file));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => resolve(file) === CONTROL || fileExists(file);
  const program = ts.createProgram([SHAPE, CONTROL], { ...parsed.options, noEmit: true }, host);
  return [...program.getSemanticDiagnostics(), ...program.getSyntacticDiagnostics()];
}

test('the template schema and the template types describe the same format', () => {
  const errors = typeErrors();
  const at = (file: string) =>
    errors.filter((d) => d.file && resolve(d.file.fileName) === file).map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  assert.deepEqual(at(SHAPE), [], 'src/template/shape.ts: schema.ts and types.ts disagree');
  // Negative control: the three disagreeing pairs (lines 12 to 14 of CONTROL_SOURCE) are refused, the agreeing one is not.
  assert.deepEqual(at(CONTROL).map((e) => e.split(':')[0]), ['12', '13', '14']);
});
