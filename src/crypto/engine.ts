/**
 * The crypto engine: key generation and signing over Node's built-in crypto (`node`, the default)
 * or @peculiar/webcrypto (`peculiar`, loaded only when asked for: importing it costs ~100 ms). Both
 * produce the same encodings: keys in node:crypto's DER (keys.ts) and signatures in X.509's form
 * (ECDSA as a DER Ecdsa-Sig-Value).
 *
 * The `node` engine calls node:crypto directly, not through its WebCrypto façade: the same OpenSSL
 * operations (RSA's in libuv's thread pool, so concurrent calls use every core), minus WebCrypto's
 * per-call algorithm normalisation and CryptoKey wrapping, and with no PKCS#8 re-import per key.
 *
 * Deterministic mode never uses a randomized operation: ECDSA signs with RFC 6979
 * (@noble/curves), RSA-PSS takes its salt from the Rng; PKCS#1 v1.5 and Ed25519 are deterministic
 * by construction, so they go through the engine in both modes.
 */
import { constants, privateEncrypt, sign as nodeSign, type KeyObject } from 'node:crypto';
import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';
import type { HashName, KeySpec, SignatureSpec } from '../values/types.js';
import { HASH_LENGTH, WEBCRYPTO_HASH, keyAlgorithmName } from './algorithms.js';
import { privateKeyObject } from './key-objects.js';
import { deriveKeyPair, noble, generateNodeKeyPair, generateRandomKeyPair, type CurveName } from './keys.js';
import type { Engine, KeyPair, Rng } from './types.js';
import { concat, seq, tlv } from '../der/write.js';
import { digestBytes } from './digest.js';

export type EngineName = 'node' | 'peculiar';

export async function createEngine(name: EngineName = 'node'): Promise<Engine> {
  if (name === 'node') return new NodeEngine();
  if (name === 'peculiar') {
    // Dynamic import: only builds that ask for this engine pay for loading it.
    const { Crypto } = await import('@peculiar/webcrypto');
    return new WebCryptoEngine('peculiar', new Crypto().subtle);
  }
  throw new Error(`unknown crypto engine "${String(name)}" (known: node, peculiar)`);
}

/** Node's own crypto: thread-pool key generation and signing with a KeyObject parsed once per key. */
class NodeEngine implements Engine {
  readonly name = 'node' as const;

  async generateKeyPair(spec: KeySpec, rng: Rng, deterministic: boolean): Promise<KeyPair> {
    return deterministic ? deriveKeyPair(spec, rng) : generateNodeKeyPair(spec);
  }

  async sign(key: KeyPair, signature: SignatureSpec, data: Uint8Array, rng: Rng, deterministic: boolean): Promise<Uint8Array> {
    const spec = key.spec;
    const hash = signature.hash;
    if (signature.pss && spec.type !== 'rsa') throw new Error(`RSA-PSS needs an RSA key, not ${keyAlgorithmName(spec)}`);
    if (deterministic && spec.type === 'ec') return rfc6979Sign(spec.curve, hash, ecPrivateScalar(key), data);
    if (deterministic && signature.pss) return pssSignDeterministic(key, hash, data, rng);
    const keyObject = privateKeyObject(key);
    // ECDSA and Ed25519 sign inline (tens of µs: less than a thread-pool round trip), RSA in the
    // thread pool (milliseconds a signature: concurrent signatures use every core).
    switch (spec.type) {
      case 'ec': // dsaEncoding 'der' (the default): the Ecdsa-Sig-Value X.509 wants.
        return bytesOf(nodeSign(hash, data, { key: keyObject, dsaEncoding: 'der' }));
      case 'ed25519': // no pre-hash (RFC 8410): `hash` does not apply.
        return bytesOf(nodeSign(null, data, keyObject));
      case 'rsa':
        return signature.pss
          ? signAsync(hash, data, { key: keyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[hash] })
          : signAsync(hash, data, { key: keyObject, padding: constants.RSA_PKCS1_PADDING });
    }
  }

  async digest(hash: HashName, data: Uint8Array): Promise<Uint8Array> {
    return digestBytes(hash, data);
  }
}

type SignKey = KeyObject | { key: KeyObject; dsaEncoding?: 'der'; padding?: number; saltLength?: number };

const bytesOf = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** node:crypto's `sign` with a callback: the work runs in libuv's thread pool. */
function signAsync(hash: HashName | null, data: Uint8Array, key: SignKey): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    nodeSign(hash, data, key, (error, signature) => (error ? reject(error) : resolve(bytesOf(signature))));
  });
}

