/**
 * PBES2 password-based encryption (RFC 8018 6.2) with PBKDF2-HMAC-SHA256 and AES-256-CBC: the one
 * scheme certgen encrypts private keys with, inside PKCS#12 stores and in encrypted key files. It
 * is written here rather than by node:crypto's `KeyObject.export({cipher, passphrase})` because
 * that draws its salt and IV from OpenSSL's own random source: seeded sets need them from an Rng.
 *
 *   PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier {PBKDF2},
 *                               encryptionScheme AlgorithmIdentifier {aes256-CBC, IV OCTET STRING} }
 *   PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER,
 *                                keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }
 *
 * As OpenSSL 3.0 writes it: an 8-byte salt, a 16-byte IV, no keyLength, an explicit
 * hmacWithSHA256 PRF with NULL parameters.
 */
import { createCipheriv, pbkdf2Sync } from 'node:crypto';
import { nullValue, octetString, oid, seq, smallInteger } from '../der/write.js';
import type { Rng } from './types.js';

export const PBES2_OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;

const SALT_LENGTH = 8;
const AES_IV_LENGTH = 16;

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
export const algorithmIdentifier = (id: string, params?: Uint8Array): Uint8Array => (params ? seq(oid(id), params) : seq(oid(id)));

/** An encryption AlgorithmIdentifier (DER) and the ciphertext it describes. */
export interface Sealed {
  readonly algorithm: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** PBES2 takes the password's UTF-8 bytes (RFC 8018), unlike the PKCS#12 KDF's BMPString. */
export const pbkdf2Password = (password: string): Buffer => Buffer.from(password, 'utf8');

export function cipher(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const c = createCipheriv(name, key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

/** Encrypts `plain`; the salt, then the IV, are drawn from `rng` (so a seeded Rng gives the same bytes). */
export function sealPbes2(plain: Uint8Array, password: string, iterations: number, rng: Rng): Sealed {
  const salt = rng.bytes(SALT_LENGTH);
  const iv = rng.bytes(AES_IV_LENGTH);
  const key = pbkdf2Sync(pbkdf2Password(password), salt, iterations, 32, 'sha256');
  const kdfParams = seq(octetString(salt), smallInteger(iterations), algorithmIdentifier(PBES2_OID.hmacWithSha256, nullValue()));
  const params = seq(algorithmIdentifier(PBES2_OID.pbkdf2, kdfParams), algorithmIdentifier(PBES2_OID.aes256Cbc, octetString(iv)));
  return { algorithm: algorithmIdentifier(PBES2_OID.pbes2, params), ciphertext: cipher('aes-256-cbc', key, iv, plain) };
}

/** EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING } (RFC 5958 3) */
export const encryptedPrivateKeyInfo = (sealed: Sealed): Uint8Array => seq(sealed.algorithm, octetString(sealed.ciphertext));
