/**
 * `certgen inspect`: what a PEM, DER or PKCS#12 file holds. A PEM file may
 * hold certificates, private and public keys and CRLs in any order; a DER file holds one of them
 * or is a PKCS#12. For a PKCS#12 the MAC is checked with the password first, then every entry is
 * listed the way keytool sees it: key entries (alias, the encryption of the key and of the
 * certificates, the chain rebuilt from the file) and trusted-certificate entries.
 * Key material is never printed: a key is described by its algorithm and SPKI pin.
 */
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import { PFX } from 'pkijs';
import { CertgenError } from '../errors.js';
import { pemBlocks } from '../stores/pem.js';
import { decodePkcs12, type Pkcs12Contents } from '../stores/pkcs12.js';
import {
  describeCertificate,
  describeCrl,
  describePrivateKey,
  describePublicKey,
  isPrivateKeyLabel,
  issuedBy,
  type CertificateDescription,
  type CrlDescription,
  type KeyDescription,
} from './x509.js';
import { describeOcspResponse, looksLikeOcspResponse, type OcspResponseDescription } from './ocsp.js';
import { escapeUnsafe } from './safe-text.js';

export type { CertificateDescription, CrlDescription, KeyDescription } from './x509.js';
export type { OcspResponseDescription } from './ocsp.js';

/** certgen's default store password, tried when no --password is given. */
export const DEFAULT_STORE_PASSWORD = 'changeit';

export interface ObjectsDescription {
  readonly file: string;
  readonly format: 'pem' | 'der';
  readonly certificates: readonly CertificateDescription[];
  readonly keys: readonly KeyDescription[];
  readonly crls: readonly CrlDescription[];
  /** PEM blocks inspect does not describe (e.g. `CERTIFICATE REQUEST`), by label. */
  readonly skipped: readonly string[];
}

export interface Pkcs12KeyEntryDescription {
  readonly kind: 'key';
  readonly alias: string | null;
  readonly localKeyId: string | null;
  /** How the shrouded key bag is encrypted. */
  readonly keyEncryption: string;
  /** How the certificate bags are protected (the encrypted content holding them). */
  readonly certificateEncryption: string | null;
  /** The leaf (same localKeyId), then its issuers found in the file. */
  readonly chain: readonly CertificateDescription[];
}

export interface Pkcs12TrustedEntryDescription {
  readonly kind: 'trusted';
  readonly alias: string | null;
  readonly certificateEncryption: string;
  readonly certificate: CertificateDescription;
}

export interface Pkcs12Description {
  readonly file: string;
  readonly format: 'pkcs12';
  readonly mac: { readonly algorithm: string; readonly iterations: number | null };
  /** Key entries, then trusted-certificate entries, in file order. */
  readonly entries: readonly (Pkcs12KeyEntryDescription | Pkcs12TrustedEntryDescription)[];
  /** Certificates that are neither trusted entries nor in a key entry's chain (keytool ignores them). */
  readonly otherCertificates: readonly CertificateDescription[];
}

export type FileDescription = ObjectsDescription | Pkcs12Description | OcspResponseDescription;

export interface DescribeOptions {
  /** Shown in the description and in errors. */
  readonly file: string;
  /** PKCS#12 password (default: certgen's `changeit`) and encrypted PEM key passphrase. */
  readonly password?: string | undefined;
}

/** Describes a file's bytes; anything unreadable throws a CertgenError naming the file. */
export async function describeFile(bytes: Uint8Array, options: DescribeOptions): Promise<FileDescription> {
  const { file } = options;
  try {
    const text = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
    if (/-----BEGIN [A-Z0-9 ]+-----/.test(text)) return describePem(new TextDecoder().decode(bytes), options);
    if (isPfx(bytes)) return await describePkcs12(bytes, options);
    if (looksLikeOcspResponse(bytes)) return describeOcspResponse(bytes, file);
    return describeDer(bytes, file);
  } catch (error) {
    if (error instanceof CertgenError) throw error.file === undefined ? new CertgenError(error.detail, { file }, { cause: error }) : error;
    // The parsers (asn1js, pkijs, node:crypto) throw what they like on malformed input: the file is bad.
    throw new CertgenError(`malformed content (${oneLine(error)})`, { file }, { cause: error });
  }
}

