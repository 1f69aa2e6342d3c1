/**
 * The only place certgen produces random bytes.
 *
 * - System mode: node:crypto's CSPRNG, one shared source for every label.
 * - Seeded mode: one HMAC-DRBG (NIST SP 800-90A Rev. 1, section 10.1.2, HMAC-SHA-256) per label,
 *   instantiated from (seed, label) only. Each stream is independent of the others and of the
 *   order in which labels are asked for, so the same template and seed give the same bytes on any
 *   machine, whatever order the build happens to run in.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Rng, RngFactory } from './types.js';
import { concat } from '../der/write.js';

/** HMAC-SHA-256 (node:crypto: native from the first call, and no @noble/hashes to load). */
const hmac = (key: Uint8Array, data: Uint8Array): Uint8Array => new Uint8Array(createHmac('sha256', key).update(data).digest());

/** SP 800-90A, table 2: at most 2^19 bits per Generate request; larger reads are split. */
const MAX_BYTES_PER_REQUEST = 1 << 16;
/** Domain tag of the seeded streams: changing how streams derive must change this tag. */
const SEED_DOMAIN = 'certgen.rng/v1';

/**
 * HMAC_DRBG with HMAC-SHA-256, no prediction resistance, no reseeding, no additional input.
 * A deterministic expansion of the instantiation inputs: exactly what seeded mode needs, and
 * checked against NIST's CAVP known-answer vectors in the unit tests.
 */
export class HmacDrbg {
  private key: Uint8Array = new Uint8Array(32); // Key = 0x00 00...00
  private v: Uint8Array = new Uint8Array(32).fill(0x01); // V = 0x01 01...01

  constructor(entropyInput: Uint8Array, nonce: Uint8Array, personalization: Uint8Array = new Uint8Array(0)) {
    // 10.1.2.3: seed_material = entropy_input || nonce || personalization_string.
    this.update(concat([entropyInput, nonce, personalization]));
  }

  /** 10.1.2.5 Generate, split into requests the standard allows. */
  generate(length: number): Uint8Array {
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`invalid length ${length}`);
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += MAX_BYTES_PER_REQUEST) {
      out.set(this.generateOnce(Math.min(MAX_BYTES_PER_REQUEST, length - offset)), offset);
    }
    return out;
  }

  private generateOnce(length: number): Uint8Array {
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      this.v = hmac(this.key, this.v);
      const take = Math.min(this.v.length, length - filled);
      out.set(this.v.subarray(0, take), filled);
      filled += take;
    }
    this.update(null);
    return out;
  }

  /** 10.1.2.2 HMAC_DRBG_Update. */
  private update(providedData: Uint8Array | null): void {
    this.key = hmac(this.key, concat([this.v, Uint8Array.of(0x00), providedData ?? new Uint8Array(0)]));
    this.v = hmac(this.key, this.v);
    if (providedData === null || providedData.length === 0) return;
    this.key = hmac(this.key, concat([this.v, Uint8Array.of(0x01), providedData]));
    this.v = hmac(this.key, this.v);
  }
}

/** Bytes drawn from the CSPRNG at once for small requests: a serial is 16 bytes, a call ~5 µs. */
const POOL_SIZE = 4096;

/**
 * Randomness from node:crypto; `deterministic` is false. Small requests are cut from a pool
 * filled by one CSPRNG call (as Node's own randomUUID does); every byte is handed out once.
 */
export function systemRngFactory(): RngFactory {
  let pool = new Uint8Array(0);
  let offset = 0;
  const rng: Rng = {
    bytes(length) {
      if (length > POOL_SIZE / 8) return new Uint8Array(randomBytes(length));
      if (offset + length > pool.length) {
        pool = new Uint8Array(randomBytes(POOL_SIZE));
        offset = 0;
      }
      offset += length;
      return pool.slice(offset - length, offset);
    },
  };
  return { deterministic: false, forLabel: () => rng };
}

/**
 * One HMAC-DRBG per label. The instantiation inputs are length-prefixed (a 4-byte big-endian
 * length before each UTF-8 field) so that no two (seed, label) pairs share seed material:
 * entropy_input = len‖seed, nonce = len‖"certgen.rng/v1", personalization = len‖label.
 * Asking twice for the same label restarts that stream (same bytes): callers ask once per purpose.
 */
export function seededRngFactory(seed: string): RngFactory {
  const entropy = lengthPrefixed(seed);
  const nonce = lengthPrefixed(SEED_DOMAIN);
  return {
    deterministic: true,
    forLabel(label: string): Rng {
      const drbg = new HmacDrbg(entropy, nonce, lengthPrefixed(label));
      return { bytes: (length) => drbg.generate(length) };
    },
  };
}

function lengthPrefixed(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}

