import { Ajv, type ErrorObject } from 'ajv';
import { CertgenError, type FieldPath } from '../errors.js';
import { TEMPLATE_SCHEMA } from './schema.js';
import type { RawTemplate } from './types.js';

// `x-expected` carries the human wording for a oneOf; ajv must accept it as an annotation.
const ajv = new Ajv({ allErrors: true, strict: true, keywords: ['x-expected'] });
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
  const relevant = errors.filter((e) => e.keyword !== 'if');
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

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown field (allowed: ${Object.keys(propertiesAt(error)).join(', ') || 'none'})`;
    case 'required':
      return `missing required field "${String(p['missingProperty'])}"`;
    case 'enum':
      return `must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p['allowedValue'])}`;
    case 'propertyNames':
      return `invalid name: ${nameRule(error)}`;
    case 'oneOf': {
      const expected = (error.parentSchema as Record<string, unknown> | undefined)?.['x-expected'];
      return `expected ${typeof expected === 'string' ? expected : 'a different value'}`;
    }
    case 'pattern':
      return `must match ${String(p['pattern'])}`;
    default:
      return error.message ?? 'invalid value';
  }
}

function propertiesAt(error: ErrorObject): Record<string, unknown> {
  const schema = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return schema?.properties ?? {};
}

function nameRule(error: ErrorObject): string {
  return error.instancePath.endsWith('/stores')
    ? 'a store is a file name [a-z0-9][a-z0-9._-]* ending in .p12, .pfx or .pem'
    : 'a certificate name is [a-z0-9][a-z0-9_-]* (it is a file stem)';
}
