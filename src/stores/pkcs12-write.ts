/**
 * Writing PKCS#12 keystores and truststores (RFC 7292) that OpenSSL 3, Java 17 (keytool), GnuTLS,
 * Node and Python `cryptography` all open. Reading them
 * back (`certgen inspect`) is pkcs12.ts's job; that module re-exports this one.
 *
 * The layout copies `openssl pkcs12 -export`, the file every reader has been tested against: one
 * EncryptedData holding all certificate bags, then one Data holding the shrouded key bags, then an
 * HMAC over the AuthenticatedSafe. Every structure is written directly as DER with der/write.ts
 * (definite lengths, primitive OCTET STRINGs, sorted SET OF): building it as pkijs objects cost
 * ~25 ms of a cold `certgen build` and loading pkijs another ~25 ms, for bytes that are the same
 * (the store tests compare both writers byte for byte). Ciphers, PBKDF2 and HMAC come from
 * node:crypto, the PKCS#12 KDF from ./pkcs12-kdf.ts.
 *
 * Defaults, as OpenSSL 3.0 writes them: 8-byte salts (PBKDF2, PKCS#12 PBE and MAC), a 16-byte
 * AES IV, PBKDF2 without the optional keyLength and with an explicit hmacWithSHA256 PRF (NULL
 * parameters). Every salt and IV comes from `options.rng`, in the order the bytes are written, so
 * a seeded Rng gives byte-identical files.
 */
import { createHmac } from 'node:crypto';
import { digestBytes } from '../crypto/digest.js';
import { PBES2_OID, algorithmIdentifier, cipher, encryptedPrivateKeyInfo, sealPbes2, type Sealed } from '../crypto/pbes2.js';
import type { Rng } from '../crypto/types.js';
import { CertgenError } from '../errors.js';
import { explicit, nullValue, octetString, oid, seq, seqOf, set, smallInteger, tlv } from '../der/write.js';
import { EKU_OIDS, HASH_OIDS } from '../values/oids.js';
import { KDF_ID, MAX_ITERATIONS, bmpPassword, pkcs12Kdf, type Pkcs12KdfHash } from './pkcs12-kdf.js';

export interface Pkcs12KeyEntry {
  alias: string;
  /** PKCS#8 PrivateKeyInfo DER. */
  pkcs8: Uint8Array;
  /** Certificate DERs: the leaf first, then its issuers up to and including the root. */
  chain: Uint8Array[];
}

export interface Pkcs12TrustedEntry {
  alias: string;
  /** Certificate DER. */
  cert: Uint8Array;
}

export interface Pkcs12Options {
  password: string;
  encryption: 'aes256' | 'legacy';
  /** Used for every encryption and for the MAC. */
  iterations: number;
  /** The source of every salt and IV. */
  rng: Rng;
}

export const PKCS12_OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  /** Oracle's "trusted key usage": what makes Java list a certificate as a trustedCertEntry. */
  oracleTrustedKeyUsage: '2.16.840.1.113894.746875.1.1',
  ...PBES2_OID,
  pbeWithSha1And3DesCbc: '1.2.840.113549.1.12.1.3',
} as const;
const OID = PKCS12_OID;

export const PKCS12_DIGEST_LENGTH: Record<Pkcs12KdfHash, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };
const SALT_LENGTH = 8;
export const PKCS12_LEGACY = { hash: 'sha1', cipher: 'des-ede3-cbc', keyLength: 24, ivLength: 8 } as const;
const LEGACY = PKCS12_LEGACY;

// ---------------------------------------------------------------------------------------------
// Password-based encryption: PBES2 (crypto/pbes2.ts) or, for `legacy`, the 3DES PBE
//
// pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
// ---------------------------------------------------------------------------------------------

export function legacyKeyAndIv(password: string, salt: Uint8Array, iterations: number): { key: Uint8Array; iv: Uint8Array } {
  const bmp = bmpPassword(password);
  return {
    key: pkcs12Kdf(LEGACY.hash, KDF_ID.key, bmp, salt, iterations, LEGACY.keyLength),
    iv: pkcs12Kdf(LEGACY.hash, KDF_ID.iv, bmp, salt, iterations, LEGACY.ivLength),
  };
}

