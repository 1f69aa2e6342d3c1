/**
 * docs/architecture.md's layer diagram (block `layers`) names every folder of src/, and only
 * folders that exist, so the page cannot describe a layout the code no longer has.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/cli.js';
import { docBlock } from '../helpers/doc-blocks.js';

test('the layer diagram names exactly the folders of src/', () => {
  const named = new Set([...docBlock('docs/architecture.md', 'layers').matchAll(/(?:^|\s)([a-z0-9-]+)\/(?=\s|$)/gm)].map((m) => m[1]!));
  const folders = readdirSync(join(REPO, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.deepEqual([...named].sort(), folders.sort());
});
