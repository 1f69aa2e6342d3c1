/** A JSON path inside a template: `certificates.server.issuer`, `stores["middle.p12"].keys[1]`. */
export type FieldPath = readonly (string | number)[];

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Renders a path the way JavaScript would write the property access (SPEC: exit status). */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (IDENT.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Where a bad value sits: the file (or API call), the field path inside it, and its line and column where known. */
export interface ErrorLocation {
  readonly file?: string | undefined;
  readonly path?: FieldPath;
  /** 1-based, where the parser knows the node (template files). */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/**
 * The one error type certgen throws for anything a user can fix: a bad template, a missing input
 * file, a build that cannot be done. `file` and `path` locate it; the CLI prints `message` and
 * exits 1, never a stack trace. The message is `FILE: PATH: detail`, with ` at line L, column C`
 * appended where the template parser knows the node's position.
 */
export class CertgenError extends Error {
  override readonly name: string = 'CertgenError';
  readonly file: string | undefined;
  readonly path: FieldPath;
  readonly detail: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(detail: string, where: ErrorLocation = {}, options?: ErrorOptions) {
    const path = where.path ?? [];
    const location = [where.file, path.length > 0 ? formatPath(path) : undefined].filter((p) => p !== undefined);
    const position = where.line !== undefined ? ` at line ${where.line}, column ${where.column ?? 1}` : '';
    super(`${location.length > 0 ? `${location.join(': ')}: ` : ''}${detail}${position}`, options);
    this.file = where.file;
    this.path = path;
    this.detail = detail;
    this.line = where.line;
    this.column = where.line !== undefined ? (where.column ?? 1) : undefined;
  }
}

/** Command-line misuse (exit status 2). */
export class UsageError extends CertgenError {
  override readonly name = 'UsageError';
}
