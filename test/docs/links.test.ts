/**
 * Every relative link of README.md, CONTRIBUTING.md, CHANGELOG.md and docs/*.md points at a file
 * of the repository, and every `#anchor` at a heading of its page (GitHub's slugs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { REPO } from '../helpers/cli.js';

const PAGES = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

/** The page's text outside fenced code blocks. */
const prose = (text: string) => text.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

function anchors(file: string): Set<string> {
  return new Set([...prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => slug(m[1]!)));
}

test('relative links and anchors of the documentation resolve', () => {
  const broken: string[] = [];
  for (const page of PAGES) {
    const file = join(REPO, page);
    for (const [, target] of prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
      const [path, anchor] = target!.split('#') as [string, string | undefined];
      const dest = path === '' ? file : join(dirname(file), path);
      if (!existsSync(dest)) broken.push(`${page}: ${target} (no ${relative(REPO, dest)})`);
      else if (anchor !== undefined && dest.endsWith('.md') && !anchors(dest).has(anchor)) broken.push(`${page}: ${target} (no heading #${anchor})`);
    }
  }
  assert.deepEqual(broken, []);
});
