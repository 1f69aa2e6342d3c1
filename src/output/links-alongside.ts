/**
 * A set's new visible names (`<file> -> ..data/<file>`) made on libuv's thread pool while the main
 * thread writes the version folder (write-set.ts). On this kind of disk every new name costs the
 * kernel an inode, a link as much as a file; links and files go to different folders, so the two
 * run on two cores instead of one after the other. A link made before the swap names nothing until
 * `..data` names a version that holds its file, so readers see no new name early.
 */
import { symlink, unlinkSync } from 'node:fs';
import { errnoOf } from './fs-failure.js';
import { DATA_LINK } from './state.js';

/** Links handed to the pool at a time: enough to keep it busy between two top-ups. */
const IN_FLIGHT = 512;

export interface LinksAlongside {
  /** Hands more links to the pool; called by the writer each time it yields to the event loop. */
  readonly topUp: () => void;
  /** Waits for every link; resolves to the names that were taken meanwhile (EEXIST), rejects on any other error. */
  readonly settle: () => Promise<string[]>;
  /** Stops, waits for the links in flight and removes those made (after a failed build: they name no file). */
  readonly undo: () => Promise<void>;
}

/** Starts making `dir/<name> -> ..data/<name>` for each of `names`, names that are free now. */
export function linksAlongside(dir: string, names: readonly string[]): LinksAlongside {
  let next = 0;
  let inFlight = 0;
  let failure: NodeJS.ErrnoException | undefined;
  let stopped = false;
  const taken: string[] = [];
  let wake: (() => void) | undefined;

  const topUp = (): void => {
    while (inFlight < IN_FLIGHT && next < names.length && failure === undefined && !stopped) {
      const name = names[next++]!;
      const path = `${dir}/${name}`;
      inFlight++;
      symlink(`${DATA_LINK}/${name}`, path, (e) => {
        inFlight--;
        if (e !== null) {
          if (errnoOf(e) === 'EEXIST') taken.push(name);
          else failure ??= Object.assign(e, { path }); // name the link, not its target
        }
        const w = wake;
        wake = undefined;
        w?.();
      });
    }
  };
  const drain = async (): Promise<void> => {
    while (inFlight > 0 || (next < names.length && failure === undefined && !stopped)) {
      topUp();
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  topUp();

  return {
    topUp,
    async settle() {
      await drain();
      if (failure !== undefined) throw failure;
      return taken;
    },
    async undo() {
      stopped = true;
      await drain();
      const notOurs = new Set(taken);
      for (let i = 0; i < next; i++) {
        if (notOurs.has(names[i]!)) continue;
        try {
          unlinkSync(`${dir}/${names[i]}`);
        } catch {
          /* not made (the error that stopped the build), or already gone */
        }
      }
    },
  };
}
