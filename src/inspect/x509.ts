/**
 * What `certgen inspect` says about one certificate, key or CRL. Figures use pins.json's names and
 * formats (subjects as RFC 4514 strings, lowercase hex serials and fingerprints, base64 SPKI pin,
 * SAN entries as `DNS:x` / `IP:x`) so a user can compare the two; every figure is what OpenSSL
 * computes from the same bytes. node:crypto parses what it can (fingerprints, key details, issuer
 * checks); pkijs and asn1js give the rest (key usage bits, basic constraints, names as encoded).
 */
import { X509Certificate, createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AltName, BasicConstraints, Certificate, CertificateRevocationList, ExtKeyUsage, GeneralName, type Extension } from 'pkijs';
import { CertgenError } from '../errors.js';
import { fingerprints, type Fingerprints } from '../pins/fingerprints.js';
import type { PinEntry } from '../pins/manifest.js';
import { serialHex } from '../values/hex.js';
import { isoSeconds } from '../values/time.js';
import { extKeyUsageName } from '../values/usage.js';
import { ipText } from '../values/san.js';
import { RENDER_KEYWORD, escapeAttributeValue } from '../values/subject.js';
import { ATTRIBUTE_OIDS, EXTENSION_OIDS, READ_ONLY_ATTRIBUTE_OIDS, SIGNATURE_OIDS } from '../values/oids.js';
import { ATTRIBUTE_NAMES } from '../values/types.js';
import { decodeKeyUsage } from '../x509/extensions/key-usage.js';

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

const SIGNATURE_NAMES: Record<string, string> = {
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

function attributeValue(value: asn1js.AsnType): string {
  if (value instanceof asn1js.BaseStringBlock) return escapeAttributeValue(value.getValue());
  return `#${hex(new Uint8Array(value.toBER(false)))}`; // RFC 4514 2.4: not a string: hex of the BER
}

/**
 * A Name (SEQUENCE OF RDN) as an RFC 4514 string: most specific RDN first, `+` inside a
 * multi-valued RDN. Read with asn1js from the encoded bytes: pkijs flattens RDNs.
 */
export function renderName(nameDer: Uint8Array): string {
  const parsed = asn1js.fromBER(owned(nameDer));
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw new Error('malformed Name');
  const rdns = parsed.result.valueBlock.value.map((rdn) => {
    if (!(rdn instanceof asn1js.Set)) throw new Error('malformed RDN');
    return rdn.valueBlock.value
      .map((atv) => {
        const [type, value] = (atv as asn1js.Sequence).valueBlock.value;
        if (!(type instanceof asn1js.ObjectIdentifier) || value === undefined) throw new Error('malformed attribute');
        const oid = type.valueBlock.toString();
        return `${NAME_KEYWORDS[oid] ?? oid}=${attributeValue(value)}`;
      })
      .join('+');
  });
  return rdns.reverse().join(',');
}

/** The DER of an already parsed asn1js block, exactly as it was read. */
function encoded(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView.byteLength > 0 ? block.valueBeforeDecodeView : block.toBER(false));
}

// ---------------------------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------------------------

