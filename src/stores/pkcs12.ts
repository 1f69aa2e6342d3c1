/**
 * PKCS#12 keystores and truststores (RFC 7292) that OpenSSL 3, Java 17 (keytool), GnuTLS, Node and
 * Python `cryptography` all open (SPEC: Store fields; PITFALLS: PKCS#12).
 *
 * The layout copies `openssl pkcs12 -export`, the file every reader has been tested against: one
 * EncryptedData holding all certificate bags, then one Data holding the shrouded key bags, then an
 * HMAC over the AuthenticatedSafe. pkijs models the structures; its own PKCS#12 encryption is not
 * used (async, PBES2-only, and it writes BER with split OCTET STRINGs): ciphers, PBKDF2 and HMAC
 * come from node:crypto, the PKCS#12 KDF from ./pkcs12-kdf.ts, and every structure is built so
 * that asn1js writes it in DER (definite lengths, primitive OCTET STRINGs, sorted SET OF).
 *
 * Defaults, as OpenSSL 3.0 writes them: 8-byte salts (PBKDF2, PKCS#12 PBE and MAC), a 16-byte
 * AES IV, PBKDF2 without the optional keyLength and with an explicit hmacWithSHA256 PRF (NULL
 * parameters). Every salt and IV comes from `options.rng`, in the order the bytes are written, so
 * a seeded Rng gives byte-identical files.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  AlgorithmIdentifier,
  Attribute,
  AuthenticatedSafe,
  CertBag,
  ContentInfo,
  DigestInfo,
  EncryptedContentInfo,
  EncryptedData,
  MacData,
  PBES2Params,
  PBKDF2Params,
  PFX,
  PKCS8ShroudedKeyBag,
  SafeBag,
  SafeContents,
} from 'pkijs';
import type { Rng } from '../crypto/types.js';
import { CertgenError } from '../errors.js';
import { KDF_ID, bmpPassword, pkcs12Kdf, type Pkcs12KdfHash } from './pkcs12-kdf.js';

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

export interface Pkcs12Contents {
  macAlgorithm: string;
  entries: Array<{
    kind: 'key' | 'trusted' | 'cert';
    alias: string | null;
    /** Lowercase hex. */
    localKeyId: string | null;
    certDer?: Uint8Array;
    encryption: string;
  }>;
}

const OID = {
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
  anyExtendedKeyUsage: '2.5.29.37.0',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeWithSha1And3DesCbc: '1.2.840.113549.1.12.1.3',
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** What the reader accepts beyond what the writer uses: the other choices of OpenSSL and Java. */
const MAC_HASHES: Record<string, Pkcs12KdfHash> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const PBKDF2_PRFS: Record<string, Pkcs12KdfHash> = {
  [OID.hmacWithSha1]: 'sha1',
  [OID.hmacWithSha256]: 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const AES_CBC: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  [OID.aes256Cbc]: { cipher: 'aes-256-cbc', keyLength: 32 },
};

const DIGEST_LENGTH: Record<Pkcs12KdfHash, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };
const SALT_LENGTH = 8;
const AES_IV_LENGTH = 16;
const LEGACY = { hash: 'sha1', cipher: 'des-ede3-cbc', keyLength: 24, ivLength: 8 } as const;
const WRONG_PASSWORD = 'wrong password or corrupt MAC';

// ---------------------------------------------------------------------------------------------
// Password-based encryption
//
// PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier {PBKDF2},
//                             encryptionScheme AlgorithmIdentifier {aes256-CBC, IV OCTET STRING} }
// PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER,
//                              keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }
// pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }   -- the 3DES PBE
// ---------------------------------------------------------------------------------------------

interface Sealed {
  algorithm: AlgorithmIdentifier;
  ciphertext: Uint8Array;
}

/** PBES2 takes the password's UTF-8 bytes (RFC 8018), unlike the PKCS#12 KDF's BMPString. */
const pbkdf2Password = (password: string): Buffer => Buffer.from(password, 'utf8');

