/**
 * One built set as `certgen serve` answers for it: each CA's certificate and CRL, the status of
 * every certificate it issued, and the key that signs its OCSP responses. Everything is read from
 * one version of the set (`out/<set>/..v-*`, pinned through `..data` once), so a rebuild swapping
 * the set mid-read can never mix two builds; the served state changes only when `..data` does.
 *
 * Statuses come from the built CRL (its entries' dates and reasons are what the CRL says, so the
 * live OCSP answers agree with the CRL byte for byte in time); certificates a CA issued come from
 * pins.json; the signer (`ocspSigner`, and its `keyPassword`) comes from the template.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import { CertgenError } from '../errors.js';
import { tbsParts } from '../inspect/x509.js';
import type { OcspCertStatus, OcspIssuer, OcspSigner } from '../ocsp/index.js';
import type { PinManifest } from '../pins/manifest.js';
import { PINS_FILE, certificateFiles, crlFiles } from '../artefacts/file-names.js';
import type { KeySpec } from '../resolve/types.js';
import { pemBlocks } from '../stores/pem.js';
import type { LoadedTemplate } from '../template/types.js';
import type { KeyPair } from '../crypto/types.js';
import { resolvePassword } from '../resolve/resolve-set.js';
import { loadSetSnapshot } from '../output/state.js';
import { crlFacts, type CrlFacts } from '../verify/crl.js';

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

/** A certificate name as certgen writes them (a file stem): anything else in pins.json is not ours. */
const CERT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Reads the current version of `out/<set>/`. `template` is the set's template as last read (for
 * `ocspSigner` and key passwords, looked up in `env`). Throws CertgenError when the set is not
 * built, its files are damaged, or a signing key cannot be opened.
 */
export async function readServedSet(out: string, template: LoadedTemplate, env: Readonly<Record<string, string | undefined>>): Promise<ServedSet> {
  const set = template.name;
  const dir = join(out, set);
  const snap = loadSetSnapshot(out, set);
  if (snap.status === 'missing') throw new CertgenError('not built: run certgen build first', { file: dir });
  if (snap.status === 'invalid') throw new CertgenError(`${snap.reason}: run certgen build again`, { file: dir });
  const version = snap.versionDir;
  // The version folder itself must be one: a symlink there could lead out of the out folder.
  if (!(await lstat(version).then((s) => s.isDirectory(), () => false))) throw new CertgenError(`${version} is not a folder: run certgen build again`, { file: dir });
  const damaged = (name: string, detail: string) => new CertgenError(`${detail}: run certgen build again`, { file: join(dir, name) });
  const readOptional = async (name: string): Promise<Uint8Array | null> => {
    const bytes = await readInside(version, name);
    if (typeof bytes === 'string') throw damaged(name, `cannot read (${bytes})`);
    return bytes;
  };
  const read = async (name: string): Promise<Uint8Array> => {
    const bytes = await readOptional(name);
    if (bytes === null) throw damaged(name, 'cannot read (ENOENT)');
    return bytes;
  };

  let pins: PinManifest;
  try {
    pins = JSON.parse(new TextDecoder().decode(await read(PINS_FILE))) as PinManifest;
  } catch (e) {
    throw e instanceof CertgenError ? e : damaged(PINS_FILE, 'not valid JSON');
  }
  const entries = Object.entries(pins.certificates ?? {});
  for (const [name] of entries) {
    if (!CERT_NAME.test(name)) throw damaged(PINS_FILE, `names a certificate "${name}" certgen would not write`);
  }
  const der = new Map<string, Uint8Array>();
  const certificateOf = async (name: string): Promise<Uint8Array> => {
    let cert = der.get(name);
    if (cert === undefined) {
      const block = pemBlocks(new TextDecoder().decode(await read(certificateFiles(name).cert))).find((b) => b.label === 'CERTIFICATE');
      if (block === undefined) throw damaged(certificateFiles(name).cert, 'no CERTIFICATE block');
      der.set(name, (cert = block.der));
    }
    return cert;
  };

  // A CA here is any certificate that issued another one (a `notCA` fixture's issuer included).
  const caNames = [...new Set(entries.filter(([name, e]) => e.issuer !== name).map(([, e]) => e.issuer))].filter((n) => CERT_NAME.test(n) && n in pins.certificates);
  const cas = await Promise.all(
    caNames.map(async (name): Promise<ServedCa> => {
      const certificate = await certificateOf(name);
      const crl = await readOptional(crlFiles(name).der);
      let facts: CrlFacts | null = null;
      try {
        facts = crl === null ? null : crlFacts(crl);
      } catch {
        throw damaged(crlFiles(name).der, 'not a CRL');
      }
      const issued = new Map<string, OcspCertStatus>(
        entries
          .filter(([n, e]) => e.issuer === name && n !== name)
          .map(([, e]): [string, OcspCertStatus] => {
            const revoked = facts?.revoked.get(e.serialNumber);
            return [e.serialNumber, revoked === undefined ? { status: 'good' } : { status: 'revoked', revocationTime: revoked, reason: facts!.reasons.get(e.serialNumber) ?? null }];
          }),
      );
      let parts: ReturnType<typeof tbsParts>;
      try {
        parts = tbsParts(certificate);
      } catch {
        throw damaged(certificateFiles(name).cert, 'not a certificate');
      }
      const signerName = template.template.certificates[name]?.ocspSigner ?? name;
      if (signerName !== name && pins.certificates[signerName]?.issuer !== name) throw damaged(PINS_FILE, `ocspSigner "${signerName}" of ${name} is not a certificate ${name} issued`);
      const keyFile = certificateFiles(signerName).key;
      let key: KeyObject;
      try {
        key = createPrivateKey({ key: new TextDecoder().decode(await read(keyFile)), passphrase: keyPassword(template, signerName, env) });
      } catch (e) {
        throw e instanceof CertgenError ? e : damaged(keyFile, `cannot open the key (${(e as Error).message})`);
      }
      const signer = { key: keyPairOf(key), certificate: signerName === name ? null : await certificateOf(signerName) };
      return { name, certificate, crl, issuer: { subjectDer: parts.subject, spki: parts.spki }, issued, signer };
    }),
  );
  return { name: set, version, cas: new Map(cas.map((c) => [c.name, c])) };
}