/** A parser's message, one line and printable, for the message naming the file. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return escapeUnsafe(text.split('\n')[0]!.slice(0, 200));
}

// ---------------------------------------------------------------------------------------------
// PEM and DER
// ---------------------------------------------------------------------------------------------

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

function describePem(text: string, options: DescribeOptions): ObjectsDescription {
  const blocks = pemBlocks(text);
  if (blocks.length === 0) throw new CertgenError('malformed PEM: a BEGIN line without its matching END line');
  const certificates: CertificateDescription[] = [];
  const keys: KeyDescription[] = [];
  const crls: CrlDescription[] = [];
  const skipped: string[] = [];
  blocks.forEach(({ label, der }, i) => {
    const where = (error: unknown): never => {
      const detail = error instanceof CertgenError ? error.detail : `malformed (${oneLine(error)})`;
      throw new CertgenError(`PEM block ${i + 1} (${label}): ${detail}`, {}, { cause: error });
    };
    try {
      // OpenSSL's TRUSTED CERTIFICATE is a certificate followed by its trust settings.
      if (CERT_LABELS.has(label)) certificates.push(describeCertificate(label === 'TRUSTED CERTIFICATE' ? firstElement(der) : der));
      else if (isPrivateKeyLabel(label)) keys.push(describePrivateKey(der, label, options.password));
      else if (label === 'PUBLIC KEY') keys.push(describePublicKey(der));
      else if (label === 'X509 CRL') crls.push(describeCrl(der));
      else skipped.push(label);
    } catch (error) {
      where(error);
    }
  });
  return { file: options.file, format: 'pem', certificates, keys, crls, skipped };
}

function firstElement(der: Uint8Array): Uint8Array {
  const parsed = asn1js.fromBER(Uint8Array.from(der));
  if (parsed.offset === -1) throw new CertgenError('malformed DER');
  return new Uint8Array(parsed.result.valueBeforeDecodeView);
}

/** A DER file: a certificate, a CRL, a PKCS#8 private key or an SPKI public key, tried in that order. */
function describeDer(der: Uint8Array, file: string): ObjectsDescription {
  const base = { file, format: 'der' as const, certificates: [], keys: [], crls: [], skipped: [] };
  const attempts: Array<() => ObjectsDescription> = [
    () => ({ ...base, certificates: [describeCertificate(der)] }),
    () => ({ ...base, crls: [describeCrl(der)] }),
    () => ({ ...base, keys: [describePrivateKey(der, 'PRIVATE KEY', undefined)] }),
    () => ({ ...base, keys: [describePublicKey(der)] }),
  ];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // not this kind: try the next
    }
  }
  throw new CertgenError('not a certificate, key, CRL, OCSP response or PKCS#12 file (PEM or DER)');
}

// ---------------------------------------------------------------------------------------------
// PKCS#12
// ---------------------------------------------------------------------------------------------

const DATA = '1.2.840.113549.1.7.1';
const SIGNED_DATA = '1.2.840.113549.1.7.2';

/** PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, ... }: checked on the outer TLVs only. */
function isPfx(bytes: Uint8Array): boolean {
  const parsed = asn1js.fromBER(Uint8Array.from(bytes));
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return false;
  const [version, authSafe] = parsed.result.valueBlock.value;
  if (!(version instanceof asn1js.Integer) || version.valueBlock.valueDec !== 3 || !(authSafe instanceof asn1js.Sequence)) return false;
  const contentType = authSafe.valueBlock.value[0];
  return contentType instanceof asn1js.ObjectIdentifier && [DATA, SIGNED_DATA].includes(contentType.valueBlock.toString());
}

async function describePkcs12(der: Uint8Array, options: DescribeOptions): Promise<Pkcs12Description> {
  const password = options.password ?? DEFAULT_STORE_PASSWORD;
  let contents: Pkcs12Contents;
  try {
    contents = await decodePkcs12(der, password);
  } catch (error) {
    if (error instanceof CertgenError && /wrong password/.test(error.detail)) {
      const hint = options.password === undefined ? `; no --password given, so certgen's default "${DEFAULT_STORE_PASSWORD}" was tried` : '';
      throw new CertgenError(`PKCS#12: ${error.detail}${hint}`, {}, { cause: error });
    }
    throw error;
  }
  return describeContents(contents, macIterations(der), options.file);
}

function macIterations(der: Uint8Array): number | null {
  try {
    const mac = PFX.fromBER(Uint8Array.from(der)).macData;
    return mac ? (mac.iterations ?? 1) : null;
  } catch {
    return null;
  }
}

type Bag = Pkcs12Contents['entries'][number];

function describeContents(contents: Pkcs12Contents, iterations: number | null, file: string): Pkcs12Description {
  const certBags = contents.entries.filter((e): e is Bag & { certDer: Uint8Array } => e.kind !== 'key' && e.certDer !== undefined);
  const parsed = certBags.map((bag) => ({ bag, x509: new X509Certificate(bag.certDer) }));
  const described = new Map<Bag, CertificateDescription>();
  const describe = (bag: Bag & { certDer: Uint8Array }): CertificateDescription => {
    let d = described.get(bag);
    if (d === undefined) described.set(bag, (d = describeCertificate(bag.certDer)));
    return d;
  };
  const inChain = new Set<Bag>();

  const keyEntries: Pkcs12KeyEntryDescription[] = contents.entries
    .filter((e) => e.kind === 'key')
    .map((key) => {
      const leaf = parsed.find((p) => p.bag.localKeyId !== null && p.bag.localKeyId === key.localKeyId);
      const chain: typeof parsed = [];
      for (let current = leaf; current !== undefined && !chain.includes(current); ) {
        chain.push(current);
        if (current.x509.subject === current.x509.issuer && issuedBy(current.x509, current.x509)) break; // self-signed: the root
        const next: (typeof parsed)[number] | undefined = parsed.find((p) => p !== current && issuedBy(current!.x509, p.x509));
        current = next;
      }
      chain.forEach((c) => inChain.add(c.bag));
      return {
        kind: 'key' as const,
        alias: key.alias === null ? null : escapeUnsafe(key.alias),
        localKeyId: key.localKeyId,
        keyEncryption: key.encryption,
        certificateEncryption: leaf?.bag.encryption ?? null,
        chain: chain.map((c) => describe(c.bag)),
      };
    });
  const trustedEntries: Pkcs12TrustedEntryDescription[] = certBags
    .filter((bag) => bag.kind === 'trusted')
    .map((bag) => ({ kind: 'trusted' as const, alias: bag.alias === null ? null : escapeUnsafe(bag.alias), certificateEncryption: bag.encryption, certificate: describe(bag) }));
  const otherCertificates = certBags.filter((bag) => bag.kind === 'cert' && !inChain.has(bag)).map(describe);
  return { file, format: 'pkcs12', mac: { algorithm: contents.macAlgorithm, iterations }, entries: [...keyEntries, ...trustedEntries], otherCertificates };
}
