/**
 * Template snippets for the error tables (test/unit/template-errors, test/e2e/cli-errors): each
 * row is a small YAML template with one field broken.
 */

/** One row: a malformed template and the error it must end in. */
export interface ErrorRow {
  readonly name: string;
  readonly yaml: string;
  /** The rendered field path; '' for errors about the whole file (syntax, root type). */
  readonly path: string;
  readonly message: RegExp;
  /** The template's file name; each table has its default. */
  readonly file?: string;
}

/** root → intermediate → server, the smallest set most rows break one field of. */
export const BASE = `version: 1
certificates:
  root: { subject: { CN: Test Root } }
  intermediate: { issuer: root, profile: intermediate }
  server: { issuer: intermediate }
`;

/** A template with these `certificates:` entries (indented by two), then `tail`. */
export const certs = (body: string, tail = ''): string => `version: 1\ncertificates:\n${body}${tail}`;

/** BASE with extra fields on `server`, written as YAML flow-map entries. */
export const server = (fields: string): string =>
  certs(`  root: {}\n  intermediate: { issuer: root, profile: intermediate }\n  server: { issuer: intermediate, ${fields} }\n`);

/** BASE with a `stores:` block (entries indented by two). */
export const stores = (body: string): string => `${BASE}stores:\n${body}`;