/**
 * The signer's `keyPassword` (its own or `defaults`'), as the build read it; undefined for a plain
 * key (createPrivateKey ignores a passphrase then: PKCS#8, PKCS#1 and SEC 1 files all open).
 */
function keyPassword(template: LoadedTemplate, name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const own = template.template.certificates[name]?.keyPassword;
  const raw = own ?? template.template.defaults?.keyPassword;
  if (raw === undefined) return undefined;
  const path = own !== undefined ? ['certificates', name, 'keyPassword'] : ['defaults', 'keyPassword'];
  return resolvePassword(raw, { file: template.file, path }, env, 'a key password');
}

function keyPairOf(key: KeyObject): KeyPair {
  return {
    spec: keySpecOf(key),
    pkcs8: new Uint8Array(key.export({ format: 'der', type: 'pkcs8' })),
    spki: new Uint8Array(createPublicKey(key).export({ format: 'der', type: 'spki' })),
  };
}

const CURVES: Readonly<Record<string, KeySpec>> = {
  prime256v1: { type: 'ec', curve: 'P-256' },
  secp384r1: { type: 'ec', curve: 'P-384' },
  secp521r1: { type: 'ec', curve: 'P-521' },
};

/** The KeySpec of a key certgen wrote (the signature algorithm follows from it). */
function keySpecOf(key: KeyObject): KeySpec {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { type: 'rsa', size: details.modulusLength ?? 0 };
    case 'ed25519':
      return { type: 'ed25519' };
    case 'ec': {
      const spec = CURVES[details.namedCurve ?? ''];
      if (spec) return spec;
    }
  }
  throw new Error(`a ${key.asymmetricKeyType ?? 'unknown'} key certgen cannot sign OCSP responses with`);
}

/**
 * A file of a version folder, never through a symlink (a version's files are regular files
 * certgen wrote; serve reads nothing outside the out folder whatever was put there). null when it
 * does not exist, the error code when it cannot be read.
 */
async function readInside(version: string, name: string): Promise<Uint8Array | null | string> {
  let handle;
  try {
    handle = await open(join(version, name), constants.O_RDONLY | constants.O_NOFOLLOW);
    return new Uint8Array(await handle.readFile());
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : code ?? (e as Error).message;
  } finally {
    await handle?.close();
  }
}
