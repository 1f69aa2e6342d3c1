/**
 * What `certgen inspect` says about one certificate, key or CRL. Figures use pins.json's names and
 * formats (subjects as RFC 4514 strings, lowercase hex serials and fingerprints, base64 SPKI pin,
 * SAN entries as `DNS:x` / `IP:x`) so a user can compare the two; every figure is what OpenSSL
 * computes from the same bytes. node:crypto parses what it can (fingerprints, key details, issuer
 * checks); pkijs and asn1js give the rest (key usage bits, basic constraints, names as encoded).
 */
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CertgenError } from '../errors.js';
import { fingerprints, spkiPins, type Fingerprints } from '../pins/fingerprints.js';
import type { PinEntry } from '../pins/manifest.js';
import { serialHex } from '../values/hex.js';
import { isoSeconds } from '../values/time.js';
import { extKeyUsageName } from '../values/usage.js';
import { ipText } from '../values/san.js';
import { RENDER_KEYWORD, escapeAttributeValue } from '../values/subject.js';
import { ATTRIBUTE_OIDS, EXTENSION_OIDS, READ_ONLY_ATTRIBUTE_OIDS, SIGNATURE_OIDS } from '../values/oids.js';
import { ATTRIBUTE_NAMES } from '../values/types.js';
import { booleanValue, childItems, oidValue, singleItem, type DerItem } from '../der/read.js';
import { decodeBasicConstraints } from '../x509/extensions/basic-constraints.js';
import { decodeExtKeyUsage } from '../x509/extensions/ext-key-usage.js';
import { decodeKeyUsage } from '../x509/extensions/key-usage.js';
import { privateKeyEncryption } from '../stores/pkcs12.js';
import { escapeUnsafe, escapeUnsafeInName } from './safe-text.js';

/**
 * The figures pins.json also gives (same names and formats: `extKeyUsage` is `[]` where the
 * certificate has no EKU extension), the fingerprints among them; then what only inspect shows.
 */
export interface CertificateDescription
  extends Fingerprints,
    Pick<PinEntry, 'subject' | 'serialNumber' | 'notBefore' | 'notAfter' | 'keyAlgorithm' | 'extKeyUsage' | 'subjectAltNames'> {
  /** The issuer's subject (RFC 4514), where pins.json's `issuer` is the issuing certificate's name. */
  readonly issuer: string;
  /** Subject equals issuer and the certificate verifies with its own key. */
  readonly selfSigned: boolean;
  readonly signatureAlgorithm: string;
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength: number | null; readonly critical: boolean } | null;
  readonly keyUsage: { readonly usages: readonly string[]; readonly critical: boolean } | null;
}

export interface KeyDescription {
  readonly kind: 'private' | 'public';
  /** PKCS#8, SEC1 (`EC PRIVATE KEY`), PKCS#1 (`RSA PRIVATE KEY`), SPKI (`PUBLIC KEY`). */
  readonly encoding: string;
  readonly encrypted: boolean;
  /** How an encrypted key is encrypted (read without the password); null when not encrypted or not recognised. */
  readonly encryption: { readonly algorithm: string; readonly iterations: number } | null;
  /** null for an encrypted key read without its password. */
  readonly keyAlgorithm: string | null;
  readonly spkiSha256: string | null;
  readonly spkiSha256Hex: string | null;
}

export interface CrlDescription {
  readonly issuer: string;
  readonly thisUpdate: string;
  readonly nextUpdate: string | null;
  readonly signatureAlgorithm: string;
  readonly revoked: readonly { readonly serialNumber: string; readonly date: string }[];
}