/** Any other WebCrypto (`peculiar`): keys generated and signed through `subtle`. */
class WebCryptoEngine implements Engine {
  /**
   * Imported CryptoKeys per key pair and import algorithm. WebCrypto binds an RSA key to one hash
   * at import, so one pair may be imported several times. Promises are cached so that
   * concurrent signatures with one issuer key import it once. Weak: keys die with their KeyPair.
   */
  private readonly imported = new WeakMap<KeyPair, Map<string, Promise<CryptoKey>>>();

  constructor(
    readonly name: EngineName,
    private readonly subtle: SubtleCrypto,
  ) {}

  async generateKeyPair(spec: KeySpec, rng: Rng, deterministic: boolean): Promise<KeyPair> {
    return deterministic ? deriveKeyPair(spec, rng) : generateRandomKeyPair(spec, this.subtle);
  }

  async sign(key: KeyPair, signature: SignatureSpec, data: Uint8Array, rng: Rng, deterministic: boolean): Promise<Uint8Array> {
    const spec = key.spec;
    const hash = signature.hash;
    if (signature.pss && spec.type !== 'rsa') throw new Error(`RSA-PSS needs an RSA key, not ${keyAlgorithmName(spec)}`);
    const input = bufferSource(data);
    switch (spec.type) {
      case 'ec': {
        if (deterministic) return rfc6979Sign(spec.curve, hash, ecPrivateScalar(key), data);
        const cryptoKey = await this.importKey(key, { name: 'ECDSA', namedCurve: spec.curve });
        const raw = await this.subtle.sign({ name: 'ECDSA', hash: WEBCRYPTO_HASH[hash] }, cryptoKey, input);
        return ecdsaRawToDer(new Uint8Array(raw));
      }
      case 'ed25519': {
        // @peculiar/webcrypto 1.7.2 implements Ed25519 too (checked by the unit tests), so no
        // node:crypto fallback is needed here; `hash` does not apply (RFC 8410).
        const cryptoKey = await this.importKey(key, { name: 'Ed25519' });
        return new Uint8Array(await this.subtle.sign({ name: 'Ed25519' }, cryptoKey, input));
      }
      case 'rsa': {
        if (signature.pss) {
          if (deterministic) return pssSignDeterministic(key, hash, data, rng);
          const cryptoKey = await this.importKey(key, { name: 'RSA-PSS', hash: WEBCRYPTO_HASH[hash] });
          return new Uint8Array(await this.subtle.sign({ name: 'RSA-PSS', saltLength: HASH_LENGTH[hash] }, cryptoKey, input));
        }
        const cryptoKey = await this.importKey(key, { name: 'RSASSA-PKCS1-v1_5', hash: WEBCRYPTO_HASH[hash] });
        return new Uint8Array(await this.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, cryptoKey, input));
      }
    }
  }

  async digest(hash: HashName, data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(await this.subtle.digest(WEBCRYPTO_HASH[hash], bufferSource(data)));
  }

  private importKey(key: KeyPair, algorithm: Algorithm & Record<string, unknown>): Promise<CryptoKey> {
    let byAlgorithm = this.imported.get(key);
    if (!byAlgorithm) {
      byAlgorithm = new Map();
      this.imported.set(key, byAlgorithm);
    }
    const cacheKey = JSON.stringify(algorithm);
    let cryptoKey = byAlgorithm.get(cacheKey);
    if (!cryptoKey) {
      cryptoKey = this.subtle.importKey('pkcs8', bufferSource(key.pkcs8), algorithm, false, ['sign']);
      byAlgorithm.set(cacheKey, cryptoKey);
      cryptoKey.catch(() => byAlgorithm.delete(cacheKey)); // a failed import is not cached
    }
    return cryptoKey;
  }
}

// ---------------------------------------------------------------------------------------------
// ECDSA

const rfc6979Signers = new Map<string, Promise<ECDSA>>();

/**
 * RFC 6979 with H = the signature's hash, for the HMAC-DRBG that draws k as well as for the
 * message digest, as the RFC specifies (noble's ready-made curves would use the curve's default
 * hash for k: still deterministic, but not RFC 6979 for, say, P-256 with SHA-384). High-S values
 * are kept (no low-S normalisation): that is plain ECDSA, what OpenSSL produces, and what the
 * RFC's test vectors contain.
 */
export async function rfc6979Sign(curve: CurveName, hash: HashName, scalar: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const id = `${curve}/${hash}`;
  let signer = rfc6979Signers.get(id);
  if (!signer) {
    signer = makeRfc6979Signer(curve, hash);
    rfc6979Signers.set(id, signer);
  }
  return new Uint8Array((await signer).sign(data, scalar, { prehash: true, lowS: false, format: 'der', extraEntropy: false }));
}

