/**
 * The PKCS#12 key derivation function (RFC 7292 appendix B.2), used for the MAC key of every store
 * and for the key and IV of pbeWithSHAAnd3-KeyTripleDES-CBC. pkijs has one, but it is async and
 * ~6× slower than OpenSSL's. Its cost is thousands of hashes of 20–64 bytes each, so per-call
 * overhead is everything. crypto/digest.ts's one-shot digest is the cheapest per call,
 * and it is native from the first call: a CLI process runs this once, cold, where @noble/hashes'
 * not-yet-optimised JavaScript took ~20 ms per 2,048 iterations (plus ~6 ms to load) against ~5 ms.
 */
import { digestBytes } from '../crypto/digest.js';

export type Pkcs12KdfHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** RFC 7292 B.3: ID 1 derives cipher keys, 2 IVs, 3 MAC keys. */
export const KDF_ID = { key: 1, iv: 2, mac: 3 } as const;
export type KdfId = (typeof KDF_ID)[keyof typeof KDF_ID];

/** The hash's input block size `v` in bytes (the KDF pads salt and password to multiples of it). */
const BLOCK_SIZE: Record<Pkcs12KdfHash, number> = { sha1: 64, sha256: 64, sha384: 128, sha512: 128 };

/**
 * The password as the KDF takes it: a BMPString (UTF-16BE) with a two-byte NUL terminator
 * (RFC 7292 B.1). PBES2 instead takes the UTF-8 bytes: see `pbkdf2Password` in pkcs12.ts.
 */
export function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const unit = password.charCodeAt(i);
    out[i * 2] = unit >> 8;
    out[i * 2 + 1] = unit & 0xff;
  }
  return out;
}

/** `source` repeated to fill a multiple of `v` bytes (empty stays empty, as B.2 step 2/3 say). */
function stretch(source: Uint8Array, v: number): Uint8Array {
  const out = new Uint8Array(v * Math.ceil(source.length / v));
  for (let i = 0; i < out.length; i++) out[i] = source[i % source.length]!;
  return out;
}

/** Hashes `input` once, then the result `iterations - 1` more times (B.2 step 6a). */
function iteratedHash(hash: Pkcs12KdfHash, input: Uint8Array, iterations: number): Uint8Array {
  let digested = digestBytes(hash, input);
  for (let i = 1; i < iterations; i++) digested = digestBytes(hash, digested);
  return digested;
}

/** I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block I_j of I, big-endian (B.2 step 6c). */
function addToBlocks(i: Uint8Array, b: Uint8Array, v: number): void {
  for (let start = 0; start < i.length; start += v) {
    let carry = 1;
    for (let k = v - 1; k >= 0; k--) {
      const sum = i[start + k]! + b[k]! + carry;
      i[start + k] = sum & 0xff;
      carry = sum >> 8;
    }
  }
}

/**
 * Derives `length` bytes from a BMP-encoded `password` (see `bmpPassword`) and `salt`.
 * `hash` is SHA-1 for the 3DES PBE, and the MAC's own digest for the MAC key (as OpenSSL does).
 */
export function pkcs12Kdf(
  hash: Pkcs12KdfHash,
  id: KdfId,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  length: number,
): Uint8Array {
  const v = BLOCK_SIZE[hash];
  const diversifier = new Uint8Array(v).fill(id);
  const i = new Uint8Array([...stretch(salt, v), ...stretch(password, v)]);
  const out = new Uint8Array(length);
  for (let filled = 0; ; ) {
    const a = iteratedHash(hash, new Uint8Array([...diversifier, ...i]), iterations);
    out.set(a.subarray(0, Math.min(a.length, length - filled)), filled);
    filled += a.length;
    if (filled >= length) return out;
    addToBlocks(i, stretch(a, v), v);
  }
}

/**
 * The most PBKDF and MAC iterations a store may ask for, written or read: 1,000,000 is past every
 * recommendation (OWASP: 600,000 for PBKDF2-HMAC-SHA256), and the PKCS#12 MAC's own KDF runs in
 * JavaScript at about 2.5 s per million, three times per legacy store. Above it a build (or an
 * inspect of a damaged file) would spend minutes silently.
 */
export const MAX_ITERATIONS = 1_000_000;
