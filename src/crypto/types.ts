import type { HashName, KeySpec, SignatureSpec } from '../values/types.js';

/** A source of bytes. Only `crypto/random.ts` makes one; everything else receives it. */
export interface Rng {
  bytes(length: number): Uint8Array;
}

/**
 * Hands out one independent Rng per purpose label (e.g. `key:server`, `serial:server`,
 * `pkcs12:middle.p12`). Seeded: each stream is a deterministic function of (seed, label), so the
 * order in which certificates are built never changes the bytes. System: crypto.randomBytes.
 */
export interface RngFactory {
  readonly deterministic: boolean;
  forLabel(label: string): Rng;
}

/** A key pair in its canonical encodings (node:crypto's DER export: one encoder, stable bytes). */
export interface KeyPair {
  readonly spec: KeySpec;
  /** PKCS#8 PrivateKeyInfo DER. */
  readonly pkcs8: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
}

/** DER of an AlgorithmIdentifier plus its OID (for manifests and checks). */
export interface AlgorithmIdentifierDer {
  readonly oid: string;
  readonly der: Uint8Array;
}

/**
 * The crypto backend: Node's built-in WebCrypto (`node`) or @peculiar/webcrypto (`peculiar`).
 * Deterministic mode (an Rng that is `deterministic`) derives keys from the Rng and signs
 * deterministically whatever the engine.
 */
export interface Engine {
  readonly name: 'node' | 'peculiar';
  generateKeyPair(spec: KeySpec, rng: Rng, deterministic: boolean): Promise<KeyPair>;
  /**
   * Signs `data` with `key` as `signature` says; returns the BIT STRING contents of the
   * certificate's signatureValue (ECDSA as a DER Ecdsa-Sig-Value, not WebCrypto's r||s).
   * `rng` supplies the RSA-PSS salt in deterministic mode.
   */
  sign(key: KeyPair, signature: SignatureSpec, data: Uint8Array, rng: Rng, deterministic: boolean): Promise<Uint8Array>;
  digest(hash: HashName, data: Uint8Array): Promise<Uint8Array>;
}