function cipher(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array {
  const c = encrypt ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

function legacyKeyAndIv(password: string, salt: Uint8Array, iterations: number): { key: Uint8Array; iv: Uint8Array } {
  const bmp = bmpPassword(password);
  return {
    key: pkcs12Kdf(LEGACY.hash, KDF_ID.key, bmp, salt, iterations, LEGACY.keyLength),
    iv: pkcs12Kdf(LEGACY.hash, KDF_ID.iv, bmp, salt, iterations, LEGACY.ivLength),
  };
}

function sealPbes2(plain: Uint8Array, options: Pkcs12Options): Sealed {
  const salt = options.rng.bytes(SALT_LENGTH);
  const iv = options.rng.bytes(AES_IV_LENGTH);
  const key = pbkdf2Sync(pbkdf2Password(options.password), salt, options.iterations, 32, 'sha256');
  const kdfParams = new PBKDF2Params({
    salt: new asn1js.OctetString({ valueHex: salt }),
    iterationCount: options.iterations,
    prf: new AlgorithmIdentifier({ algorithmId: OID.hmacWithSha256, algorithmParams: new asn1js.Null() }),
  });
  const params = new PBES2Params({
    keyDerivationFunc: new AlgorithmIdentifier({ algorithmId: OID.pbkdf2, algorithmParams: kdfParams.toSchema() }),
    encryptionScheme: new AlgorithmIdentifier({ algorithmId: OID.aes256Cbc, algorithmParams: new asn1js.OctetString({ valueHex: iv }) }),
  });
  return {
    algorithm: new AlgorithmIdentifier({ algorithmId: OID.pbes2, algorithmParams: params.toSchema() }),
    ciphertext: cipher('aes-256-cbc', key, iv, plain, true),
  };
}

function sealLegacy(plain: Uint8Array, options: Pkcs12Options): Sealed {
  const salt = options.rng.bytes(SALT_LENGTH);
  const { key, iv } = legacyKeyAndIv(options.password, salt, options.iterations);
  const params = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: salt }), new asn1js.Integer({ value: options.iterations })],
  });
  return {
    algorithm: new AlgorithmIdentifier({ algorithmId: OID.pbeWithSha1And3DesCbc, algorithmParams: params }),
    ciphertext: cipher(LEGACY.cipher, key, iv, plain, true),
  };
}

const seal = (plain: Uint8Array, options: Pkcs12Options): Sealed =>
  options.encryption === 'aes256' ? sealPbes2(plain, options) : sealLegacy(plain, options);

/** A parsed encryption AlgorithmIdentifier: its name for `inspect` and how to undo it. */
interface Opener {
  description: string;
  open(ciphertext: Uint8Array, password: string): Uint8Array;
}

function pbes2Opener(algorithm: AlgorithmIdentifier): Opener {
  const params = new PBES2Params({ schema: algorithm.algorithmParams });
  const { keyDerivationFunc: kdf, encryptionScheme: scheme } = params;
  if (kdf.algorithmId !== OID.pbkdf2) throw unsupported(`PBES2 key derivation ${kdf.algorithmId}`);
  const kdfParams = new PBKDF2Params({ schema: kdf.algorithmParams });
  const prfOid = kdfParams.prf?.algorithmId ?? OID.hmacWithSha1; // the DEFAULT
  const prf = PBKDF2_PRFS[prfOid];
  const aes = AES_CBC[scheme.algorithmId];
  const { salt } = kdfParams;
  if (prf === undefined || aes === undefined) throw unsupported(`PBES2 with PRF ${prfOid} and cipher ${scheme.algorithmId}`);
  if (!(salt instanceof asn1js.OctetString) || !(scheme.algorithmParams instanceof asn1js.OctetString)) {
    throw unsupported('malformed PBES2 parameters');
  }
  const iv = scheme.algorithmParams.valueBlock.valueHexView;
  return {
    description: `PBES2 PBKDF2-HMAC-${prf.toUpperCase()} ${aes.cipher.toUpperCase()}`,
    open: (ciphertext, password) => {
      const key = pbkdf2Sync(pbkdf2Password(password), salt.valueBlock.valueHexView, kdfParams.iterationCount, aes.keyLength, prf);
      return cipher(aes.cipher, key, iv, ciphertext, false);
    },
  };
}

