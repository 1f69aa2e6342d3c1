import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CertgenError } from '../errors.js';

// Only node built-ins here: the up-to-date fast path of `certgen build` uses this module.
const TEMPLATE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** A template is a small text file; anything larger is a mistake (a log, an image, /dev/zero's kin). */
export const MAX_TEMPLATE_BYTES = 1 << 20;

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

/**
 * Reads a template file as text (a UTF-8 byte order mark dropped, as Windows editors write one).
 * Only a regular file of at most 1 MiB is read: a folder, a FIFO or a device is refused before
 * any read (opened non-blocking, so a FIFO with no writer cannot hang the build).
 */
export async function readTemplateText(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((e: NodeJS.ErrnoException) => {
    throw new CertgenError(`cannot read template (${e.code ?? e.message})`, { file });
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new CertgenError(`not a regular file (${fileKind(info)}): a template is a .yaml, .yml or .json file`, { file });
    // Read one byte past the cap: the size from stat may be stale (or 0, for /proc files).
    const buffer = Buffer.alloc(MAX_TEMPLATE_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) {
      n = (await handle.read(buffer, length, buffer.length - length, null)).bytesRead;
    }
    if (length > MAX_TEMPLATE_BYTES) throw new CertgenError('larger than 1 MiB: not a template', { file });
    return new TextDecoder().decode(buffer.subarray(0, length));
  } catch (e) {
    if (e instanceof CertgenError) throw e;
    throw new CertgenError(`cannot read template (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  } finally {
    await handle.close();
  }
}

function fileKind(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a file';
}
