/** certgen's public API (ESM). */
export { CertgenError, UsageError, type FieldPath } from './errors.js';
export { VERSION } from './version.js';