function legacyOpener(algorithm: AlgorithmIdentifier): Opener {
  const params: unknown = algorithm.algorithmParams;
  const [salt, iterations] = params instanceof asn1js.Sequence ? params.valueBlock.value : [];
  if (!(salt instanceof asn1js.OctetString) || !(iterations instanceof asn1js.Integer)) {
    throw unsupported('malformed pbeWithSHAAnd3-KeyTripleDES-CBC parameters');
  }
  return {
    description: 'pbeWithSHAAnd3-KeyTripleDES-CBC',
    open: (ciphertext, password) => {
      const { key, iv } = legacyKeyAndIv(password, salt.valueBlock.valueHexView, iterations.valueBlock.valueDec);
      return cipher(LEGACY.cipher, key, iv, ciphertext, false);
    },
  };
}

function opener(algorithm: AlgorithmIdentifier): Opener {
  return parse('encryption parameters', () => {
    if (algorithm.algorithmId === OID.pbes2) return pbes2Opener(algorithm);
    if (algorithm.algorithmId === OID.pbeWithSha1And3DesCbc) return legacyOpener(algorithm);
    throw unsupported(`encryption ${algorithm.algorithmId} (RC2 and other legacy schemes are not read)`);
  });
}

/** Decrypts; a padding failure means the password is wrong (or, without a MAC, the file is bad). */
function openWith(opened: Opener, ciphertext: Uint8Array, password: string): Uint8Array {
  try {
    return opened.open(ciphertext, password);
  } catch (error) {
    throw new CertgenError(WRONG_PASSWORD, {}, { cause: error });
  }
}

// ---------------------------------------------------------------------------------------------
// MAC
//
// MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
// DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }
// The MAC key comes from the PKCS#12 KDF (ID 3) with the MAC's own hash; the HMAC covers the DER
// of the AuthenticatedSafe, i.e. the contents of the authSafe's OCTET STRING.
// ---------------------------------------------------------------------------------------------

function hmac(hash: Pkcs12KdfHash, password: string, salt: Uint8Array, iterations: number, data: Uint8Array): Buffer {
  const key = pkcs12Kdf(hash, KDF_ID.mac, bmpPassword(password), salt, iterations, DIGEST_LENGTH[hash]);
  return createHmac(hash, key).update(data).digest();
}

function macData(authSafeDer: Uint8Array, options: Pkcs12Options): MacData {
  const hash = options.encryption === 'aes256' ? 'sha256' : 'sha1';
  const salt = options.rng.bytes(SALT_LENGTH);
  const digest = hmac(hash, options.password, salt, options.iterations, authSafeDer);
  return new MacData({
    mac: new DigestInfo({
      digestAlgorithm: new AlgorithmIdentifier({ algorithmId: OID[hash], algorithmParams: new asn1js.Null() }),
      digest: new asn1js.OctetString({ valueHex: digest }),
    }),
    macSalt: new asn1js.OctetString({ valueHex: salt }),
    iterations: options.iterations,
  });
}

