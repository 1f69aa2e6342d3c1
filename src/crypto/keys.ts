/**
 * Key generation. Every key leaves this module in node:crypto's encodings (PKCS#8 and SPKI DER),
 * whatever produced it, so the bytes are always the same for the same key (EC PKCS#8
 * differs between encoders, 138 vs 150 bytes for P-256).
 *
 * - Random mode, `node` engine: node:crypto's `generateKeyPair` (RSA in libuv's thread pool, so
 *   concurrent generations use every core; EC and Ed25519 inline). EC keys come out as SEC 1 DER and are
 *   re-wrapped here as PKCS#8 and SPKI by moving bytes (no value is decoded or re-encoded): the very
 *   bytes node:crypto's own PKCS#8/SPKI export writes (the unit tests compare them), without
 *   OpenSSL 3's PKCS#8 and SPKI encoders (60 + 110 µs a key, most of a 1,000-leaf build).
 * - Random mode, `peculiar` engine: its WebCrypto `generateKey`, re-encoded by node:crypto.
 * - Deterministic mode: the key is a function of the Rng stream alone. EC: a scalar by rejection
 *   sampling; Ed25519: a 32-byte seed; RSA: a seeded prime search. The same stream gives the same
 *   key on any machine (nothing here depends on the platform's randomness or thread timing).
 */
