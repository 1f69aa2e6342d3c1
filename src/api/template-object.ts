/**
 * Templates given as objects (generate, createCA, ca.issue) rather than files: the same schema
 * check as a file gets, and the same messages, located in the call that made them.
 */
import { CertgenError } from '../errors.js';
import type { LoadedTemplate } from '../template/types.js';
import { assertTemplate } from '../template/validate.js';
import type { Template } from './options.js';

/** The `file` of errors in a template object passed to `generate()` without a `file` option. */
export const MEMORY_FILE = '<memory>';
/** The set name of a template object without `name`. */
export const DEFAULT_SET_NAME = 'fixtures';

/** Validates a template object (throws CertgenError naming `file` and the field). */
export function loadTemplateObject(template: Template, file: string): LoadedTemplate {
  const doc: unknown = template;
  assertTemplate(doc, file);
  return { file, name: doc.name ?? DEFAULT_SET_NAME, template: doc };
}

/**
 * An error from a template the API made around one certificate's options, relocated to the call:
 * `certificates.leaf.san[0]` becomes `ca.issue(): san[0]`, and an error about the entry itself
 * (its name) becomes `ca.issue(): name`. Anything but a CertgenError passes through.
 */
export function relocateError(error: unknown, label: string, cert: string): unknown {
  if (!(error instanceof CertgenError)) return error;
  const [section, name, ...rest] = error.path;
  const path = section === 'certificates' && name === cert ? (rest.length > 0 ? rest : ['name']) : error.path;
  return new CertgenError(error.detail, { file: label, path }, { cause: error });
}
