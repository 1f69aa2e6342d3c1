/**
 * What `certgen verify` needs to know about one built certificate. Node's X509Certificate does
 * the parts it can (chain links, signatures, validity, EKU, host names, key details); the rest,
 * which Node 20 does not expose (keyUsage bits, basicConstraints' pathLength, nameConstraints,
 * SAN as typed values, the signature algorithm), is decoded here with pkijs. Read-only, like
 * inspect/: nothing is re-encoded.
 */
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { serialHex } from '../values/hex.js';
import type { KeyUsageName } from '../values/types.js';
import { decodeKeyUsage } from '../x509/extensions/key-usage.js';
import { signatureHashOf, type SignatureHash } from './algorithms.js';
import { OID } from './oids.js';

/** A GeneralName as verify compares it: DNS names lower-cased, IPs as bytes (with a mask in constraints). */
export type VerifyName =
  | { readonly type: 'dns'; readonly value: string }
  | { readonly type: 'email'; readonly value: string }
  | { readonly type: 'uri'; readonly value: string }
  | { readonly type: 'ip'; readonly bytes: Uint8Array }
  | { readonly type: 'other'; readonly tag: number };

export interface CertificateFacts {
  readonly x509: X509Certificate;
  /** basicConstraints, or null when the extension is absent. */
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength: number | null } | null;
  /** keyUsage bits that are set, or null when the extension is absent. */
  readonly keyUsage: ReadonlySet<KeyUsageName> | null;
  /** extKeyUsage OIDs, or null when the extension is absent. */
  readonly extKeyUsage: readonly string[] | null;
  /** subjectAltName entries, or null when the extension is absent. */
  readonly subjectAltName: readonly VerifyName[] | null;
  readonly nameConstraints: { readonly permitted: readonly VerifyName[]; readonly excluded: readonly VerifyName[] } | null;
  /** Subject commonName values (name constraints check a CN when there is no DNS SAN, as OpenSSL does). */
  readonly commonNames: readonly string[];
  readonly signatureAlgorithm: string;
  readonly signatureHash: SignatureHash;
  /** `RSA 1024`, `EC P-256`, `Ed25519`... and the key's strength in bits (NIST SP 800-57). */
  readonly keyDescription: string;
  readonly keySecurityBits: number;
  /** Issuer and subject are the same name (RFC 5280: self-issued). */
  readonly selfIssued: boolean;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Lowercase hex without leading zeros, as CRL entries are compared. */
  readonly serialHex: string;
}

/** Decodes a DER certificate; a malformed one is an Error naming nothing (the caller names the file). */
export function certificateFacts(der: Uint8Array): CertificateFacts {
  const x509 = new X509Certificate(der);
  const cert = pkijs.Certificate.fromBER(new Uint8Array(der));
  const ext = (oid: string) => cert.extensions?.find((e) => e.extnID === oid)?.parsedValue as unknown;

  const bc = ext(OID.basicConstraints) as pkijs.BasicConstraints | undefined;
  const ku = ext(OID.keyUsage) as asn1js.BitString | undefined;
  const eku = ext(OID.extKeyUsage) as pkijs.ExtKeyUsage | undefined;
  const san = ext(OID.subjectAltName) as pkijs.AltName | undefined;
  const nc = ext(OID.nameConstraints) as pkijs.NameConstraints | undefined;
  const algorithm = cert.signatureAlgorithm.algorithmId;
  const { description, bits } = keyStrength(x509);

  return {
    x509,
    basicConstraints: bc ? { ca: bc.cA === true, pathLength: bc.pathLenConstraint === undefined ? null : integerValue(bc.pathLenConstraint) } : null,
    keyUsage: ku ? new Set(decodeKeyUsage(ku.valueBlock.valueHexView)) : null,
    extKeyUsage: eku ? [...eku.keyPurposes] : null,
    subjectAltName: san ? san.altNames.map(verifyName) : null,
    nameConstraints: nc
      ? { permitted: (nc.permittedSubtrees ?? []).map((s) => verifyName(s.base)), excluded: (nc.excludedSubtrees ?? []).map((s) => verifyName(s.base)) }
      : null,
    commonNames: cert.subject.typesAndValues.filter((a) => a.type === OID.commonName).map((a) => String(a.value.valueBlock.value)),
    signatureAlgorithm: algorithm,
    signatureHash: signatureHashOf(algorithm, cert.signatureAlgorithm.algorithmParams),
    keyDescription: description,
    keySecurityBits: bits,
    selfIssued: cert.subject.isEqual(cert.issuer),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    serialHex: serialHex(new Uint8Array(cert.serialNumber.valueBlock.valueHexView)),
  };
}

function integerValue(v: number | asn1js.Integer): number {
  return typeof v === 'number' ? v : v.valueBlock.valueDec;
}

/** GeneralName tags (RFC 5280 4.2.1.6): 1 rfc822Name, 2 dNSName, 6 URI, 7 iPAddress. */
function verifyName(name: pkijs.GeneralName): VerifyName {
  switch (name.type) {
    case 1:
      return { type: 'email', value: String(name.value) };
    case 2:
      return { type: 'dns', value: String(name.value).toLowerCase() };
    case 6:
      return { type: 'uri', value: String(name.value) };
    case 7:
      return { type: 'ip', bytes: new Uint8Array((name.value as asn1js.OctetString).valueBlock.valueHexView) };
    default:
      return { type: 'other', tag: name.type };
  }
}

/**
 * The key's strength in bits, per NIST SP 800-57 part 1 table 2 (what OpenSSL's security levels
 * use): RSA 1024 → 80, 2048 → 112, 3072 → 128; EC and Ed25519 → half the field size.
 */
function keyStrength(x509: X509Certificate): { description: string; bits: number } {
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
    case 'dsa': {
      const size = details.modulusLength ?? 0;
      const bits = size >= 15360 ? 256 : size >= 7680 ? 192 : size >= 3072 ? 128 : size >= 2048 ? 112 : size >= 1024 ? 80 : 0;
      return { description: `${key.asymmetricKeyType === 'dsa' ? 'DSA' : 'RSA'} ${size}`, bits };
    }
    case 'ec': {
      const curve = details.namedCurve ?? 'unknown';
      const size = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224, secp256k1: 256 }[curve] ?? 0;
      return { description: `EC ${curve}`, bits: Math.floor(size / 2) };
    }
    case 'ed25519':
      return { description: 'Ed25519', bits: 128 };
    case 'ed448':
      return { description: 'Ed448', bits: 224 };
    default:
      return { description: String(key.asymmetricKeyType), bits: 0 };
  }
}