import { checkPrime, createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { KeySpec } from '../values/types.js';
import { oid as oidDer, tlv } from '../der/write.js';
import { EC_OIDS } from '../values/oids.js';
import type { KeyPair, Rng } from './types.js';

export type CurveName = 'P-256' | 'P-384' | 'P-521';

/**
 * @noble/curves, loaded on first use: only deterministic mode needs it, and importing it costs
 * ~35 ms (its NIST module precomputes tables), which random-mode builds should not pay.
 */
async function loadNoble() {
  const [{ p256, p384, p521 }, { ed25519 }] = await Promise.all([import('@noble/curves/nist.js'), import('@noble/curves/ed25519.js')]);
  return { curves: { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const, ed25519 };
}
export type Noble = Awaited<ReturnType<typeof loadNoble>>;
let noblePromise: Promise<Noble> | undefined;
/** The one cached copy of {@link loadNoble}'s result. */
export function noble(): Promise<Noble> {
  noblePromise ??= loadNoble();
  return noblePromise;
}

const RSA_PUBLIC_EXPONENT = 65537n;
/**
 * Miller-Rabin rounds per accepted prime. OpenSSL 3 (which Node bundles) never does fewer than 64
 * for primes up to 2048 bits (128 above): at most 2^-128 false positives even on adversarial
 * input. We ask for that floor explicitly so the figure does not depend on the OpenSSL build.
 */
const PRIME_CHECKS = 64;
/** Odd primes below 2^11, for cheap trial division before the Miller-Rabin test. */
const SMALL_PRIMES = oddPrimesBelow(2048);

/** RSA keys from 1024 to 8192 bits, a multiple of 256. */
export function assertKeySpec(spec: KeySpec): void {
  if (spec.type !== 'rsa') return;
  if (!Number.isInteger(spec.size) || spec.size < 1024 || spec.size > 8192 || spec.size % 256 !== 0) {
    throw new RangeError(`RSA key size must be a multiple of 256 from 1024 to 8192, not ${spec.size}`);
  }
}

/**
 * Random mode on node:crypto. RSA keys are generated in the thread pool (~100 ms of prime search
 * each: concurrent generations use every core). EC and Ed25519 keys are generated synchronously:
 * one costs ~50 µs, less than its round trip through the thread pool (queueing, a wake-up on
 * each side, the promise), which on two cores made a 1,000-leaf set spend more CPU handing keys
 * over than making them. Keys come out already encoded; the generated KeyObjects are deliberately
 * not kept or exported: on Node 20, exporting a freshly generated key as JWK can deadlock when the
 * garbage collector finalizes its generation job meanwhile (seen here: ExportJWKEcKey holds the
 * key's mutex while allocating; ~KeyGenJob waits for it). Signing keys are parsed once from their
 * PKCS#8 instead.
 */
export async function generateNodeKeyPair(spec: KeySpec): Promise<KeyPair> {
  assertKeySpec(spec);
  const der = { format: 'der' } as const;
  switch (spec.type) {
    case 'ec': {
      // Only the private key is encoded: SEC 1's ECPrivateKey carries the public point too.
      const { privateKey } = generateEcSec1(spec.curve);
      return ecKeyPairFromSec1(spec.curve, new Uint8Array(privateKey));
    }
    case 'ed25519': {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519', { privateKeyEncoding: { ...der, type: 'pkcs8' }, publicKeyEncoding: { ...der, type: 'spki' } });
      return { spec, pkcs8: new Uint8Array(privateKey), spki: new Uint8Array(publicKey) };
    }
    case 'rsa':
      return new Promise<KeyPair>((resolve, reject) =>
        generateKeyPair(
          'rsa',
          { modulusLength: spec.size, publicExponent: 0x10001, privateKeyEncoding: { ...der, type: 'pkcs8' }, publicKeyEncoding: { ...der, type: 'spki' } },
          (error, publicKey, privateKey) => (error ? reject(error) : resolve({ spec, pkcs8: new Uint8Array(privateKey), spki: new Uint8Array(publicKey) })),
        ),
      );
  }
}

/**
 * `generateKeyPairSync('ec')` encoding the private key only (the public one comes back as an
 * unused KeyObject): node:crypto supports it, @types/node has no overload for it.
 */
const generateEcSec1 = (curve: CurveName): { privateKey: Buffer } =>
  (generateKeyPairSync as unknown as (type: 'ec', options: object) => { privateKey: Buffer })('ec', {
    namedCurve: curve,
    privateKeyEncoding: { format: 'der', type: 'sec1' },
  });

const ecAlgorithms = new Map<CurveName, Uint8Array>();

/** AlgorithmIdentifier { id-ecPublicKey, namedCurve } (RFC 5480 2.1.1). */
function ecAlgorithm(curve: CurveName): Uint8Array {
  let der = ecAlgorithms.get(curve);
  if (!der) ecAlgorithms.set(curve, (der = tlv(0x30, oidDer(EC_OIDS.ecPublicKey), oidDer(EC_OIDS[curve]))));
  return der;
}

/**
 * PKCS#8 and SPKI of an EC key from its SEC 1 DER, as OpenSSL itself converts them:
 *   ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, parameters [0] OID, publicKey [1] BIT STRING }  (RFC 5915)
 *   PKCS#8: SEQUENCE { 0, AlgorithmIdentifier {id-ecPublicKey, curve}, OCTET STRING { ECPrivateKey without [0] } }
 *   SPKI:   SEQUENCE { AlgorithmIdentifier {id-ecPublicKey, curve}, the BIT STRING of [1] }  (RFC 5480)
 * The curve is named once, in the outer AlgorithmIdentifier: that is the 138-byte P-256 PKCS#8.
 */
export function ecKeyPairFromSec1(curve: CurveName, sec1: Uint8Array): KeyPair {
  const fields = derChildren(sec1, 0x30);
  const version = fields.find((f) => f.tag === 0x02);
  const scalar = fields.find((f) => f.tag === 0x04);
  const publicKey = fields.find((f) => f.tag === 0xa1);
  if (!version || !scalar || !publicKey || fields.length > 4) throw new Error('unexpected SEC 1 encoding of a generated EC key');
  const bits = derChildren(publicKey.bytes, 0xa1);
  if (bits.length !== 1 || bits[0]!.tag !== 0x03) throw new Error('unexpected SEC 1 encoding of a generated EC key');
  const algorithm = ecAlgorithm(curve);
  return {
    spec: { type: 'ec', curve },
    pkcs8: tlv(0x30, Uint8Array.of(0x02, 0x01, 0x00), algorithm, tlv(0x04, tlv(0x30, version.bytes, scalar.bytes, publicKey.bytes))),
    spki: tlv(0x30, algorithm, bits[0]!.bytes),
  };
}

/** The child TLVs (whole, tag and all) of the constructed DER value `der`, whose tag must be `tag`. */
function derChildren(der: Uint8Array, tag: number): { tag: number; bytes: Uint8Array }[] {
  const header = (offset: number): { start: number; end: number } => {
    let length = der[offset + 1]!;
    let start = offset + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
      start += count;
    }
    if (start + length > der.length) throw new Error('truncated DER');
    return { start, end: start + length };
  };
  if (der[0] !== tag) throw new Error('unexpected DER');
  const outer = header(0);
  if (outer.end !== der.length) throw new Error('unexpected DER');
  const children: { tag: number; bytes: Uint8Array }[] = [];
  for (let offset = outer.start; offset < outer.end; ) {
    const { end } = header(offset);
    children.push({ tag: der[offset]!, bytes: der.subarray(offset, end) });
    offset = end;
  }
  return children;
}

/** Random mode on another WebCrypto (the `peculiar` engine): generate, export, re-encode with node:crypto. */
export async function generateRandomKeyPair(spec: KeySpec, subtle: SubtleCrypto): Promise<KeyPair> {
  assertKeySpec(spec);
  const params: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm =
    spec.type === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.size, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
      : spec.type === 'ec'
        ? { name: 'ECDSA', namedCurve: spec.curve }
        : { name: 'Ed25519' };
  const pair = (await subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
  return keyPairFromPkcs8(spec, pkcs8);
}

/**
 * Deterministic mode: the key pair is a pure function of the Rng stream. Async to load
 * @noble/curves lazily, and because the RSA prime search runs its Miller-Rabin tests in libuv's
 * thread pool, so that the keys of a set are derived on every core at once.
 */
export async function deriveKeyPair(spec: KeySpec, rng: Rng): Promise<KeyPair> {
  assertKeySpec(spec);
  switch (spec.type) {
    case 'ec': {
      const { curves } = await noble();
      return ecKeyPairFromScalar(spec.curve, deriveEcScalar(curves[spec.curve].Point.Fn, rng));
    }
    case 'ed25519':
      return ed25519KeyPairFromSeed(rng.bytes(32));
    case 'rsa':
      return deriveRsaKeyPair(spec.size, rng);
  }
}

/** Re-encodes any PKCS#8 private key through node:crypto (the canonical bytes). */
export function keyPairFromPkcs8(spec: KeySpec, pkcs8: Uint8Array): KeyPair {
  return keyPairFromKeyObject(spec, createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }));
}