export const SIGNATURE_NAMES: Record<string, string> = {
  [SIGNATURE_OIDS.ecdsaWithSHA1]: 'ecdsa-with-SHA1',
  [SIGNATURE_OIDS.ecdsaWithSHA256]: 'ecdsa-with-SHA256',
  [SIGNATURE_OIDS.ecdsaWithSHA384]: 'ecdsa-with-SHA384',
  [SIGNATURE_OIDS.ecdsaWithSHA512]: 'ecdsa-with-SHA512',
  [SIGNATURE_OIDS.md5WithRSAEncryption]: 'md5WithRSAEncryption',
  [SIGNATURE_OIDS.sha1WithRSAEncryption]: 'sha1WithRSAEncryption',
  [SIGNATURE_OIDS.rsassaPss]: 'rsassaPss',
  [SIGNATURE_OIDS.sha256WithRSAEncryption]: 'sha256WithRSAEncryption',
  [SIGNATURE_OIDS.sha384WithRSAEncryption]: 'sha384WithRSAEncryption',
  [SIGNATURE_OIDS.sha512WithRSAEncryption]: 'sha512WithRSAEncryption',
  [SIGNATURE_OIDS.ed25519]: 'ED25519',
  [SIGNATURE_OIDS.ed448]: 'ED448',
};

/** RFC 4514 keywords as OpenSSL's `-nameopt RFC2253` prints them; others are written as dotted OIDs. */
const NAME_KEYWORDS: Record<string, string> = {
  ...Object.fromEntries(ATTRIBUTE_NAMES.map((a) => [ATTRIBUTE_OIDS[a], RENDER_KEYWORD[a]])),
  ...Object.fromEntries(Object.entries(READ_ONLY_ATTRIBUTE_OIDS).map(([keyword, oid]) => [oid, keyword])),
};

const CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
/** pkijs wants an ArrayBuffer-backed view. */
const owned = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => Uint8Array.from(bytes);

/** pins.json's keyAlgorithm (`ECDSA P-256`, `RSA 2048`, `Ed25519`), extended to what Node can load. */
export function keyAlgorithmOf(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec':
      return `ECDSA ${CURVES[details.namedCurve ?? ''] ?? details.namedCurve ?? 'unknown curve'}`;
    case 'rsa':
      return `RSA ${details.modulusLength}`;
    case 'rsa-pss':
      return `RSA-PSS ${details.modulusLength}`;
    case 'dsa':
      return `DSA ${details.modulusLength}`;
    case 'ed25519':
      return 'Ed25519';
    case 'ed448':
      return 'Ed448';
    default:
      return String(key.asymmetricKeyType);
  }
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** ASN.1 character strings by tag, decoded as asn1js does (one character per octet where not UTF-8/16/32). */
const STRING_DECODERS: Record<number, (bytes: Uint8Array) => string> = {
  0x0c: (b) => new TextDecoder().decode(b), // UTF8String
  0x12: latin1, // NumericString
  0x13: latin1, // PrintableString
  0x14: latin1, // TeletexString
  0x15: latin1, // VideotexString
  0x16: latin1, // IA5String
  0x19: latin1, // GraphicString
  0x1a: latin1, // VisibleString
  0x1b: latin1, // GeneralString
  0x1d: latin1, // CHARACTER STRING
  0x1c: (b) => String.fromCodePoint(...Array.from({ length: b.length >> 2 }, (_, i) => new DataView(b.buffer, b.byteOffset).getUint32(i * 4) % 0x110000)), // UniversalString
  0x1e: (b) => new TextDecoder('utf-16be').decode(b), // BMPString
};

function attributeValue(value: DerItem): string {
  const decode = STRING_DECODERS[value.tag];
  return decode !== undefined ? escapeUnsafeInName(escapeAttributeValue(decode(value.contents))) : `#${hex(value.encoded)}`; // RFC 4514 2.4: not a string: hex of the BER
}

/**
 * A Name (SEQUENCE OF RDN) as an RFC 4514 string: most specific RDN first, `+` inside a
 * multi-valued RDN. Read from the encoded bytes with the DER reader (which keeps RDNs apart).
 */
export function renderName(nameDer: Uint8Array): string {
  const name = singleItem(nameDer);
  if (name.tag !== 0x30) throw new Error('malformed Name');
  const rdns = childItems(name).map((rdn) => {
    if (rdn.tag !== 0x31) throw new Error('malformed RDN');
    return childItems(rdn)
      .map((atv) => {
        const [type, value] = atv.tag === 0x30 ? childItems(atv) : [];
        const oid = type ? oidValue(type) : null;
        if (oid === null || value === undefined) throw new Error('malformed attribute');
        return `${NAME_KEYWORDS[oid] ?? oid}=${attributeValue(value)}`;
      })
      .join('+');
  });
  return rdns.reverse().join(',');
}

