/**
 * certgen's own duplicate-key finder for JSON templates (src/template/json-duplicates.ts, which
 * spares a large JSON template the YAML parser) finds a duplicate exactly where the YAML parser
 * with `uniqueKeys` finds one, and the earliest in the text: hand-picked cases and random JSON texts whose objects may repeat keys.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { firstDuplicateKey } from '../../src/template/json-duplicates.js';

/** The offset of the earliest duplicate key the YAML parser reports (it reports inner maps first), or null. */
function yamlDuplicate(text: string): number | null {
  const offsets = parseDocument(text, { uniqueKeys: true }).errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
  return offsets.length > 0 ? Math.min(...offsets) : null;
}

test('a repeated key is found at any depth, escaped or not; strings that look like syntax are not keys', () => {
  const cases: [string, { key: string; offset: number } | null][] = [
    ['{"a": 1, "a": 2}', { key: 'a', offset: 9 }],
    ['{"a": {"b": [1, {"c": 1, "c": 2}]}}', { key: 'c', offset: 25 }],
    ['{"a": 1, "\\u0061": 2}', { key: 'a', offset: 9 }],
    ['{"a": "\\", \\"a\\": {", "b": 1}', null],
    ['{"a": {"x": 1}, "b": {"x": 1}}', null],
    ['[{"a": 1}, {"a": 1}]', null],
    ['{"a": ["a", "a"], "b": "a"}', null],
    ['{}', null],
  ];
  for (const [text, expected] of cases) {
    JSON.parse(text); // every case is valid JSON
    assert.deepEqual(firstDuplicateKey(text), expected, text);
    assert.equal(yamlDuplicate(text), expected?.offset ?? null, `YAML agrees on ${text}`);
  }
});

test('the earliest duplicate is the earliest the YAML parser finds, on random JSON texts', () => {
  const key = fc.constantFrom('a', 'b', '\\u0061', 'a{', 'b,', '}', '\\"', 'x y');
  const text = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('1', 'true', 'null', '"a"', '"{"', '"\\\\"', '"[,]"'),
      fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
      fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => `{${entries.map(([k, v]) => `"${k}": ${v}`).join(',\n ')}}`),
    ),
  })).value;
  let duplicates = 0;
  fc.assert(
    fc.property(text, (t) => {
      JSON.parse(t);
      const found = firstDuplicateKey(t);
      if (found) duplicates++;
      return (found?.offset ?? null) === yamlDuplicate(t);
    }),
    { numRuns: 3000, seed: 7 },
  );
  // The texts included both answers (a finder that always said null would fail here).
  assert.ok(duplicates > 100 && duplicates < 2900, `duplicates in ${duplicates} of 3000`);
});
