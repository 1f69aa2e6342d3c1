import { CertgenError } from '../errors.js';
import type { LoadedTemplate } from './types.js';

/**
 * A CertgenError about a field of this template file, with the line and column of that field
 * added (the file's parser left `locate`); any other error passes through unchanged.
 */
export function locateError(error: unknown, loaded: Pick<LoadedTemplate, 'file' | 'locate'>): unknown {
  if (!(error instanceof CertgenError) || error.file !== loaded.file || error.line !== undefined || error.path.length === 0) return error;
  const position = loaded.locate?.(error.path);
  if (position === undefined) return error;
  return new CertgenError(error.detail, { file: error.file, path: error.path, ...position }, { cause: error });
}