// ---------------------------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------------------------

/** The fields of a Certificate inspect shows, as encoded (RFC 5280 4.1). */
interface CertificateFields {
  readonly serial: Uint8Array;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly spki: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly signatureOid: string;
  /** extnID → { critical, extnValue contents } */
  readonly extensions: ReadonlyMap<string, { readonly critical: boolean; readonly value: Uint8Array }>;
}

function expect(item: DerItem | undefined, tag: number, what: string): DerItem {
  if (item?.tag !== tag) throw new Error(`malformed ${what}`);
  return item;
}

/**
 * Reads a certificate with the DER reader: no schema objects are built, so a bundle of 10,000
 * certificates takes well under a second of parsing, and malformed bytes end in one Error.
 */
function certificateFields(der: Uint8Array): CertificateFields {
  const [tbsItem, algorithm] = childItems(expect(singleItem(der), 0x30, 'Certificate'));
  const fields = childItems(expect(tbsItem, 0x30, 'TBSCertificate'));
  const v = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version present
  const validity = childItems(expect(fields[v + 3], 0x30, 'Validity'));
  const signatureOid = oidValue(childItems(expect(algorithm, 0x30, 'AlgorithmIdentifier'))[0] ?? expect(undefined, 0x06, 'AlgorithmIdentifier'));
  if (signatureOid === null) throw new Error('malformed AlgorithmIdentifier');
  const extensions = new Map<string, { critical: boolean; value: Uint8Array }>();
  const wrapper = fields.slice(v + 6).find((f) => f.tag === 0xa3); // [3] EXPLICIT Extensions
  for (const extension of wrapper ? childItems(expect(childItems(wrapper)[0], 0x30, 'Extensions')) : []) {
    const parts = childItems(expect(extension, 0x30, 'Extension'));
    const id = parts[0] ? oidValue(parts[0]) : null;
    const critical = parts.length === 3 ? booleanValue(parts[1]!) : false;
    const value = expect(parts[parts.length - 1], 0x04, 'extnValue');
    if (id === null || critical === null || parts.length < 2 || parts.length > 3) throw new Error('malformed Extension');
    extensions.set(id, { critical, value: value.contents });
  }
  return {
    serial: expect(fields[v], 0x02, 'serialNumber').contents,
    issuer: expect(fields[v + 2], 0x30, 'issuer').encoded,
    notBefore: timeValue(validity[0]),
    notAfter: timeValue(validity[1]),
    subject: expect(fields[v + 4], 0x30, 'subject').encoded,
    spki: expect(fields[v + 5], 0x30, 'subjectPublicKeyInfo').encoded,
    signatureOid,
    extensions,
  };
}

const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/;
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{4})?$/;

/** A UTCTime (years 1950-2049, RFC 5280 4.1.2.5.1) or GeneralizedTime, to the second. */
function timeValue(item: DerItem | undefined): Date {
  const text = item ? latin1(item.contents) : '';
  const m = item?.tag === 0x17 ? UTC_TIME.exec(text) : item?.tag === 0x18 ? GENERALIZED_TIME.exec(text) : null;
  if (!m) throw new Error('malformed Time');
  const year = item!.tag === 0x17 ? (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]) : Number(m[1]);
  const offset = m[7] === undefined || m[7] === 'Z' ? 0 : (m[7][0] === '-' ? -1 : 1) * (Number(m[7].slice(1, 3)) * 60 + Number(m[7].slice(3, 5)));
  const date = new Date(0);
  date.setUTCFullYear(year, Number(m[2]) - 1, Number(m[3]));
  date.setUTCHours(Number(m[4]), Number(m[5] ?? 0) - offset, Number(m[6] ?? 0), 0);
  if (Number.isNaN(date.getTime())) throw new Error('malformed Time');
  return date;
}

/** The TBSCertificate fields, as encoded: issuer, subject and SubjectPublicKeyInfo (what an OCSP CertID hashes). */
export function tbsParts(der: Uint8Array): { issuer: Uint8Array; subject: Uint8Array; spki: Uint8Array } {
  const { issuer, subject, spki } = certificateFields(der);
  return { issuer, subject, spki };
}

