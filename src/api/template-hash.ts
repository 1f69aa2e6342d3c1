import { createHash } from 'node:crypto';
import { VERSION } from '../version.js';

/**
 * The cheap freshness key of a template file: its raw bytes and the certgen version. Node
 * built-ins only: the no-op build path computes it before loading anything else.
 */
export function templateHash(text: string): string {
  return createHash('sha256').update(VERSION).update('\0').update(text).digest('hex');
}
