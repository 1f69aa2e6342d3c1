/**
 * PKCS#12 keystores and truststores (RFC 7292): reading them back for `certgen inspect`, and the
 * writer's API, which lives in pkcs12-write.ts (re-exported here) so that building a set never
 * loads pkijs. The reader parses with pkijs and accepts what OpenSSL and Java write besides our
 * own choices (SHA-384/512 MACs, other PBKDF2 PRFs, AES-128/192); ciphers, PBKDF2 and HMAC come
 * from node:crypto, the PKCS#12 KDF from ./pkcs12-kdf.ts.
 */
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, AuthenticatedSafe, CertBag, ContentInfo, EncryptedData, MacData, PBES2Params, PBKDF2Params, PFX, PKCS8ShroudedKeyBag, SafeBag, SafeContents } from 'pkijs';
import { CertgenError } from '../errors.js';
import { MAX_ITERATIONS, type Pkcs12KdfHash } from './pkcs12-kdf.js';
import { PKCS12_LEGACY as LEGACY, PKCS12_OID as OID, legacyKeyAndIv, pkcs12Hmac as hmac } from './pkcs12-write.js';
import { pbkdf2Password } from '../crypto/pbes2.js';
import { HASH_OIDS, HMAC_OIDS } from '../values/oids.js';

export { encodePkcs12, type Pkcs12KeyEntry, type Pkcs12Options, type Pkcs12TrustedEntry } from './pkcs12-write.js';

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

/** What the reader accepts beyond what the writer uses: the other choices of OpenSSL and Java. */
const byOid = (oids: Record<Pkcs12KdfHash, string>): Record<string, Pkcs12KdfHash> =>
  Object.fromEntries(Object.entries(oids).map(([hash, oid]) => [oid, hash as Pkcs12KdfHash]));
const MAC_HASHES = byOid(HASH_OIDS);
const PBKDF2_PRFS = byOid(HMAC_OIDS);
const AES_CBC: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  [OID.aes256Cbc]: { cipher: 'aes-256-cbc', keyLength: 32 },
};

const WRONG_PASSWORD = 'wrong password or corrupt MAC';

function decipher(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const c = createDecipheriv(name, key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

/** A parsed encryption AlgorithmIdentifier: its name for `inspect` and how to undo it. */
interface Opener {
  description: string;
  /** The key derivation's iteration count. */
  iterations: number;
  open(ciphertext: Uint8Array, password: string): Uint8Array;
}

function pbes2Opener(algorithm: AlgorithmIdentifier): Opener {
  const params = new PBES2Params({ schema: algorithm.algorithmParams });
  const { keyDerivationFunc: kdf, encryptionScheme: scheme } = params;
  if (kdf.algorithmId !== OID.pbkdf2) throw unsupported(`PBES2 key derivation ${kdf.algorithmId}`);
  const kdfParams = new PBKDF2Params({ schema: kdf.algorithmParams });
  const prfOid = kdfParams.prf?.algorithmId ?? HMAC_OIDS.sha1; // the DEFAULT
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
    iterations: kdfParams.iterationCount,
    open: (ciphertext, password) => {
      const key = pbkdf2Sync(pbkdf2Password(password), salt.valueBlock.valueHexView, iterationCount(kdfParams.iterationCount), aes.keyLength, prf);
      return decipher(aes.cipher, key, iv, ciphertext);
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
    iterations: iterations.valueBlock.valueDec,
    open: (ciphertext, password) => {
      const { key, iv } = legacyKeyAndIv(password, salt.valueBlock.valueHexView, iterationCount(iterations.valueBlock.valueDec));
      return decipher(LEGACY.cipher, key, iv, ciphertext);
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

/**
 * How an EncryptedPrivateKeyInfo (an encrypted key file, RFC 5958 3) is encrypted, read without
 * its password: the scheme's name, as `inspect` shows a store's, and the KDF's iteration count.
 */
export function privateKeyEncryption(der: Uint8Array): { algorithm: string; iterations: number } {
  const info = parse('EncryptedPrivateKeyInfo', () => new PKCS8ShroudedKeyBag({ schema: asn1js.fromBER(der.slice().buffer).result }));
  const { description, iterations } = opener(info.encryptionAlgorithm);
  return { algorithm: description, iterations };
}

/** Decrypts; a padding failure means the password is wrong (or, without a MAC, the file is bad). */
function openWith(opened: Opener, ciphertext: Uint8Array, password: string): Uint8Array {
  try {
    return opened.open(ciphertext, password);
  } catch (error) {
    throw new CertgenError(WRONG_PASSWORD, {}, { cause: error });
  }
}

/** Checks the MAC and returns its name for `inspect`. */
function verifyMac(mac: MacData, authSafeDer: Uint8Array, password: string): string {
  const hash = MAC_HASHES[mac.mac.digestAlgorithm.algorithmId];
  if (hash === undefined) throw unsupported(`MAC algorithm ${mac.mac.digestAlgorithm.algorithmId}`);
  const expected = hmac(hash, password, mac.macSalt.valueBlock.valueHexView, iterationCount(mac.iterations ?? 1), authSafeDer);
  if (!expected.equals(mac.mac.digest.valueBlock.valueHexView)) throw new CertgenError(WRONG_PASSWORD);
  return `HMAC-${hash.toUpperCase()}`;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

// ---------------------------------------------------------------------------------------------
// Reading (for `certgen inspect`)
// ---------------------------------------------------------------------------------------------

type Entry = Pkcs12Contents['entries'][number];

/** A file's iteration count, bounded as the writer's is: a damaged count must not run for hours. */
function iterationCount(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_ITERATIONS) throw unsupported(`${n} iterations (certgen reads 1 to ${MAX_ITERATIONS})`);
  return n;
}

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