/** An EC key pair from its private scalar (big-endian, any length up to the order's). */
export async function ecKeyPairFromScalar(curve: CurveName, scalar: Uint8Array): Promise<KeyPair> {
  const nobleCurve = (await noble()).curves[curve];
  const size = nobleCurve.Point.Fp.BYTES; // coordinate length (66 for P-521)
  const d = leftPad(scalar, nobleCurve.Point.Fn.BYTES);
  const point = nobleCurve.getPublicKey(d, false); // 0x04 || x || y
  const jwk: JsonWebKey = {
    kty: 'EC',
    crv: curve,
    d: base64url(d),
    x: base64url(point.subarray(1, 1 + size)),
    y: base64url(point.subarray(1 + size)),
  };
  return keyPairFromKeyObject({ type: 'ec', curve }, createPrivateKey({ key: jwk, format: 'jwk' }));
}

/** An Ed25519 key pair from its 32-byte seed (RFC 8032's private key). */
export async function ed25519KeyPairFromSeed(seed: Uint8Array): Promise<KeyPair> {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  const { ed25519 } = await noble();
  const jwk: JsonWebKey = { kty: 'OKP', crv: 'Ed25519', d: base64url(seed), x: base64url(ed25519.getPublicKey(seed)) };
  return keyPairFromKeyObject({ type: 'ed25519' }, createPrivateKey({ key: jwk, format: 'jwk' }));
}

/**
 * FIPS 186-5 A.2.2 ("rejection sampling"): draw as many bits as the order has, retry until the
 * value lies in [1, n-1]. Unbiased, and at most a few draws (P-256's order is just below 2^256).
 */
function deriveEcScalar(order: { ORDER: bigint; BITS: number; BYTES: number }, rng: Rng): Uint8Array {
  const { ORDER, BITS, BYTES } = order;
  const excessBits = BYTES * 8 - BITS;
  for (;;) {
    const candidate = rng.bytes(BYTES);
    candidate[0] = candidate[0]! & (0xff >> excessBits);
    const value = toBigInt(candidate);
    if (value >= 1n && value < ORDER) return candidate;
  }
}

/**
 * A seeded RSA key: two primes of half the modulus size from the Rng (prime search below),
 * e = 65537, d = e^-1 mod lcm(p-1, q-1) as FIPS 186-5 specifies, then the CRT values. The same
 * stream always gives the same primes, hence the same key.
 */
