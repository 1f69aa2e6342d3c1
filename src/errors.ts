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

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/**
 * C0/C1 controls (NUL, newlines, ESC), line and paragraph separators, bidi controls (U+202E...) and
 * lone surrogates: what would break a message into several lines or let input steer a terminal.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every unprintable character escaped (`\n`, `\u0000`): a message stays one plain line. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
    // Input quoted in a message (a value with a NUL or a newline) is escaped, never echoed raw.
    const safe = printable(detail);
    const location = [where.file, path.length > 0 ? formatPath(path) : undefined].filter((p) => p !== undefined).map(printable);
    const position = where.line !== undefined ? ` at line ${where.line}, column ${where.column ?? 1}` : '';
    super(`${location.length > 0 ? `${location.join(': ')}: ` : ''}${safe}${position}`, options);
    this.file = where.file;
    this.path = path;
    this.detail = safe;
    this.line = where.line;
    this.column = where.line !== undefined ? (where.column ?? 1) : undefined;
  }
}

/** Command-line misuse (exit status 2). */
export class UsageError extends CertgenError {
  override readonly name = 'UsageError';
}