function ipAddress(bytes: Uint8Array): string {
  return bytes.length === 4 || bytes.length === 16 ? ipText(bytes) : `#${hex(bytes)}`;
}

/** One GeneralName (RFC 5280 4.2.1.6), as pins.json writes SAN entries. */
function generalName(name: DerItem): string {
  switch (name.tagClass === 2 ? name.tagNumber : -1) {
    case 1:
      return `email:${escapeUnsafe(latin1(name.contents))}`;
    case 2:
      return `DNS:${escapeUnsafe(latin1(name.contents))}`;
    case 4:
      return `DirName:${renderName(name.contents)}`;
    case 6:
      return `URI:${escapeUnsafe(latin1(name.contents))}`;
    case 7:
      return `IP:${ipAddress(name.contents)}`;
    case 8:
      return `RID:${oidValue({ ...name, tag: 0x06 }) ?? `#${hex(name.contents)}`}`;
    default:
      return `otherName(${name.tagNumber})`;
  }
}

/** Parses a DER certificate; a non-certificate throws CertgenError. */
export function parseCertificate(der: Uint8Array): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (error) {
    throw new CertgenError('not an X.509 certificate', {}, { cause: error });
  }
}

export function describeCertificate(der: Uint8Array): CertificateDescription {
  const x509 = parseCertificate(der);
  try {
    const cert = certificateFields(der);
    const extension = (oid: string) => cert.extensions.get(oid);
    const bc = extension(EXTENSION_OIDS.basicConstraints);
    const ku = extension(EXTENSION_OIDS.keyUsage);
    const eku = extension(EXTENSION_OIDS.extKeyUsage);
    const san = extension(EXTENSION_OIDS.subjectAltName);
    const bcValue = bc ? decodeBasicConstraints(bc.value) : undefined;
    const kuValue = ku ? expect(singleItem(ku.value), 0x03, 'keyUsage') : undefined;
    const subjectText = renderName(cert.subject);
    const issuerText = renderName(cert.issuer);
    return {
      subject: subjectText,
      issuer: issuerText,
      serialNumber: serialHex(cert.serial),
      notBefore: isoSeconds(cert.notBefore),
      notAfter: isoSeconds(cert.notAfter),
      selfSigned: subjectText === issuerText && safeVerify(x509, x509.publicKey),
      keyAlgorithm: keyAlgorithmOf(x509.publicKey),
      signatureAlgorithm: SIGNATURE_NAMES[cert.signatureOid] ?? cert.signatureOid,
      basicConstraints: bc ? { ca: bcValue!.ca, pathLength: bcValue!.pathLength, critical: bc.critical } : null,
      keyUsage: ku ? { usages: decodeKeyUsage(kuValue!.contents.subarray(1)), critical: ku.critical } : null,
      extKeyUsage: eku ? decodeExtKeyUsage(eku.value).map(extKeyUsageName) : [],
      subjectAltNames: san ? childItems(expect(singleItem(san.value), 0x30, 'subjectAltName')).map(generalName) : [],
      ...fingerprints(der, cert.spki),
    };
  } catch (error) {
    if (error instanceof CertgenError) throw error;
    // OpenSSL parsed it, the DER reader did not: a field inspect shows is malformed.
    throw new CertgenError(`not a well-formed X.509 certificate (${(error as Error).message})`, {}, { cause: error });
  }
}

function safeVerify(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.verify(key);
  } catch {
    return false;
  }
}

/** Whether `issuer` issued `cert`: names match and the signature verifies with the issuer's key. */
export function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && safeVerify(cert, issuer.publicKey);
}

// ---------------------------------------------------------------------------------------------
// Keys (never printed: only the algorithm and the SPKI pin of the public half)
// ---------------------------------------------------------------------------------------------

function describePublic(pub: KeyObject, kind: 'private' | 'public', encoding: string, encryption: KeyDescription['encryption'] | false): KeyDescription {
  const encrypted = encryption !== false;
  return { kind, encoding, encrypted, encryption: encryption || null, keyAlgorithm: keyAlgorithmOf(pub), ...spkiPins(pub.export({ type: 'spki', format: 'der' })) };
}

