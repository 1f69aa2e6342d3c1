import type { KeySpec } from './types.js';

/** The key names a template may write (`key: p384`) and the spec each stands for. */
const NAMED = {
  p256: { type: 'ec', curve: 'P-256' },
  p384: { type: 'ec', curve: 'P-384' },
  p521: { type: 'ec', curve: 'P-521' },
  rsa2048: { type: 'rsa', size: 2048 },
  rsa3072: { type: 'rsa', size: 3072 },
  rsa4096: { type: 'rsa', size: 4096 },
  ed25519: { type: 'ed25519' },
} as const satisfies Record<string, KeySpec>;

export type KeyName = keyof typeof NAMED;
export const KEY_NAMES = Object.keys(NAMED) as KeyName[];

/** A key field either names a key spec, spells one out, or points at another certificate's key. */
export function parseKey(raw: KeyName | KeySpec | { readonly sameAs: string }): KeySpec | { sameAs: string } {
  if (typeof raw === 'string') return NAMED[raw];
  if ('sameAs' in raw) return { sameAs: raw.sameAs };
  if (raw.type === 'rsa') return { type: 'rsa', size: raw.size };
  if (raw.type === 'ec') return { type: 'ec', curve: raw.curve };
  return { type: 'ed25519' };
}
