/**
 * The thread that writes a version folder's files while the main thread is still issuing
 * certificates (write-set.ts). On this kind of disk every new name costs the kernel an inode, a
 * link as much as a file, and a build's main thread is busy with keys, signatures and encoding:
 * a second thread does the open/write/close, the file's SHA-256 and the new visible link, so the
 * writes cost wall time only where they outlast the certificates.
 *
 * The thread's code is `fileWriter` below, run from its source text (a worker needs a file or a
 * string; the string keeps the bundle one piece): it may use only its arguments.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { DATA_LINK } from './state.js';

/** One file handed to the thread. */
export interface ThreadFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly mode: number;
  /** Also make the visible link `<name> -> ..data/<name>` (the name was free when the build began). */
  readonly link: boolean;
}

/** What the thread reports at the end. */
export interface Written {
  /** [name, lowercase hex SHA-256] of every file, in the order written. */
  readonly hashes: readonly (readonly [string, string])[];
  /** Names asked to be linked that were taken meanwhile (EEXIST): the caller replaces them. */
  readonly taken: readonly string[];
}

/**
 * Writes files into `versionDir` (mode given at open, fixed with chmod where the umask `masked`
 * bits), hashes them, and links the free visible names in `dir`. Runs in the writer thread,
 * synchronously (links on libuv's thread pool as well measured no faster on 2 cores, with more
 * kernel time: the main thread already has one core).
 */
function fileWriter(fs: typeof import('node:fs'), crypto: typeof import('node:crypto'), versionDir: string, dir: string, masked: number, dataLink: string) {
  const hashes: [string, string][] = [];
  const taken: string[] = [];
  return {
    hashes,
    taken,
    write(files: readonly ThreadFile[]): void {
      for (const f of files) {
        const path = `${versionDir}/${f.name}`;
        try {
          fs.writeFileSync(path, f.bytes, { flag: 'wx', mode: f.mode });
          if ((f.mode & masked) !== 0) fs.chmodSync(path, f.mode);
        } catch (e) {
          throw Object.assign(e as Error, { path });
        }
        hashes.push([f.name, crypto.createHash('sha256').update(f.bytes).digest('hex')]);
        if (!f.link) continue;
        try {
          fs.symlinkSync(`${dataLink}/${f.name}`, `${dir}/${f.name}`);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw Object.assign(e as Error, { path: `${dir}/${f.name}` }); // the link, not its target
          taken.push(f.name);
        }
      }
    },
  };
}

const THREAD_SOURCE = `
const { parentPort, workerData: d } = require('node:worker_threads');
const progress = new Int32Array(d.progress); // [batches written, failed]
let writer = null; // made by the first message, which names the folders
let failed = false;
parentPort.on('message', (files) => {
  if (failed) return;
  if (writer === null) {
    writer = (${fileWriter.toString()})(require('node:fs'), require('node:crypto'), files.versionDir, files.dir, files.masked, d.dataLink);
    return;
  }
  if (files === null) {
    parentPort.postMessage({ hashes: writer.hashes, taken: writer.taken });
    return parentPort.close();
  }
  try {
    writer.write(files);
  } catch (e) {
    failed = true;
    Atomics.store(progress, 1, 1);
    parentPort.postMessage({ error: { message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path } });
    parentPort.close();
  }
  Atomics.add(progress, 0, 1);
  Atomics.notify(progress, 0);
});
`;

/** Batches the thread may have waiting: on a slow disk the issuing waits rather than the queue growing. */
const MAX_QUEUED = 64;
/** How long the issuing waits for a thread that writes nothing (then the queue may grow). */
const STALL_MS = 10_000;

/** Blocks while more than MAX_QUEUED of the `posted` batches are unwritten and the thread makes progress. */
function waitWhileBehind(progress: Int32Array, posted: number): void {
  for (let written = Atomics.load(progress, 0); posted - written > MAX_QUEUED && Atomics.load(progress, 1) === 0; ) {
    if (Atomics.wait(progress, 0, written, STALL_MS) === 'timed-out') return;
    written = Atomics.load(progress, 0);
  }
}

export interface FileWriter {
  /** Queues files for writing (copied to the thread; the caller may drop them). Inline: writes them now. */
  readonly post: (files: readonly ThreadFile[]) => void;
  /** Waits until every posted file is written; rejects with the thread's first error (an errno error). */
  readonly finish: () => Promise<Written>;
  /** Stops the thread, whatever it was doing. */
  readonly stop: () => Promise<void>;
}

/** A writer thread started ahead of its folder (it takes ~70 ms to start), or stopped unused. */
export interface WriterThread {
  /** The thread's writer of the version folder `versionDir` of the set folder `dir`; once. */
  readonly writer: (versionDir: string, dir: string, masked: number) => FileWriter;
  /** Stops the thread, whatever it was doing (nothing once it has finished). */
  readonly stop: () => Promise<void>;
}

/** Starts a writer thread: a build starts it as soon as it knows a set is large, before resolving it. */
export function spawnWriterThread(): WriterThread {
  const progress = new Int32Array(new SharedArrayBuffer(8)); // [batches written, failed]
  // A small young generation: the thread's garbage (each message's copies) is collected early.
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { dataLink: DATA_LINK, progress: progress.buffer }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  const result = new Promise<Written>((resolve, reject) => {
    worker.on('message', (m: Written | { error: { message: string; path?: string } }) => {
      if ('error' in m) reject(Object.assign(new Error(m.error.message), m.error));
      else resolve(m);
    });
    worker.on('error', reject);
    worker.on('exit', () => reject(new Error('the writer thread stopped')));
  });
  result.catch(() => undefined); // awaited by finish(); a failure before then must not go unhandled
  const stop = async () => {
    await worker.terminate();
  };
  return {
    writer: (versionDir, dir, masked) => {
      worker.postMessage({ versionDir, dir, masked });
      let posted = 0;
      return {
        post: (files) => {
          // A view of a larger buffer would be copied whole: copy only its bytes.
          worker.postMessage(files.map((f) => (f.bytes.byteLength === f.bytes.buffer.byteLength ? f : { ...f, bytes: f.bytes.slice() })));
          waitWhileBehind(progress, ++posted);
        },
        finish: () => {
          worker.postMessage(null);
          return result;
        },
        stop,
      };
    },
    stop,
  };
}

/** The writer of the version folder `versionDir` of the set folder `dir`: `thread`'s, or the same code on this thread. */
export function startWriter(versionDir: string, dir: string, masked: number, thread: WriterThread | null): FileWriter {
  if (thread !== null) return thread.writer(versionDir, dir, masked);
  const inline = fileWriter(fs, crypto, versionDir, dir, masked, DATA_LINK);
  return { post: (files) => inline.write(files), finish: async () => inline, stop: async () => undefined };
}
