/**
 * One-shot digests of small inputs, the one home for them: a set takes several per certificate
 * (key identifier, pins, the state file's hashes) and the PKCS#12 KDF thousands per store, so the
 * per-call cost is what counts. node:crypto's `hash()` (Node 20.12 and later) costs about a third
 * of `createHash`'s Hash object in JavaScript and is native from the first call; older Node 20
 * falls back to `createHash`. Bytes come back through hex, decoded into a pooled Buffer:
 * `hash()`'s 'buffer' output goes through a slow encoding check and a fresh ArrayBuffer per call.
 * (The writer thread's code runs from its source text and hashes with the `crypto` it is given.)
 */
import * as nodeCrypto from 'node:crypto';

export type DigestName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Lowercase hex digest. */
export const hexDigest: (hash: DigestName, data: Uint8Array | string) => string =
  typeof nodeCrypto.hash === 'function' ? (hash, data) => nodeCrypto.hash(hash, data) : (hash, data) => nodeCrypto.createHash(hash).update(data).digest('hex');

/** The digest's bytes. */
export const digestBytes = (hash: DigestName, data: Uint8Array | string): Uint8Array => Buffer.from(hexDigest(hash, data), 'hex');