/** Checks the MAC and returns its name for `inspect`. */
function verifyMac(mac: MacData, authSafeDer: Uint8Array, password: string): string {
  const hash = MAC_HASHES[mac.mac.digestAlgorithm.algorithmId];
  if (hash === undefined) throw unsupported(`MAC algorithm ${mac.mac.digestAlgorithm.algorithmId}`);
  const expected = hmac(hash, password, mac.macSalt.valueBlock.valueHexView, mac.iterations ?? 1, authSafeDer);
  if (!expected.equals(mac.mac.digest.valueBlock.valueHexView)) throw new CertgenError(WRONG_PASSWORD);
  return `HMAC-${hash.toUpperCase()}`;
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

const toDer = (schema: asn1js.AsnType): Uint8Array => new Uint8Array(schema.toBER(false));

/** DER orders a SET OF by the encodings of its members. */
function sortedForSet(attributes: Attribute[]): Attribute[] {
  const encoded = attributes.map((a) => ({ a, bytes: Buffer.from(toDer(a.toSchema())) }));
  return encoded.sort((x, y) => Buffer.compare(x.bytes, y.bytes)).map((e) => e.a);
}

const friendlyName = (alias: string): Attribute =>
  new Attribute({ type: OID.friendlyName, values: [new asn1js.BmpString({ value: alias })] });

/** Key bag and leaf certificate share it: how readers pair a key with its certificate. */
const localKeyId = (leafDer: Uint8Array): Attribute =>
  new Attribute({
    type: OID.localKeyId,
    values: [new asn1js.OctetString({ valueHex: createHash('sha1').update(leafDer).digest() })],
  });

/** Exactly what keytool writes on a trusted certificate: a SET holding anyExtendedKeyUsage. */
const trustedMarker = (): Attribute =>
  new Attribute({ type: OID.oracleTrustedKeyUsage, values: [new asn1js.ObjectIdentifier({ value: OID.anyExtendedKeyUsage })] });

function certBag(certDer: Uint8Array, attributes: Attribute[]): SafeBag {
  const value = new CertBag({ certId: OID.x509Certificate, certValue: new asn1js.OctetString({ valueHex: certDer }) });
  return new SafeBag({
    bagId: OID.certBag,
    bagValue: value,
    ...(attributes.length > 0 ? { bagAttributes: sortedForSet(attributes) } : {}),
  });
}

function shroudedKeyBag(entry: Pkcs12KeyEntry, options: Pkcs12Options): SafeBag {
  const { algorithm, ciphertext } = seal(entry.pkcs8, options);
  const value = new PKCS8ShroudedKeyBag({
    encryptionAlgorithm: algorithm,
    encryptedData: new asn1js.OctetString({ valueHex: ciphertext }),
  });
  return new SafeBag({
    bagId: OID.pkcs8ShroudedKeyBag,
    bagValue: value,
    bagAttributes: sortedForSet([friendlyName(entry.alias), localKeyId(entry.chain[0]!)]),
  });
}

/**
 * Every certificate bag, in order: each key entry's leaf (with friendlyName and localKeyId) and
 * the issuers not yet written (bare: Java rebuilds chains from them and lists no entry for them),
 * then the trusted entries (friendlyName and the Oracle marker, never on a key entry's certs). A
 * trusted certificate that is also in a chain is written twice, once bare, as keytool does.
 */
function certBags(keys: readonly Pkcs12KeyEntry[], trusted: readonly Pkcs12TrustedEntry[]): SafeBag[] {
  const written = new Set(keys.map((k) => hex(k.chain[0]!)));
  const bags: SafeBag[] = [];
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
// AuthenticatedSafe ::= SEQUENCE OF ContentInfo   -- each Data or EncryptedData holding SafeContents
// SafeContents ::= SEQUENCE OF SafeBag
// EncryptedData ::= SEQUENCE { version INTEGER (0), encryptedContentInfo EncryptedContentInfo }
// EncryptedContentInfo ::= SEQUENCE { contentType OID {data},
//   contentEncryptionAlgorithm AlgorithmIdentifier, encryptedContent [0] IMPLICIT OCTET STRING }
// ---------------------------------------------------------------------------------------------

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const dataContent = (bytes: Uint8Array): ContentInfo =>
  new ContentInfo({ contentType: OID.data, content: new asn1js.OctetString({ valueHex: bytes }) });

function encryptedContent(bytes: Uint8Array, options: Pkcs12Options): ContentInfo {
  const { algorithm, ciphertext } = seal(bytes, options);
  const info = new EncryptedContentInfo({
    contentType: OID.data,
    contentEncryptionAlgorithm: algorithm,
    encryptedContent: new asn1js.OctetString({ valueHex: ciphertext }),
    disableSplit: true, // pkijs would otherwise write 1024-byte chunks in an indefinite-length string
  });
  return new ContentInfo({ contentType: OID.encryptedData, content: new EncryptedData({ version: 0, encryptedContentInfo: info }).toSchema() });
}

function safeContents(bags: SafeBag[]): Uint8Array {
  return toDer(new SafeContents({ safeBags: bags }).toSchema());
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
  if (!Number.isSafeInteger(options.iterations) || options.iterations < 1) {
    throw new CertgenError(`PKCS#12 iterations must be a positive integer, not ${options.iterations}`);
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
  const contents = [encryptedContent(safeContents(certBags(keys, trusted)), options)];
  if (keys.length > 0) contents.push(dataContent(safeContents(keys.map((k) => shroudedKeyBag(k, options)))));
  const authSafeDer = toDer(new AuthenticatedSafe({ safeContents: contents }).toSchema());
  const pfx = new PFX({ version: 3, authSafe: dataContent(authSafeDer), macData: macData(authSafeDer, options) });
  return toDer(pfx.toSchema());
}

// ---------------------------------------------------------------------------------------------
// Reading (for `certgen inspect`)
// ---------------------------------------------------------------------------------------------

type Entry = Pkcs12Contents['entries'][number];

function unsupported(what: string): CertgenError {
  return new CertgenError(`unsupported PKCS#12: ${what}`);
}

/** The bytes of a Data content (BER may split them into a constructed OCTET STRING). */
function octets(content: unknown): Uint8Array {
  if (!(content instanceof asn1js.OctetString)) throw unsupported('a Data content that is not an OCTET STRING');
  return new Uint8Array(content.getValue());
}

/** pkijs's fromBER wants an ArrayBuffer-backed view; ours may sit on a SharedArrayBuffer-typed one. */
const ber = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => Uint8Array.from(bytes);

/** Runs a pkijs parse; its errors become CertgenErrors (ours pass through). */
function parse<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CertgenError) throw error;
    throw new CertgenError(`not a valid PKCS#12 file: cannot parse its ${what}`, {}, { cause: error });
  }
}

