/** A JSON path inside a template: `certificates.server.issuer`, `stores["middle.p12"].keys[1]`. */
export type FieldPath = readonly (string | number)[];

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Renders a path the way JavaScript would write the property access. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (IDENT.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/**
 * The one error type certgen throws for anything a user can fix: a bad template, a missing input
 * file, a build that cannot be done. `file` and `path` locate it; the CLI prints `message` and
 * exits 1, never a stack trace.
 */
export class CertgenError extends Error {
  override readonly name: string = 'CertgenError';
  readonly file: string | undefined;
  readonly path: FieldPath;
  readonly detail: string;

  constructor(detail: string, where: { file?: string | undefined; path?: FieldPath } = {}, options?: ErrorOptions) {
    const path = where.path ?? [];
    const location = [where.file, path.length > 0 ? formatPath(path) : undefined].filter((p) => p !== undefined);
    super(location.length > 0 ? `${location.join(': ')}: ${detail}` : detail, options);
    this.file = where.file;
    this.path = path;
    this.detail = detail;
  }
}

/** Command-line misuse (exit status 2). */
export class UsageError extends CertgenError {
  override readonly name = 'UsageError';
}