/** Loaded lazily, like keys.ts's curves: random-mode builds never need noble. */
async function makeRfc6979Signer(curve: CurveName, hash: HashName): Promise<ECDSA> {
  const [{ curves }, { ecdsa }, { sha1 }, { sha256, sha384, sha512 }] = await Promise.all([
    noble(),
    import('@noble/curves/abstract/weierstrass.js'),
    import('@noble/hashes/legacy.js'),
    import('@noble/hashes/sha2.js'),
  ]);
  const hashes = { sha1, sha256, sha384, sha512 };
  return ecdsa(curves[curve].Point, hashes[hash], { lowS: false });
}

/** WebCrypto's r||s (each the order's length) to DER `SEQUENCE { INTEGER r, INTEGER s }`. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new Error('malformed ECDSA signature');
  const half = raw.length / 2;
  return seq(derInteger(raw.subarray(0, half)), derInteger(raw.subarray(half)));
}

/** Minimal INTEGER of an unsigned big-endian value: no leading zeros, one 0x00 if the top bit is set. */
function derInteger(unsigned: Uint8Array): Uint8Array {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const value = unsigned.subarray(start);
  return value[0]! & 0x80 ? tlv(0x02, Uint8Array.of(0), value) : tlv(0x02, value);
}

// ---------------------------------------------------------------------------------------------
// node:crypto views of a key pair (deterministic paths)

const ecScalars = new WeakMap<KeyPair, Uint8Array>();

function ecPrivateScalar(key: KeyPair): Uint8Array {
  let scalar = ecScalars.get(key);
  if (!scalar) {
    const d = privateKeyObject(key).export({ format: 'jwk' }).d;
    if (!d) throw new Error('not an EC private key');
    scalar = new Uint8Array(Buffer.from(d, 'base64url'));
    ecScalars.set(key, scalar);
  }
  return scalar;
}

// ---------------------------------------------------------------------------------------------
// RSA-PSS with a salt from the Rng

/**
 * RSASSA-PSS-SIGN (RFC 8017 8.1.1): EMSA-PSS-ENCODE (9.1.1) with MGF1 over the same hash and
 * salt length = hash length (the parameters algorithms.ts writes), then the raw RSA private
 * operation. WebCrypto cannot take a caller's salt, hence the hand-made encoding.
 */
function pssSignDeterministic(key: KeyPair, hash: HashName, data: Uint8Array, rng: Rng): Uint8Array {
  const keyObject = privateKeyObject(key);
  const modBits = keyObject.asymmetricKeyDetails?.modulusLength;
  if (!modBits) throw new Error('not an RSA private key');
  const salt = rng.bytes(HASH_LENGTH[hash]);
  const em = emsaPssEncode(hash, digestBytes(hash, data), salt, modBits - 1);
  const k = Math.ceil(modBits / 8);
  // RSA_NO_PADDING needs exactly k bytes: EM is one shorter when modBits = 1 (mod 8).
  const block = new Uint8Array(k);
  block.set(em, k - em.length);
  return new Uint8Array(privateEncrypt({ key: keyObject, padding: constants.RSA_NO_PADDING }, block));
}

/** EMSA-PSS-ENCODE (RFC 8017 9.1.1) with MGF1 (B.2.1) over `hash`. */
export function emsaPssEncode(hash: HashName, mHash: Uint8Array, salt: Uint8Array, emBits: number): Uint8Array {
  const hLen = HASH_LENGTH[hash];
  const emLen = Math.ceil(emBits / 8);
  if (emLen < hLen + salt.length + 2) throw new Error('encoding error: key too small for this hash and salt');
  const mPrime = concat([new Uint8Array(8), mHash, salt]);
  const h = digestBytes(hash, mPrime);
  const db = new Uint8Array(emLen - hLen - 1); // PS || 0x01 || salt
  db[db.length - salt.length - 1] = 0x01;
  db.set(salt, db.length - salt.length);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return concat([db, h, Uint8Array.of(0xbc)]);
}

function mgf1(hash: HashName, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  for (let i = 0, offset = 0; offset < length; i++, offset += HASH_LENGTH[hash]) {
    new DataView(counter.buffer).setUint32(0, i);
    const block = digestBytes(hash, concat([seed, counter]));
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
  }
  return out;
}


// ---------------------------------------------------------------------------------------------

/** WebCrypto's typings want ArrayBuffer-backed views; copy only when the buffer is shared. */
function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

