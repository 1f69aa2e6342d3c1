import { keyAlgorithmName } from '../crypto/algorithms.js';
import type { Role, ProfileName } from '../resolve/types.js';
import { renderGeneralName } from '../values/san.js';
import { renderSubject } from '../values/subject.js';
import { extKeyUsageName } from '../values/usage.js';
import { isoSeconds } from '../values/time.js';
import { serialHex } from '../values/hex.js';
import { certificateFiles, type CertificateFile } from '../layout/file-names.js';
import { effectiveExtension } from '../x509/extensions/index.js';
import type { IssuedCertificate } from '../x509/issue.js';
import { fingerprints } from './fingerprints.js';

export const PIN_SCHEMA = 'certgen.pins/v1';

/** One certificate of `pins.json`; every figure is recomputable with OpenSSL. */
export interface PinEntry {
  readonly role: Role;
  readonly profile: ProfileName;
  readonly issuer: string;
  readonly subject: string;
  readonly issuerSubject: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly keyAlgorithm: string;
  readonly extKeyUsage: readonly string[];
  readonly subjectAltNames: readonly string[];
  readonly spkiSha256: string;
  readonly spkiSha256Hex: string;
  readonly certSha256: string;
  readonly certSha1: string;
  /** The certificate's files by kind (layout/file-names.ts): cert, key, fullchain, pub. */
  readonly files: { readonly [K in CertificateFile]: string };
}

export interface PinManifest {
  readonly schema: typeof PIN_SCHEMA;
  readonly set: string;
  readonly certificates: Readonly<Record<string, PinEntry>>;
}

/** The manifest entry of one issued certificate. */
export function pinEntry(cert: IssuedCertificate, issuer: IssuedCertificate): PinEntry {
  const r = cert.resolved;
  const extensions = r.extensions.map(effectiveExtension);
  const eku = extensions.find((e) => e.kind === 'extKeyUsage');
  const san = extensions.find((e) => e.kind === 'subjectAltName');
  const bc = extensions.find((e) => e.kind === 'basicConstraints');
  const ca = bc?.kind === 'basicConstraints' && bc.ca;
  return {
    role: ca ? (r.issuer === r.name ? 'root' : 'intermediate') : 'leaf',
    profile: r.profile,
    issuer: r.issuer,
    subject: renderSubject(r.subject),
    issuerSubject: renderSubject(issuer.resolved.subject),
    serialNumber: serialHex(cert.serial),
    notBefore: isoSeconds(r.notBefore),
    notAfter: isoSeconds(r.notAfter),
    keyAlgorithm: keyAlgorithmName(r.key),
    extKeyUsage: eku?.kind === 'extKeyUsage' ? eku.oids.map(extKeyUsageName) : [],
    subjectAltNames: san?.kind === 'subjectAltName' ? san.names.map(renderGeneralName) : [],
    ...fingerprints(cert.der, cert.key.spki),
    files: certificateFiles(r.name),
  };
}

export function buildManifest(set: string, certificates: ReadonlyMap<string, IssuedCertificate>): PinManifest {
  const entries: Record<string, PinEntry> = {};
  for (const [name, cert] of certificates) entries[name] = pinEntry(cert, certificates.get(cert.resolved.issuer)!);
  return { schema: PIN_SCHEMA, set, certificates: entries };
}
