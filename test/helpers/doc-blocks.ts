/**
 * The fenced code blocks of README.md and docs/*.md, so that tests run exactly what the docs show.
 *
 * The convention (checked by test/docs/doc-blocks.test.ts):
 * - ```sh, ```ts and ```yaml blocks are run by the doc-block test itself (shell through the built
 *   CLI in a temp folder, TypeScript type-checked and run, YAML built as a template);
 * - a block in any other language (nginx, go, java, python, ini, json, text …) carries a name on
 *   the line before it, `<!-- block: ID -->`, and a test in test/ reads it with
 *   `docBlock(file, ID)` and uses it for real (a recipe's config, a program compiled and run).
 * A named sh/ts/yaml block may also be read by a test; it is still run by the doc-block test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './cli.js';

export interface DocBlock {
  /** README.md, docs/NAME.md or another page, relative to the repository. */
  readonly file: string;
  /** The fence's language (the first word of its info string), '' where there is none. */
  readonly lang: string;
  /** The `<!-- block: ID -->` name on the line before the fence, if any. */
  readonly id: string | undefined;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly text: string;
}

const FENCE = /^(`{3,}|~{3,})\s*([^\s`]*)/;
const NAME = /^<!--\s*block:\s*([A-Za-z0-9._-]+)\s*-->\s*$/;

export function docBlocks(file: string): DocBlock[] {
  const lines = readFileSync(join(REPO, file), 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith(fence)) body.push(lines[j++]!);
    const id = i > 0 ? NAME.exec(lines[i - 1]!.trim())?.[1] : undefined;
    blocks.push({ file, lang: open[2]!.toLowerCase(), id, line: i + 1, text: body.join('\n') + '\n' });
    i = j;
  }
  return blocks;
}

/** The block named `id` in `file`; throws when there is none (so a renamed block fails its test). */
export function docBlock(file: string, id: string): string {
  const block = docBlocks(file).find((b) => b.id === id);
  if (!block) throw new Error(`${file} has no block named ${id}`);
  return block.text;
}