function sealLegacy(plain: Uint8Array, options: Pkcs12Options): Sealed {
  const salt = options.rng.bytes(SALT_LENGTH);
  const { key, iv } = legacyKeyAndIv(options.password, salt, options.iterations);
  return {
    algorithm: algorithmIdentifier(OID.pbeWithSha1And3DesCbc, seq(octetString(salt), smallInteger(options.iterations))),
    ciphertext: cipher(LEGACY.cipher, key, iv, plain),
  };
}

const seal = (plain: Uint8Array, options: Pkcs12Options): Sealed =>
  options.encryption === 'aes256' ? sealPbes2(plain, options.password, options.iterations, options.rng) : sealLegacy(plain, options);

// ---------------------------------------------------------------------------------------------
// MAC
//
// MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
// DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }
// The MAC key comes from the PKCS#12 KDF (ID 3) with the MAC's own hash; the HMAC covers the DER
// of the AuthenticatedSafe, i.e. the contents of the authSafe's OCTET STRING.
// ---------------------------------------------------------------------------------------------

export function pkcs12Hmac(hash: Pkcs12KdfHash, password: string, salt: Uint8Array, iterations: number, data: Uint8Array): Buffer {
  const key = pkcs12Kdf(hash, KDF_ID.mac, bmpPassword(password), salt, iterations, PKCS12_DIGEST_LENGTH[hash]);
  return createHmac(hash, key).update(data).digest();
}

function macData(authSafeDer: Uint8Array, options: Pkcs12Options): Uint8Array {
  const hash = options.encryption === 'aes256' ? 'sha256' : 'sha1';
  const salt = options.rng.bytes(SALT_LENGTH);
  const digest = pkcs12Hmac(hash, options.password, salt, options.iterations, authSafeDer);
  const digestInfo = seq(algorithmIdentifier(HASH_OIDS[hash], nullValue()), octetString(digest));
  return seq(digestInfo, octetString(salt), smallInteger(options.iterations));
}

// ---------------------------------------------------------------------------------------------
// Bags
//
// SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF PKCS12Attribute OPTIONAL }
// CertBag ::= SEQUENCE { certId OID {x509Certificate}, certValue [0] EXPLICIT OCTET STRING }
// PKCS8ShroudedKeyBag ::= EncryptedPrivateKeyInfo
//   ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }
// PKCS12Attribute ::= SEQUENCE { attrId OID, attrValues SET OF ANY }
// ---------------------------------------------------------------------------------------------

const attribute = (type: string, value: Uint8Array): Uint8Array => seq(oid(type), set(value));

/** DER orders a SET OF by the encodings of its members. */
const sortedForSet = (encoded: Uint8Array[]): Uint8Array[] => [...encoded].sort((x, y) => Buffer.compare(x, y));

/** BMPString: UTF-16BE code units (the friendlyName Java and OpenSSL show as the alias). */
function bmpString(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[i * 2] = unit >> 8;
    out[i * 2 + 1] = unit & 0xff;
  }
  return tlv(0x1e, out);
}

const friendlyName = (alias: string): Uint8Array => attribute(OID.friendlyName, bmpString(alias));

/** Key bag and leaf certificate share it: how readers pair a key with its certificate. */
const localKeyId = (leafDer: Uint8Array): Uint8Array => attribute(OID.localKeyId, octetString(digestBytes('sha1', leafDer)));

/** Exactly what keytool writes on a trusted certificate: a SET holding anyExtendedKeyUsage. */
const trustedMarker = (): Uint8Array => attribute(OID.oracleTrustedKeyUsage, oid(EKU_OIDS.any));

function safeBag(bagId: string, value: Uint8Array, attributes: Uint8Array[]): Uint8Array {
  return seq(oid(bagId), explicit(0, value), ...(attributes.length > 0 ? [set(...sortedForSet(attributes))] : []));
}

const certBag = (certDer: Uint8Array, attributes: Uint8Array[]): Uint8Array =>
  safeBag(OID.certBag, seq(oid(OID.x509Certificate), explicit(0, octetString(certDer))), attributes);

function shroudedKeyBag(entry: Pkcs12KeyEntry, options: Pkcs12Options): Uint8Array {
  return safeBag(OID.pkcs8ShroudedKeyBag, encryptedPrivateKeyInfo(seal(entry.pkcs8, options)), [friendlyName(entry.alias), localKeyId(entry.chain[0]!)]);
}

/**
 * Every certificate bag, in order: each key entry's leaf (with friendlyName and localKeyId) and
 * the issuers not yet written (bare: Java rebuilds chains from them and lists no entry for them),
 * then the trusted entries (friendlyName and the Oracle marker, never on a key entry's certs). A
 * trusted certificate that is also in a chain is written twice, once bare, as keytool does.
 */
