import type { KeySpec } from '../resolve/types.js';
import type { RawKey } from '../template/types.js';

const NAMED: Record<string, KeySpec> = {
  p256: { type: 'ec', curve: 'P-256' },
  p384: { type: 'ec', curve: 'P-384' },
  p521: { type: 'ec', curve: 'P-521' },
  rsa2048: { type: 'rsa', size: 2048 },
  rsa3072: { type: 'rsa', size: 3072 },
  rsa4096: { type: 'rsa', size: 4096 },
  ed25519: { type: 'ed25519' },
};

/** A key field either names a key spec or points at another certificate's key. */
export function parseKey(raw: RawKey): KeySpec | { sameAs: string } {
  if (typeof raw === 'string') return NAMED[raw]!;
  if ('sameAs' in raw) return { sameAs: raw.sameAs };
  if (raw.type === 'rsa') return { type: 'rsa', size: raw.size };
  if (raw.type === 'ec') return { type: 'ec', curve: raw.curve };
  return { type: 'ed25519' };
}
