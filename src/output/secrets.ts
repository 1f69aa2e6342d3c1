/**
 * Secret inputs of a build (passwords read from the environment with `{env: VAR}`) as the build
 * state records them: the variable names and an HMAC-SHA256 of their values under a random key
 * kept in `out/.certgen-key` (mode 0600, one per output folder). A changed value makes the set
 * stale, yet the state holds no verifier: without the key a guess cannot be checked. Node
 * built-ins only: the no-op path uses it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errnoOf, writeFailure } from './fs-failure.js';

export const KEY_FILE = '.certgen-key';
const KEY = /^[0-9a-f]{64}$/;

/** The names of every `{env: VAR}` in a template, sorted, each once. */
export function envNames(template: unknown): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const env = (v as { env?: unknown }).env;
      if (typeof env === 'string' && Object.keys(v).length === 1) names.add(env);
      else Object.values(v).forEach(walk);
    }
  };
  walk(template);
  return [...names].sort();
}

/** The output folder's key, or null when none was made yet (or it is unreadable). */
export function readKey(outDir: string): Buffer | null {
  try {
    const text = readFileSync(join(outDir, KEY_FILE), 'utf8').trim();
    return KEY.test(text) ? Buffer.from(text, 'hex') : null;
  } catch {
    return null;
  }
}

/**
 * The output folder's key, made on first use: written whole to a private temp file, then linked
 * into place, so a concurrent build sees no key or a complete one (the first link wins).
 */
export function ensureKey(outDir: string): Buffer {
  const existing = readKey(outDir);
  if (existing) return existing;
  const path = join(outDir, KEY_FILE);
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    try {
      linkSync(tmp, path);
    } catch (e) {
      if (errnoOf(e) !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
  } catch (e) {
    throw writeFailure(e, path, 'unchanged');
  }
  const key = readKey(outDir);
  if (!key) throw writeFailure(Object.assign(new Error('bad key'), { code: 'EINVAL' }), path, 'unchanged');
  return key;
}

/** HMAC-SHA256 (hex) of the values of `names` in `env` (an unset variable counts as unset). */
export function envDigest(key: Buffer, names: readonly string[], env: Readonly<Record<string, string | undefined>>): string {
  return createHmac('sha256', key)
    .update(JSON.stringify(names.map((n) => [n, Object.hasOwn(env, n) ? env[n] ?? null : null])))
    .digest('hex');
}
