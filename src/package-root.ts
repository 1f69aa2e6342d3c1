import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The certgen package folder, found from this module whether it runs from src/ or a dist/ bundle. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'certgen') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('certgen package root not found');
    dir = parent;
  }
}
