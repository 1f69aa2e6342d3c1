/**
 * Reads a file a user named, refusing what is not a regular file (a folder, a FIFO, a socket, a
 * device such as /dev/zero) before reading a byte, and anything larger than a cap. Opened
 * non-blocking, so a FIFO without a writer cannot hang the command. Node built-ins only: the
 * no-op build path uses it. Synchronous: the files are small, and a CLI's first thread-pool
 * request (and node:fs/promises, ~1.6 ms to load) cost more than the read.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { CertgenError } from './errors.js';

export interface ReadLimits {
  /** The most bytes accepted. */
  readonly maxBytes: number;
  /** What the file should be, for messages: `template`, `input file`. */
  readonly what: string;
}

export function readRegularFile(file: string, limits: ReadLimits): Buffer {
  const fail = (detail: string): never => {
    throw new CertgenError(detail, { file });
  };
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'no such file' : `cannot read ${limits.what} (${code ?? (e as Error).message})`);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) fail(`not a regular file (${fileKind(info)}): a ${limits.what} must be a file`);
    // Sized from stat, grown if the file is longer than it said (stat says 0 for /proc files),
    // up to one byte past the cap.
    let buffer = Buffer.alloc(Math.min(limits.maxBytes, info.size) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limits.maxBytes) fail(`larger than ${size(limits.maxBytes)}: not a ${limits.what}`);
        const grown = Buffer.alloc(Math.min(limits.maxBytes + 1, buffer.length * 2));
        buffer.copy(grown);
        buffer = grown;
      }
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof CertgenError) throw e;
    return fail(`cannot read ${limits.what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

const size = (bytes: number): string => (bytes % (1 << 20) === 0 ? `${bytes >> 20} MiB` : `${bytes} bytes`);

function fileKind(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a file';
}
