/**
 * The API's own arguments (options objects, paths, engine names), checked at the door: a wrong
 * kind of value is a CertgenError naming the call and the argument (`build(): templates: …`),
 * not a TypeError from deep inside. Template fields inside options are left to the template schema.
 */
import { CertgenError, type FieldPath } from '../errors.js';
import { closest } from '../suggest.js';

/** What an argument must be. */
export type ArgumentKind = 'string' | 'path' | 'paths' | 'boolean' | 'integer' | 'engine' | 'date' | 'env';

const ENGINES = ['node', 'peculiar'];

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `the ${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks one argument; `undefined` means "not given" and always passes. */
export function checkArgument(value: unknown, kind: ArgumentKind, call: string, path: FieldPath): void {
  if (value === undefined) return;
  const fail = (expected: string): never => {
    throw new CertgenError(`expected ${expected}, not ${kindOf(value)}`, { file: call, path });
  };
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') fail('a string');
      return;
    case 'path':
      if (typeof value !== 'string' || value === '') fail('a path (a non-empty string)');
      return;
    case 'paths':
      if (Array.isArray(value)) value.forEach((v, i) => checkArgument(v, 'path', call, [...path, i]));
      else if (typeof value !== 'string' || value === '') fail('a path or a list of paths');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return;
    case 'integer':
      if (!Number.isSafeInteger(value)) fail('an integer');
      return;
    case 'engine':
      if (typeof value !== 'string' || !ENGINES.includes(value)) {
        throw new CertgenError(`must be "node" or "peculiar", not ${typeof value === 'string' ? JSON.stringify(value) : kindOf(value)}`, { file: call, path });
      }
      return;
    case 'date':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail('a valid Date');
      return;
    case 'env':
      if (!isPlainObject(value) || Object.values(value).some((v) => v !== undefined && typeof v !== 'string')) fail('a map of environment variables (name → string)');
      return;
  }
}

/**
 * Checks an options object: absent or a plain object whose listed keys have the listed kinds.
 * With `only`, any other key is refused (with a "did you mean"); without, other keys are
 * template fields, which the schema checks.
 */
export function checkOptions(options: unknown, call: string, kinds: Readonly<Record<string, ArgumentKind>>, only = true): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) throw new CertgenError(`expected an options object, not ${kindOf(options)}`, { file: call, path: ['options'] });
  for (const [key, value] of Object.entries(options)) {
    const kind = kinds[key];
    if (kind !== undefined) checkArgument(value, kind, call, [key]);
    else if (only) {
      const match = closest(key, Object.keys(kinds));
      throw new CertgenError(`unknown option (${match === undefined ? `known: ${Object.keys(kinds).join(', ')}` : `did you mean ${JSON.stringify(match)}?`})`, { file: call, path: [key] });
    }
  }
}
