import { hexDigest } from '../crypto/digest.js';
import { VERSION } from '../version.js';

/**
 * The cheap freshness key of a template file: its raw bytes and the certgen version. Node
 * built-ins only: the no-op build path computes it before loading anything else.
 */
export function templateHash(text: string): string {
  return hexDigest('sha256', `${VERSION}\0${text}`);
}
