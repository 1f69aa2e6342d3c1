/**
 * Secret inputs of a build (passwords read from the environment with `{env: VAR}`) as the build
 * state records them: the variable names and an HMAC-SHA256 of their values under a random key
 * kept in the set folder as `..key` (mode 0600, made by the first build that needs it, outside
 * the version folders, so it outlives rebuilds). A changed value makes the set stale, yet the
 * state holds no verifier: without the key a guess cannot be checked. Node built-ins and fs-failure.ts only: the
 * no-op path uses it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFailure } from './fs-failure.js';

export const KEY_FILE = '..key';
/** Where a key is written before it is renamed into place (a killed build may leave one: write-set.ts clears it). */
export const KEY_TMP_PREFIX = `${KEY_FILE}.tmp-`;
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

/** The key of the set folder `dir`, or null when none was made yet (or it is unreadable). */
export function readKey(dir: string): Buffer | null {
  try {
    const text = readFileSync(join(dir, KEY_FILE), 'utf8').trim();
    return KEY.test(text) ? Buffer.from(text, 'hex') : null;
  } catch {
    return null;
  }
}

/**
 * The key of the set folder `dir`, made on first use by a build holding the set lock: written
 * whole to a temp file, then renamed into place, so `certgen check` sees no key or a complete one.
 */
export function ensureKey(dir: string): Buffer {
  const existing = readKey(dir);
  if (existing) return existing;
  const path = join(dir, KEY_FILE);
  const tmp = join(dir, `${KEY_TMP_PREFIX}${randomBytes(6).toString('hex')}`);
  const key = randomBytes(32);
  try {
    writeFileSync(tmp, `${key.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    renameSync(tmp, path); // replaces an unreadable key: the sets it keyed are then stale, as they should be
  } catch (e) {
    throw writeFailure(e, path, 'unchanged');
  }
  return key;
}

/** HMAC-SHA256 (hex) of the values of `names` in `env` (an unset variable counts as unset). */
export function envDigest(key: Buffer, names: readonly string[], env: Readonly<Record<string, string | undefined>>): string {
  return createHmac('sha256', key)
    .update(JSON.stringify(names.map((n) => [n, Object.hasOwn(env, n) ? env[n] ?? null : null])))
    .digest('hex');
}
