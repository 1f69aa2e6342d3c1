/**
 * One built set as `certgen serve` answers for it: each CA's certificate and CRL, the status of
 * every certificate it issued, and the key that signs its OCSP responses, all read from one
 * version of the set (version-files.ts); the served state changes only when `..data` does.
 *
 * Statuses come from the built CRL (its entries' dates and reasons are what the CRL says, so the
 * live OCSP answers agree with the CRL); the certificates a CA issued come from pins.json; the
 * signer (`ocspSigner`, and its `keyPassword`) comes from the template.
 */
import { PINS_FILE, crlFiles } from '../layout/file-names.js';
import { tbsParts } from '../inspect/x509.js';
import type { OcspCertStatus, OcspIssuer, OcspSigner } from '../ocsp/index.js';
import type { RevocationReason } from '../values/types.js';
import type { LoadedTemplate } from '../template/types.js';
import { REASON_CODES } from '../x509/crl.js';
import { crlFacts, type CrlFacts } from '../verify/crl.js';
import { readSigningKey } from './signing-key.js';
import { openVersion, type VersionFiles } from './version-files.js';

/** One CA of a served set. */
export interface ServedCa {
  readonly name: string;
  /** Its certificate, DER (`GET /<set>/<ca>.cer`). */
  readonly certificate: Uint8Array;
  /** Its CRL, DER (`GET /<set>/<ca>.crl`), or null when its template has no `crl`. */
  readonly crl: Uint8Array | null;
  /** What a request's CertID must hash to for this CA. */
  readonly issuer: OcspIssuer;
  /** Serial (lowercase hex, no leading zeros) of each certificate it issued → its status. */
  readonly issued: ReadonlyMap<string, OcspCertStatus>;
  /** The responder key and certificate. */
  readonly signer: OcspSigner;
}

export interface ServedSet {
  readonly name: string;
  /** The `..v-*` version these values were read from. */
  readonly version: string;
  readonly cas: ReadonlyMap<string, ServedCa>;
}

/** What serve needs of a pins.json entry. */
interface IssuedEntry {
  readonly issuer: string;
  readonly serialNumber: string;
  readonly role: unknown;
}

const REASON_NAMES = new Map(Object.entries(REASON_CODES).map(([name, code]) => [code, name as RevocationReason]));

/** A certificate name as certgen writes them (a file stem): anything else in pins.json is not ours. */
const CERT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the current version of `out/<set>/`. `template` is the set's template as last read (for
 * `ocspSigner` and key passwords, looked up in `env`). Throws CertgenError when the set is not
 * built, its files are damaged, or a signing key cannot be opened.
 */
export async function readServedSet(out: string, template: LoadedTemplate, env: Env): Promise<ServedSet> {
  const files = await openVersion(out, template.name);
  const entries = await readEntries(files);
  // A CA here is a root or intermediate, or any certificate that issued another one (a `notCA` fixture's issuer).
  const issuers = [...entries].filter(([name, e]) => e.issuer !== name).map(([, e]) => e.issuer);
  const roles = [...entries].filter(([, e]) => e.role === 'root' || e.role === 'intermediate').map(([name]) => name);
  const caNames = [...new Set([...roles, ...issuers])].filter((n) => entries.has(n));
  const cas = await Promise.all(caNames.map((name) => readCa(name, entries, files, template, env)));
  return { name: template.name, version: files.version, cas: new Map(cas.map((c) => [c.name, c])) };
}

/** pins.json's certificates: name → issuer and serial, checked to be what certgen writes. */
async function readEntries(files: VersionFiles): Promise<ReadonlyMap<string, IssuedEntry>> {
  let pins: unknown;
  try {
    pins = JSON.parse(new TextDecoder().decode(await files.read(PINS_FILE)));
  } catch (e) {
    throw e instanceof SyntaxError ? files.damaged(PINS_FILE, 'not valid JSON') : e;
  }
  const certificates = (pins as { certificates?: unknown } | null)?.certificates;
  if (typeof certificates !== 'object' || certificates === null) throw files.damaged(PINS_FILE, 'no certificates');
  const entries = new Map<string, IssuedEntry>();
  for (const [name, e] of Object.entries(certificates as Record<string, Partial<IssuedEntry> | null>)) {
    if (!CERT_NAME.test(name) || typeof e?.issuer !== 'string' || !CERT_NAME.test(e.issuer) || typeof e.serialNumber !== 'string') {
      throw files.damaged(PINS_FILE, `certificates["${name}"] is not what certgen writes`);
    }
    entries.set(name, { issuer: e.issuer, serialNumber: e.serialNumber, role: e.role });
  }
  return entries;
}

async function readCa(name: string, entries: ReadonlyMap<string, IssuedEntry>, files: VersionFiles, template: LoadedTemplate, env: Env): Promise<ServedCa> {
  const certificate = await files.certificate(name);
  let parts: ReturnType<typeof tbsParts>;
  try {
    parts = tbsParts(certificate);
  } catch {
    throw files.damaged(`${name}.pem`, 'not a certificate');
  }
  const crl = await files.readOptional(crlFiles(name).der);
  let facts: CrlFacts | null;
  try {
    facts = crl === null ? null : crlFacts(crl);
  } catch {
    throw files.damaged(crlFiles(name).der, 'not a CRL');
  }
  const statusOf = (serial: string): OcspCertStatus => {
    const revocationTime = facts?.revoked.get(serial);
    return revocationTime === undefined ? { status: 'good' } : { status: 'revoked', revocationTime, reason: REASON_NAMES.get(facts?.reasonCodes.get(serial) ?? -1) ?? null };
  };
  const issued = new Map([...entries].filter(([n, e]) => e.issuer === name && n !== name).map(([, e]) => [e.serialNumber, statusOf(e.serialNumber)]));

  const signer = template.template.certificates[name]?.ocspSigner ?? name;
  if (signer !== name && entries.get(signer)?.issuer !== name) throw files.damaged(PINS_FILE, `ocspSigner "${signer}" of ${name} is not a certificate ${name} issued`);
  const key = await readSigningKey(files, template, signer, env);
  return {
    name,
    certificate,
    crl,
    issuer: { subjectDer: parts.subject, spki: parts.spki },
    issued,
    signer: { key, certificate: signer === name ? null : await files.certificate(signer) },
  };
}
