import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CertgenError } from '../errors.js';

// Only node built-ins here: the up-to-date fast path of `certgen build` uses this module.
const TEMPLATE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Expands files and folders (non-recursive, sorted) into template file paths. */
export async function findTemplateFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new CertgenError('no such file or folder', { file: path });
    });
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => TEMPLATE_EXTENSIONS.has(extname(n)) && !n.startsWith('.')).sort();
      files.push(...names.map((n) => join(path, n)));
    } else {
      files.push(path);
    }
  }
  return files;
}

