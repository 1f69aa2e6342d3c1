/**
 * CI runs exactly what CONTRIBUTING.md tells a contributor to run: the commands after the
 * set-up marker of .ci/run equal those of CONTRIBUTING.md's `setup` block.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/cli.js';
import { docBlock } from '../helpers/doc-blocks.js';

const commands = (text: string) => text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);

test(".ci/run runs CONTRIBUTING.md's and README.md's set-up commands, no more, no less", () => {
  const ci = readFileSync(join(REPO, '.ci', 'run'), 'utf8');
  const marker = ci.indexOf("# CONTRIBUTING.md's set-up block");
  assert.ok(marker !== -1, '.ci/run has no set-up marker');
  assert.deepEqual(commands(ci.slice(marker)), commands(docBlock('CONTRIBUTING.md', 'setup')));
  assert.deepEqual(commands(ci.slice(marker)), commands(docBlock('README.md', 'readme-setup')));
});
