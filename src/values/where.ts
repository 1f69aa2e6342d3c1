import { CertgenError, type FieldPath } from '../errors.js';

/** Where a value sits: the template file and the field path inside it. */
export interface Where {
  readonly file: string;
  readonly path: FieldPath;
}

export const at = (where: Where, ...more: (string | number)[]): Where => ({ file: where.file, path: [...where.path, ...more] });

export function fail(where: Where, detail: string): never {
  throw new CertgenError(detail, where);
}