async function deriveRsaKeyPair(size: number, rng: Rng): Promise<KeyPair> {
  const e = RSA_PUBLIC_EXPONENT;
  const pBits = Math.ceil(size / 2);
  const qBits = size - pBits;
  for (;;) {
    // One after the other: q's draws follow p's in the stream, whatever the thread timing.
    let p = await derivePrime(pBits, rng, e);
    let q = await derivePrime(qBits, rng, e);
    // FIPS 186-5 A.1.3: |p - q| > 2^(nlen/2 - 100); also rules out p = q.
    if (abs(p - q) <= 1n << BigInt(size / 2 - 100)) continue;
    if (p < q) [p, q] = [q, p]; // conventional order, as OpenSSL writes it
    const n = p * q;
    if (bitLength(n) !== size) continue; // cannot happen with the top two bits set; kept as a guard
    const lambda = lcm(p - 1n, q - 1n);
    const d = modInverse(e, lambda);
    if (d <= 1n << BigInt(size / 2)) continue; // FIPS 186-5 A.1.1: d > 2^(nlen/2)
    const jwk: JsonWebKey = {
      kty: 'RSA',
      n: bigintToBase64url(n),
      e: bigintToBase64url(e),
      d: bigintToBase64url(d),
      p: bigintToBase64url(p),
      q: bigintToBase64url(q),
      dp: bigintToBase64url(d % (p - 1n)),
      dq: bigintToBase64url(d % (q - 1n)),
      qi: bigintToBase64url(modInverse(q, p)),
    };
    return keyPairFromKeyObject({ type: 'rsa', size }, createPrivateKey({ key: jwk, format: 'jwk' }));
  }
}

/**
 * Incremental prime search, as OpenSSL does it: a random odd start of exactly `bits` bits with
 * the top two bits set (so p*q has exactly the requested size), then start, start+2, ... until a
 * candidate survives trial division (residues kept as numbers: no bigint work per step), has
 * gcd(e, p-1) = 1 and passes Miller-Rabin. If the walk would leave `bits` bits, draw a new start.
 * The candidates are tried in order and each test's answer alone decides, so the result is the
 * same as testing synchronously; only the waiting happens off the main thread.
 */
async function derivePrime(bits: number, rng: Rng, e: bigint): Promise<bigint> {
  const byteLength = Math.ceil(bits / 8);
  const topMask = (1n << BigInt(bits)) - 1n;
  const limit = 1n << BigInt(bits);
  for (;;) {
    let start = toBigInt(rng.bytes(byteLength)) & topMask;
    start |= 3n << BigInt(bits - 2);
    start |= 1n;
    const residues = SMALL_PRIMES.map((prime) => Number(start % BigInt(prime)));
    // 2^16 odd candidates: ~180 times the mean prime gap at 1024 bits; past that, a new draw.
    for (let delta = 0; delta < 1 << 17; delta += 2) {
      if (hasSmallFactor(residues, delta)) continue;
      const candidate = start + BigInt(delta);
      if (candidate >= limit) break;
      if ((candidate - 1n) % e === 0n) continue; // e is prime: gcd(e, p-1) = 1 iff e does not divide p-1
      if (await isProbablePrime(candidate)) return candidate;
    }
  }
}

/** `checkPrime` with {@link PRIME_CHECKS} rounds, in the thread pool. */
function isProbablePrime(candidate: bigint): Promise<boolean> {
  return new Promise((resolve, reject) => checkPrime(candidate, { checks: PRIME_CHECKS }, (error, prime) => (error ? reject(error) : resolve(prime))));
}

function hasSmallFactor(residues: number[], delta: number): boolean {
  for (let i = 0; i < residues.length; i++) {
    const prime = SMALL_PRIMES[i]!;
    if ((residues[i]! + delta) % prime === 0) return true;
  }
  return false;
}

function keyPairFromKeyObject(spec: KeySpec, privateKey: KeyObject): KeyPair {
  const pkcs8 = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }));
  const spki = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  return { spec, pkcs8, spki };
}

function oddPrimesBelow(limit: number): number[] {
  const composite = new Uint8Array(limit);
  const primes: number[] = [];
  for (let i = 3; i < limit; i += 2) {
    if (composite[i]) continue;
    primes.push(i);
    for (let j = i * i; j < limit; j += 2 * i) composite[j] = 1;
  }
  return primes;
}

function modInverse(a: bigint, modulus: bigint): bigint {
  // Extended Euclid; inputs here are always coprime.
  let [oldR, r] = [((a % modulus) + modulus) % modulus, modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return ((oldS % modulus) + modulus) % modulus;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

function bigintToBase64url(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Buffer.from(hex, 'hex').toString('base64url');
}

function leftPad(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length > length) throw new RangeError('value too long');
  const out = new Uint8Array(length);
  out.set(bytes, length - bytes.length);
  return out;
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
