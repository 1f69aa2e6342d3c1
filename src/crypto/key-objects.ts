/**
 * node:crypto KeyObjects of key pairs, parsed once per pair: parsing a PKCS#8 or SPKI through
 * OpenSSL 3's decoders costs 0.1–0.4 ms, which signing or verifying a thousand certificates with one
 * issuer key must not pay each time. Only signing (issuer) keys ever get here, so leaves cost
 * nothing. Weak: the objects die with their KeyPair.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { KeyPair } from './types.js';

const privateObjects = new WeakMap<KeyPair, KeyObject>();
const publicObjects = new WeakMap<KeyPair, KeyObject>();

export function privateKeyObject(pair: KeyPair): KeyObject {
  let object = privateObjects.get(pair);
  if (!object) {
    object = createPrivateKey({ key: Buffer.from(pair.pkcs8), format: 'der', type: 'pkcs8' });
    privateObjects.set(pair, object);
  }
  return object;
}

export function publicKeyObject(pair: KeyPair): KeyObject {
  let object = publicObjects.get(pair);
  if (!object) {
    object = createPublicKey({ key: Buffer.from(pair.spki), format: 'der', type: 'spki' });
    publicObjects.set(pair, object);
  }
  return object;
}