/** The TBSCertificate fields, as encoded: issuer, subject and SubjectPublicKeyInfo. */
function tbsParts(der: Uint8Array): { issuer: Uint8Array; subject: Uint8Array; spki: Uint8Array } {
  const parsed = asn1js.fromBER(owned(der));
  const tbs = (parsed.result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const fields = tbs.valueBlock.value;
  const v = fields[0]?.idBlock.tagClass === 3 ? 1 : 0; // [0] EXPLICIT version present
  const [issuer, subject, spki] = [fields[v + 2], fields[v + 4], fields[v + 5]];
  if (!issuer || !subject || !spki) throw new Error('malformed TBSCertificate');
  return { issuer: encoded(issuer), subject: encoded(subject), spki: encoded(spki) };
}

function ipAddress(bytes: Uint8Array): string {
  return bytes.length === 4 || bytes.length === 16 ? ipText(bytes) : `#${hex(bytes)}`;
}

function generalName(name: GeneralName): string {
  switch (name.type) {
    case 1:
      return `email:${String(name.value)}`;
    case 2:
      return `DNS:${String(name.value)}`;
    case 4:
      return `DirName:${renderName(encoded((name.value as { toSchema(): asn1js.AsnType }).toSchema()))}`;
    case 6:
      return `URI:${String(name.value)}`;
    case 7: {
      const ip = ipAddress(new Uint8Array((name.value as asn1js.OctetString).valueBlock.valueHexView));
      return `IP:${ip}`;
    }
    case 8:
      return `RID:${String(name.value)}`;
    default:
      return `otherName(${name.type})`;
  }
}

function keyUsageBits(value: unknown): string[] {
  if (!(value instanceof asn1js.BitString)) throw new Error('malformed keyUsage');
  return decodeKeyUsage(value.valueBlock.valueHexView);
}

function pathLength(value: BasicConstraints['pathLenConstraint']): number | null {
  if (value === undefined) return null;
  return typeof value === 'number' ? value : value.valueBlock.valueDec;
}

function extensionsOf(cert: Certificate): Map<string, Extension> {
  return new Map((cert.extensions ?? []).map((e) => [e.extnID, e]));
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
  const cert = Certificate.fromBER(owned(der));
  const { issuer, subject, spki } = tbsParts(der);
  const ext = extensionsOf(cert);
  const bc = ext.get(EXTENSION_OIDS.basicConstraints);
  const ku = ext.get(EXTENSION_OIDS.keyUsage);
  const eku = ext.get(EXTENSION_OIDS.extKeyUsage);
  const san = ext.get(EXTENSION_OIDS.subjectAltName);
  const bcValue = bc?.parsedValue instanceof BasicConstraints ? bc.parsedValue : undefined;
  const sigOid = cert.signatureAlgorithm.algorithmId;
  const subjectText = renderName(subject);
  const issuerText = renderName(issuer);
  return {
    subject: subjectText,
    issuer: issuerText,
    serialNumber: serialHex(new Uint8Array(cert.serialNumber.valueBlock.valueHexView)),
    notBefore: isoSeconds(cert.notBefore.value),
    notAfter: isoSeconds(cert.notAfter.value),
    selfSigned: subjectText === issuerText && safeVerify(x509, x509.publicKey),
    keyAlgorithm: keyAlgorithmOf(x509.publicKey),
    signatureAlgorithm: SIGNATURE_NAMES[sigOid] ?? sigOid,
    basicConstraints: bc ? { ca: bcValue?.cA ?? false, pathLength: pathLength(bcValue?.pathLenConstraint), critical: bc.critical } : null,
    keyUsage: ku ? { usages: keyUsageBits(ku.parsedValue), critical: ku.critical } : null,
    extKeyUsage: eku?.parsedValue instanceof ExtKeyUsage ? eku.parsedValue.keyPurposes.map(extKeyUsageName) : [],
    subjectAltNames: san?.parsedValue instanceof AltName ? san.parsedValue.altNames.map(generalName) : [],
    ...fingerprints(der, spki),
  };
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

function describePublic(pub: KeyObject, kind: 'private' | 'public', encoding: string, encrypted: boolean): KeyDescription {
  const digest = createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest();
  return { kind, encoding, encrypted, keyAlgorithm: keyAlgorithmOf(pub), spkiSha256: digest.toString('base64'), spkiSha256Hex: digest.toString('hex') };
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
  if (encrypted && password === undefined) {
    return { kind: 'private', encoding, encrypted, keyAlgorithm: null, spkiSha256: null, spkiSha256Hex: null };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type, ...(encrypted ? { passphrase: password } : {}) });
  } catch (error) {
    throw new CertgenError(encrypted ? 'cannot decrypt the private key: wrong password?' : `not a valid ${encoding} private key`, {}, { cause: error });
  }
  return describePublic(createPublicKey(key), 'private', encoding, encrypted);
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
  let crl: CertificateRevocationList;
  try {
    crl = CertificateRevocationList.fromBER(owned(der));
  } catch (error) {
    throw new CertgenError('not a valid CRL', {}, { cause: error });
  }
  const tbs = (asn1js.fromBER(owned(der)).result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const fields = tbs.valueBlock.value;
  const v = fields[0] instanceof asn1js.Integer ? 1 : 0; // version is optional in a CRL
  const issuer = fields[v + 1];
  if (!issuer) throw new CertgenError('not a valid CRL');
  const sigOid = crl.signatureAlgorithm.algorithmId;
  return {
    issuer: renderName(encoded(issuer)),
    thisUpdate: isoSeconds(crl.thisUpdate.value),
    nextUpdate: crl.nextUpdate ? isoSeconds(crl.nextUpdate.value) : null,
    signatureAlgorithm: SIGNATURE_NAMES[sigOid] ?? sigOid,
    revoked: (crl.revokedCertificates ?? []).map((r) => ({
      serialNumber: serialHex(new Uint8Array(r.userCertificate.valueBlock.valueHexView)),
      date: isoSeconds(r.revocationDate.value),
    })),
  };
}
