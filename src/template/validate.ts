import { Ajv, type ErrorObject } from 'ajv';
import { CertgenError, type FieldPath } from '../errors.js';
import { closest, didYouMean } from '../suggest.js';
import { TEMPLATE_SCHEMA } from './schema.js';
import type { RawTemplate } from './types.js';

// `x-expected` carries the human wording for a oneOf; ajv must accept it as an annotation.
// `verbose` gives each error its parentSchema and data, which the messages below read (the allowed
// fields of an unknown field, a oneOf's `x-expected`, the type of a mismatched value).
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, keywords: ['x-expected'] });
const validateTemplate = ajv.compile<RawTemplate>(TEMPLATE_SCHEMA);

/** Checks the structure of a parsed document; throws a CertgenError naming the first bad field. */
export function assertTemplate(doc: unknown, file: string): asserts doc is RawTemplate {
  if (validateTemplate(doc)) return;
  const error = pickError(validateTemplate.errors ?? []);
  throw new CertgenError(describe(error), { file, path: errorPath(error) });
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^(0|[1-9][0-9]*)$/.test(p) ? Number(p) : p));
}

function errorPath(error: ErrorObject): FieldPath {
  const path = pointerToPath(error.instancePath);
  if (error.keyword === 'additionalProperties') return [...path, String(error.params['additionalProperty'])];
  if (error.keyword === 'propertyNames') return [...path, String(error.params['propertyName'])];
  return path;
}

// Among ajv's errors (several per oneOf), the deepest one is the most specific; at equal depth a
// wording that lists the allowed values beats a bare type mismatch.
const KEYWORD_RANK: Record<string, number> = { enum: 0, const: 0, pattern: 1, additionalProperties: 1, required: 1, propertyNames: 1, oneOf: 3 };

function pickError(errors: readonly ErrorObject[]): ErrorObject {
  const relevant = pruneOneOfBranches(errors.filter((e) => e.keyword !== 'if'));
  let best = relevant[0]!;
  for (const e of relevant.slice(1)) {
    const depth = errorPath(e).length - errorPath(best).length;
    const rank = (KEYWORD_RANK[e.keyword] ?? 2) - (KEYWORD_RANK[best.keyword] ?? 2);
    if (depth > 0 || (depth === 0 && rank < 0)) best = e;
  }
  // A type mismatch inside a oneOf reads better as the oneOf's own summary of what is allowed.
  if (best.keyword === 'type') {
    const parent = relevant.find((e) => e.keyword === 'oneOf' && e.instancePath === best.instancePath);
    if (parent) return parent;
  }
  return best;
}

/**
 * ajv reports every branch of a failed oneOf. The branch the user meant is the one whose JSON type
 * and discriminator (`type: rsa`) match, with the fewest errors: `{type: rsa, size: 2050}` is
 * about `size`, not about `type` not being "ec". When no branch (or more than one equally) fits,
 * the oneOf's own summary (`x-expected`) is kept instead of the branches' errors.
 */
function pruneOneOfBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const one of oneOfs) {
    if (!kept.includes(one)) continue;
    const inBranch = (e: ErrorObject): string | undefined => {
      const underInstance = e.instancePath === one.instancePath || e.instancePath.startsWith(`${one.instancePath}/`);
      return underInstance && e.schemaPath.startsWith(`${one.schemaPath}/`) ? e.schemaPath.slice(one.schemaPath.length + 1).split('/')[0] : undefined;
    };
    const branches = new Map<string, ErrorObject[]>();
    for (const e of kept) {
      const b = inBranch(e);
      if (b !== undefined) branches.set(b, [...(branches.get(b) ?? []), e]);
    }
    // Not the branch meant: a wrong JSON type, a wrong discriminator, or an object of another shape
    // (none of the branch's required fields, and fields it does not know).
    const atOne = (list: ErrorObject[], keyword: string) => list.some((e) => e.keyword === keyword && e.instancePath === one.instancePath);
    const fits = [...branches.values()].filter(
      (list) => !list.some((e) => e.keyword === 'const') && !atOne(list, 'type') && !(atOne(list, 'required') && atOne(list, 'additionalProperties')),
    );
    const fewest = Math.min(...fits.map((list) => list.length));
    const best = fits.filter((list) => list.length === fewest);
    const keep = best.length === 1 ? new Set(best[0]) : new Set([one]);
    kept = kept.filter((e) => (e === one ? keep.has(e) : inBranch(e) === undefined || keep.has(e)));
  }
  return kept;
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys(propertiesAt(error));
      const match = closest(String(p['additionalProperty']), allowed);
      return match !== undefined ? `unknown field (did you mean ${JSON.stringify(match)}?)` : `unknown field (allowed: ${allowed.join(', ') || 'none'})`;
    }
    case 'required':
      return `missing required field "${String(p['missingProperty'])}"`;
    case 'enum': {
      const allowed = p['allowedValues'] as unknown[];
      const suggestion = typeof error.data === 'string' ? didYouMean(error.data, allowed.filter((v): v is string => typeof v === 'string')) : '';
      return `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${suggestion}`;
    }
    case 'const':
      return `must be ${JSON.stringify(p['allowedValue'])}`;
    case 'propertyNames':
      return `invalid name: ${nameRule(error)}`;
    case 'oneOf': {
      const expected = (error.parentSchema as Record<string, unknown> | undefined)?.['x-expected'];
      return `expected ${typeof expected === 'string' ? expected : 'a different value'}`;
    }
    case 'pattern':
      return `${quote(error.data)} does not match ${String(p['pattern'])}`;
    case 'type':
      if (error.instancePath === '') return `a template is a map with "version" and "certificates", not ${valueKind(error.data)}`;
      return `expected ${TYPE_WORDS[String(p['type'])] ?? String(p['type'])}, not ${valueKind(error.data)}`;
    case 'minProperties':
    case 'minItems':
    case 'minLength':
      return p['limit'] === 1 ? 'must not be empty' : (error.message ?? 'too short');
    default:
      return error.message ?? 'invalid value';
  }
}

const TYPE_WORDS: Record<string, string> = { object: 'a map', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false' };

/** A value as JSON, cut short: a message must stay one readable line. */
function quote(data: unknown): string {
  const text = JSON.stringify(data) ?? String(data);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueKind(data: unknown): string {
  if (data === null || data === undefined) return 'null (an empty value)';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a map';
  if (typeof data === 'string') return `the string ${quote(data)}`;
  return `${typeof data === 'number' ? 'the number' : 'the value'} ${String(data)}`;
}

function propertiesAt(error: ErrorObject): Record<string, unknown> {
  const schema = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return schema?.properties ?? {};
}

function nameRule(error: ErrorObject): string {
  return error.instancePath.endsWith('/stores')
    ? 'a store is a file name [a-z0-9][a-z0-9._-]* ending in .p12, .pfx or .pem, at most 100 characters'
    : 'a certificate name is [a-z0-9][a-z0-9_-]*, at most 64 characters (it is a file stem)';
}
