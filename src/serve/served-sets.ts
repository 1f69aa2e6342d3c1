/**
 * The sets a server answers for, re-read after a rebuild. A build swaps `out/<set>/..data` to a
 * new version folder atomically, so one readlink per request (microseconds) tells whether the set
 * changed; only then are its files, and its template (for `ocspSigner`), read again.
 */
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CertgenError } from '../errors.js';
import { DATA_LINK } from '../output/state.js';
import { readTemplateText } from '../template/find.js';
import { parseTemplate } from '../template/load.js';
import type { LoadedTemplate } from '../template/types.js';
import { readServedSet, type ServedSet } from './served-set.js';

interface Entry {
  template: LoadedTemplate;
  /** The `..data` target `current` was read for (null: the link could not be read). */
  version: string | null;
  current: Promise<ServedSet> | null;
}

export class ServedSets {
  readonly #out: string;
  readonly #entries: Map<string, Entry>;
  readonly #onError: (message: string) => void;
  readonly #env: Readonly<Record<string, string | undefined>>;

  /**
   * `onError` hears each failed re-read once (the CLI prints it; the set answers 500 until
   * rebuilt); `env` is where `keyPassword: {env: VAR}` is looked up.
   */
  constructor(out: string, templates: readonly LoadedTemplate[], env: Readonly<Record<string, string | undefined>>, onError: (message: string) => void) {
    this.#out = out;
    this.#env = env;
    this.#entries = new Map(templates.map((t) => [t.name, { template: t, version: null, current: null }]));
    this.#onError = onError;
  }

  get names(): string[] {
    return [...this.#entries.keys()];
  }

  /** The set as currently built; undefined for a set not served; rejects with a CertgenError when it cannot be read. */
  get(name: string): Promise<ServedSet> | undefined {
    const entry = this.#entries.get(name);
    if (entry === undefined) return undefined;
    const version = this.#currentVersion(name);
    if (entry.current === null || entry.version !== version) {
      const first = entry.current === null;
      entry.version = version;
      entry.current = this.#read(entry, first);
      // The first read's failure goes to whoever started the server; later ones only to the log.
      entry.current.catch((e: unknown) => (first ? undefined : this.#onError((e as Error).message)));
    }
    return entry.current;
  }

  #currentVersion(name: string): string | null {
    try {
      return readlinkSync(join(this.#out, name, DATA_LINK));
    } catch {
      return null;
    }
  }

  async #read(entry: Entry, first: boolean): Promise<ServedSet> {
    if (!first) {
      // A rebuild may come from an edited template: its ocspSigner is the one the new files were built with.
      const { file, name } = entry.template;
      const template = parseTemplate(readTemplateText(file), file);
      if (template.name !== name) throw new CertgenError(`now defines set "${template.name}", not "${name}": restart certgen serve`, { file, path: ['name'] });
      entry.template = template;
    }
    return readServedSet(this.#out, entry.template, this.#env);
  }
}
