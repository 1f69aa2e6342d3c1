import type { RngFactory } from '../crypto/types.js';
import { buildManifest, type PinManifest } from '../pins/manifest.js';
import type { ResolvedStore } from '../resolve/types.js';
import type { IssuedCertificate } from '../x509/issue.js';
import type { IssuedSet } from '../x509/issue-set.js';
import { certificatePem, crlPem, privateKeyPem, publicKeyPem } from '../stores/pem.js';
import { encodePkcs12 } from '../stores/pkcs12-write.js';
import { PINS_FILE, certificateFiles, crlFiles } from './file-names.js';
import { chainFrom } from '../resolve/graph.js';

/** One file of a set, relative to `out/<set>/`. */
export interface SetFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** 0o600 for anything holding a private key, else 0o644. */
  readonly mode: number;
}

export interface PackagedSet {
  readonly issued: IssuedSet;
  readonly files: readonly SetFile[];
  readonly manifest: PinManifest;
}

const PRIVATE = 0o600;
const PUBLIC = 0o644;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The certificate, then its issuers up to and including the root (self-signed) certificate. */
export function chainOf(name: string, certs: ReadonlyMap<string, IssuedCertificate>): IssuedCertificate[] {
  return chainFrom(name, (n) => certs.get(n)!.resolved.issuer).map((n) => certs.get(n)!);
}

/** SPEC: fullchain is the certificate, then its issuers up to but not including the self-signed root. */
export function fullchainOf(name: string, certs: ReadonlyMap<string, IssuedCertificate>): IssuedCertificate[] {
  const chain = chainOf(name, certs);
  return chain.length > 1 ? chain.slice(0, -1) : chain;
}

/** Turns an issued set into its files: PEMs, CRLs, stores and pins.json (SPEC: Files written). */
export async function packageSet(issued: IssuedSet, rng: RngFactory): Promise<PackagedSet> {
  const certs = issued.certificates;
  const pemOf = certificatePems();
  const files: SetFile[] = [];
  for (const [name, cert] of certs) {
    const names = certificateFiles(name);
    files.push(
      { name: names.cert, bytes: text(pemOf(cert)), mode: PUBLIC },
      { name: names.key, bytes: text(privateKeyPem(cert.key.pkcs8)), mode: PRIVATE },
      { name: names.fullchain, bytes: text(fullchainOf(name, certs).map(pemOf).join('')), mode: PUBLIC },
      publicKeyFile(cert, names.pub),
    );
  }
  for (const crl of issued.crls) {
    const names = crlFiles(crl.issuer);
    files.push({ name: names.pem, bytes: text(crlPem(crl.der)), mode: PUBLIC }, { name: names.der, bytes: crl.der, mode: PUBLIC });
  }
  for (const store of issued.resolved.stores) {
    files.push({ name: store.file, bytes: await encodeStore(store, certs, rng, pemOf), mode: store.keys.length > 0 ? PRIVATE : PUBLIC });
  }
  const manifest = buildManifest(issued.resolved.name, certs);
  files.push({ name: PINS_FILE, bytes: text(`${JSON.stringify(manifest, null, 2)}\n`), mode: PUBLIC });
  return { issued, files, manifest };
}

/** `<name>.pub.pem`: the SubjectPublicKeyInfo, public like the certificate. */
function publicKeyFile(cert: IssuedCertificate, name: string): SetFile {
  return { name, bytes: text(publicKeyPem(cert.key.spki)), mode: PUBLIC };
}

/** Each certificate's PEM, armoured once: a thousand fullchains repeat the same intermediate. */
function certificatePems(): (cert: IssuedCertificate) => string {
  const pems = new Map<IssuedCertificate, string>();
  return (cert) => {
    let armoured = pems.get(cert);
    if (armoured === undefined) pems.set(cert, (armoured = certificatePem(cert.der)));
    return armoured;
  };
}

async function encodeStore(
  store: ResolvedStore,
  certs: ReadonlyMap<string, IssuedCertificate>,
  rng: RngFactory,
  pemOf: (cert: IssuedCertificate) => string,
): Promise<Uint8Array> {
  if (store.type === 'pem') {
    // A PEM store: each key followed by its certificate chain (what nginx/haproxy load), then trusted certificates.
    const keys = store.keys.map((e) => privateKeyPem(certs.get(e.cert)!.key.pkcs8) + fullchainOf(e.cert, certs).map(pemOf).join(''));
    const trusted = store.trusted.map((e) => pemOf(certs.get(e.cert)!));
    return text([...keys, ...trusted].join(''));
  }
  return encodePkcs12(
    store.keys.map((e) => ({ alias: e.alias, pkcs8: certs.get(e.cert)!.key.pkcs8, chain: chainOf(e.cert, certs).map((c) => c.der) })),
    store.trusted.map((e) => ({ alias: e.alias, cert: certs.get(e.cert)!.der })),
    { password: store.password, encryption: store.encryption, iterations: store.iterations, rng: rng.forLabel(`store:${store.file}`) },
  );
}