/** The encryption scheme of an encrypted PKCS#8 key, or null where its parameters are not ones certgen reads (PBES1...). */
function encryptionOf(der: Uint8Array): KeyDescription['encryption'] {
  try {
    return privateKeyEncryption(der);
  } catch {
    return null;
  }
}

const PRIVATE_LABELS: Record<string, { type: 'pkcs8' | 'sec1' | 'pkcs1'; encoding: string }> = {
  'PRIVATE KEY': { type: 'pkcs8', encoding: 'PKCS#8' },
  'ENCRYPTED PRIVATE KEY': { type: 'pkcs8', encoding: 'PKCS#8' },
  'EC PRIVATE KEY': { type: 'sec1', encoding: 'SEC1' },
  'RSA PRIVATE KEY': { type: 'pkcs1', encoding: 'PKCS#1' },
};

export const isPrivateKeyLabel = (label: string): boolean => label in PRIVATE_LABELS;

/**
 * A private key from its DER and PEM label (`PRIVATE KEY` for a DER file). An encrypted PKCS#8
 * key is opened with `password`; without one it is described as encrypted, with no details.
 */
export function describePrivateKey(der: Uint8Array, label: string, password: string | undefined): KeyDescription {
  const { type, encoding } = PRIVATE_LABELS[label] ?? PRIVATE_LABELS['PRIVATE KEY']!;
  const encrypted = label === 'ENCRYPTED PRIVATE KEY';
  const encryption = encrypted ? encryptionOf(der) : false;
  if (encrypted && password === undefined) {
    return { kind: 'private', encoding, encrypted, encryption: encryption || null, keyAlgorithm: null, spkiSha256: null, spkiSha256Hex: null };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type, ...(encrypted ? { passphrase: password } : {}) });
  } catch (error) {
    throw new CertgenError(encrypted ? 'cannot decrypt the private key: wrong password?' : `not a valid ${encoding} private key`, {}, { cause: error });
  }
  return describePublic(createPublicKey(key), 'private', encoding, encryption);
}

export function describePublicKey(der: Uint8Array): KeyDescription {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
  } catch (error) {
    throw new CertgenError('not a valid SubjectPublicKeyInfo', {}, { cause: error });
  }
  return describePublic(key, 'public', 'SPKI', false);
}

// ---------------------------------------------------------------------------------------------
// CRLs
// ---------------------------------------------------------------------------------------------

export function describeCrl(der: Uint8Array): CrlDescription {
  try {
    const [tbsItem, algorithm] = childItems(expect(singleItem(der), 0x30, 'CertificateList'));
    const fields = childItems(expect(tbsItem, 0x30, 'TBSCertList'));
    const v = fields[0]?.tag === 0x02 ? 1 : 0; // version is optional in a CRL
    const signatureOid = oidValue(childItems(expect(algorithm, 0x30, 'AlgorithmIdentifier'))[0] ?? expect(undefined, 0x06, 'AlgorithmIdentifier'));
    if (signatureOid === null) throw new Error('malformed AlgorithmIdentifier');
    const rest = fields.slice(v + 3);
    const nextUpdate = rest[0]?.tag === 0x17 || rest[0]?.tag === 0x18 ? rest.shift() : undefined;
    const revoked = rest[0]?.tag === 0x30 ? childItems(rest[0]) : [];
    return {
      issuer: renderName(expect(fields[v + 1], 0x30, 'issuer').encoded),
      thisUpdate: isoSeconds(timeValue(fields[v + 2])),
      nextUpdate: nextUpdate ? isoSeconds(timeValue(nextUpdate)) : null,
      signatureAlgorithm: SIGNATURE_NAMES[signatureOid] ?? signatureOid,
      revoked: revoked.map((entry) => {
        const [serial, date] = childItems(expect(entry, 0x30, 'revokedCertificate'));
        return { serialNumber: serialHex(expect(serial, 0x02, 'userCertificate').contents), date: isoSeconds(timeValue(date)) };
      }),
    };
  } catch (error) {
    throw new CertgenError('not a valid CRL', {}, { cause: error });
  }
}