/** The SafeContents DER inside one ContentInfo of the AuthenticatedSafe, and how it was protected. */
function openContent(info: ContentInfo, password: string): { bytes: Uint8Array; encryption: string } {
  if (info.contentType === OID.data) return { bytes: octets(info.content), encryption: 'none' };
  if (info.contentType !== OID.encryptedData) throw unsupported(`content type ${info.contentType} (public-key privacy mode)`);
  const encrypted = parse('EncryptedData', () => new EncryptedData({ schema: info.content })).encryptedContentInfo;
  const opened = opener(encrypted.contentEncryptionAlgorithm);
  const ciphertext = new Uint8Array(encrypted.getEncryptedContent());
  return { bytes: openWith(opened, ciphertext, password), encryption: opened.description };
}

function attributeValue(bag: SafeBag, type: string): unknown {
  return bag.bagAttributes?.find((a) => a.type === type)?.values[0];
}

function describeBag(bag: SafeBag, contentEncryption: string): Entry | null {
  const name = attributeValue(bag, OID.friendlyName);
  const keyId = attributeValue(bag, OID.localKeyId);
  const common = {
    alias: name instanceof asn1js.BmpString ? name.valueBlock.value : null,
    localKeyId: keyId instanceof asn1js.OctetString ? hex(keyId.valueBlock.valueHexView) : null,
  };
  if (bag.bagValue instanceof PKCS8ShroudedKeyBag) {
    return { kind: 'key', ...common, encryption: opener(bag.bagValue.encryptionAlgorithm).description };
  }
  if (bag.bagId === OID.keyBag) return { kind: 'key', ...common, encryption: contentEncryption };
  if (bag.bagValue instanceof CertBag && bag.bagValue.certValue instanceof asn1js.OctetString) {
    const trusted = attributeValue(bag, OID.oracleTrustedKeyUsage) !== undefined;
    const certDer = new Uint8Array(bag.bagValue.certValue.valueBlock.valueHexView);
    return { kind: trusted ? 'trusted' : 'cert', ...common, certDer, encryption: contentEncryption };
  }
  return null; // CRL, secret and nested bags: nothing certgen writes or inspects
}

/** Reads a PKCS#12 after checking its MAC; a wrong password throws CertgenError. */
export async function decodePkcs12(der: Uint8Array, password: string): Promise<Pkcs12Contents> {
  const pfx = parse('PFX', () => PFX.fromBER(ber(der)));
  if (pfx.authSafe.contentType !== OID.data) throw unsupported('public-key integrity mode');
  const authSafeDer = octets(pfx.authSafe.content);
  const macAlgorithm = pfx.macData === undefined ? 'none' : verifyMac(pfx.macData, authSafeDer, password);
  const authSafe = parse('AuthenticatedSafe', () => AuthenticatedSafe.fromBER(ber(authSafeDer)));
  const entries: Entry[] = [];
  for (const info of authSafe.safeContents) {
    const { bytes, encryption } = openContent(info, password);
    for (const bag of parse('SafeContents', () => SafeContents.fromBER(ber(bytes))).safeBags) {
      const entry = describeBag(bag, encryption);
      if (entry !== null) entries.push(entry);
    }
  }
  return { macAlgorithm, entries };
}