function certBags(keys: readonly Pkcs12KeyEntry[], trusted: readonly Pkcs12TrustedEntry[]): Uint8Array[] {
  const written = new Set(keys.map((k) => hex(k.chain[0]!)));
  const bags: Uint8Array[] = [];
  for (const entry of keys) {
    const [leaf, ...issuers] = entry.chain;
    bags.push(certBag(leaf!, [friendlyName(entry.alias), localKeyId(leaf!)]));
    for (const issuer of issuers) {
      if (written.has(hex(issuer))) continue;
      written.add(hex(issuer));
      bags.push(certBag(issuer, []));
    }
  }
  for (const entry of trusted) bags.push(certBag(entry.cert, [friendlyName(entry.alias), trustedMarker()]));
  return bags;
}

// ---------------------------------------------------------------------------------------------
// PFX
//
// PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo {data}, macData MacData OPTIONAL }
// ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
// AuthenticatedSafe ::= SEQUENCE OF ContentInfo   -- each Data or EncryptedData holding SafeContents
// SafeContents ::= SEQUENCE OF SafeBag
// EncryptedData ::= SEQUENCE { version INTEGER (0), encryptedContentInfo EncryptedContentInfo }
// EncryptedContentInfo ::= SEQUENCE { contentType OID {data},
//   contentEncryptionAlgorithm AlgorithmIdentifier, encryptedContent [0] IMPLICIT OCTET STRING }
// ---------------------------------------------------------------------------------------------

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const dataContent = (bytes: Uint8Array): Uint8Array => seq(oid(OID.data), explicit(0, octetString(bytes)));

function encryptedContent(bytes: Uint8Array, options: Pkcs12Options): Uint8Array {
  const { algorithm, ciphertext } = seal(bytes, options);
  // One primitive [0]: never the 1024-byte chunks of an indefinite-length string (BER) pkijs defaults to.
  const info = seq(oid(OID.data), algorithm, tlv(0x80, ciphertext));
  return seq(oid(OID.encryptedData), explicit(0, seq(smallInteger(0), info)));
}

/**
 * Refuses what some reader would silently mishandle: a password that is empty or not printable
 * ASCII (Java), aliases equal but for case (Java merges them), two keys with one certificate
 * (their localKeyIds would collide).
 */
function checkOptions(keys: readonly Pkcs12KeyEntry[], trusted: readonly Pkcs12TrustedEntry[], options: Pkcs12Options): void {
  if (!/^[\x20-\x7e]+$/.test(options.password)) {
    throw new CertgenError('a PKCS#12 password must be non-empty printable ASCII (Java refuses others)');
  }
  if (!Number.isSafeInteger(options.iterations) || options.iterations < 1 || options.iterations > MAX_ITERATIONS) {
    throw new CertgenError(`PKCS#12 iterations must be an integer from 1 to ${MAX_ITERATIONS}, not ${options.iterations}`);
  }
  const aliases = [...keys, ...trusted].map((e) => e.alias.toLowerCase());
  const duplicate = aliases.find((a, i) => aliases.indexOf(a) !== i);
  if (duplicate !== undefined) throw new CertgenError(`duplicate alias "${duplicate}" (Java compares aliases case-insensitively)`);
  for (const entry of keys) {
    if (entry.chain.length === 0) throw new CertgenError(`key entry "${entry.alias}" has no certificate`);
  }
  const leaves = keys.map((k) => hex(k.chain[0]!));
  if (new Set(leaves).size !== leaves.length) throw new CertgenError('two key entries share one certificate');
}

/** Writes a PKCS#12 in DER: key entries in the given order (the first is the one Node and Python load). */
export async function encodePkcs12(
  keys: readonly Pkcs12KeyEntry[],
  trusted: readonly Pkcs12TrustedEntry[],
  options: Pkcs12Options,
): Promise<Uint8Array> {
  checkOptions(keys, trusted, options);
  const contents = [encryptedContent(seqOf(certBags(keys, trusted)), options)];
  if (keys.length > 0) contents.push(dataContent(seqOf(keys.map((k) => shroudedKeyBag(k, options)))));
  const authSafeDer = seq(...contents);
  return seq(smallInteger(3), dataContent(authSafeDer), macData(authSafeDer, options));
}
