import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { CertgenError } from '../errors.js';
import { readRegularFile } from '../read-regular-file.js';

// Only node built-ins here, synchronous: the up-to-date fast path of `certgen build` uses this module.
const TEMPLATE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** A template is a small text file; anything larger is a mistake (a log, an image, /dev/zero's kin). */
export const MAX_TEMPLATE_BYTES = 1 << 20;

/** Expands files and folders (non-recursive, sorted) into template file paths. */
export function findTemplateFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = statSync(path);
    } catch {
      throw new CertgenError('no such file or folder', { file: path });
    }
    if (info.isDirectory()) {
      const names = readdirSync(path).filter((n) => TEMPLATE_EXTENSIONS.has(extname(n)) && !n.startsWith('.')).sort();
      files.push(...names.map((n) => join(path, n)));
    } else {
      files.push(path);
    }
  }
  return files;
}

/**
 * Reads a template file as text (a UTF-8 byte order mark dropped, as Windows editors write one):
 * only a regular file of at most 1 MiB.
 */
export function readTemplateText(file: string): string {
  return new TextDecoder().decode(readRegularFile(file, { maxBytes: MAX_TEMPLATE_BYTES, what: 'template' }));
}
