import type { RngFactory } from '../crypto/types.js';
import { buildManifest, type PinManifest } from '../pins/manifest.js';
import type { ResolvedStore } from '../resolve/types.js';
import type { IssuedCertificate } from '../x509/issue.js';
import type { IssuedSet } from '../x509/issue-set.js';
import type { IssuedOcspResponse } from '../ocsp/issue-responses.js';
import type { IssuedCrl } from '../x509/crl.js';
import { encodeKeyFile } from '../crypto/key-file.js';
import { crlPem, pem, publicKeyPem, sharedCertificatePem } from '../stores/pem.js';
import { STORE_FORMATS } from '../stores/formats.js';
import { PINS_FILE, certificateFiles, crlFiles, ocspResponseFile, type CertificateFile, type CrlFile } from '../layout/file-names.js';
import { chainFrom } from '../resolve/graph.js';

/** One file of a set, relative to `out/<set>/`. */
export interface SetFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** 0o600 for anything holding a private key (a key file: its `keyMode`), else 0o644. */
  readonly mode: number;
}

export interface PackagedSet {
  readonly issued: IssuedWithOcsp;
  readonly files: readonly SetFile[];
  readonly manifest: PinManifest;
}

const PRIVATE = 0o600;
const PUBLIC = 0o644;
const utf8 = new TextEncoder();
const text = (s: string): Uint8Array => utf8.encode(s);

/** The certificate, then its issuers up to and including the root (self-signed) certificate. */
export function chainOf(name: string, certs: ReadonlyMap<string, IssuedCertificate>): IssuedCertificate[] {
  return chainFrom(name, (n) => certs.get(n)!.resolved.issuer).map((n) => certs.get(n)!);
}

/** A fullchain is the certificate, then its issuers up to but not including the self-signed root. */
export function fullchainOf(name: string, certs: ReadonlyMap<string, IssuedCertificate>): IssuedCertificate[] {
  const chain = chainOf(name, certs);
  return chain.length > 1 ? chain.slice(0, -1) : chain;
}

/** An issued set with its OCSP response fixtures (ocsp/ signs them after x509/ issued the set). */
export type IssuedWithOcsp = IssuedSet & { readonly ocspResponses: readonly IssuedOcspResponse[] };

/** What a row's producer may read besides its own certificate or CRL. */
interface SetContext {
  readonly certs: ReadonlyMap<string, IssuedCertificate>;
  readonly rng: RngFactory;
}

type Content = Pick<SetFile, 'bytes' | 'mode'>;

/** The bytes of each file a certificate gets, one row per kind in layout/file-names.ts. */
const CERTIFICATE_CONTENT: { readonly [K in CertificateFile]: (cert: IssuedCertificate, set: SetContext) => Content } = {
  cert: (cert) => ({ bytes: text(sharedCertificatePem(cert.der)), mode: PUBLIC }),
  key: (cert, set) => privateKeyFile(cert, set.rng),
  fullchain: (cert, set) => ({ bytes: text(fullchainOf(cert.resolved.name, set.certs).map((c) => sharedCertificatePem(c.der)).join('')), mode: PUBLIC }),
  /** The SubjectPublicKeyInfo, public like the certificate. */
  pub: (cert) => ({ bytes: text(publicKeyPem(cert.key.spki)), mode: PUBLIC }),
};

/** The bytes of each file a CA's CRL is written to. */
const CRL_CONTENT: { readonly [K in CrlFile]: (crl: IssuedCrl) => Content } = {
  pem: (crl) => ({ bytes: text(crlPem(crl.der)), mode: PUBLIC }),
  der: (crl) => ({ bytes: crl.der, mode: PUBLIC }),
};

/** Turns an issued set into its files: each certificate's and CRL's rows, the stores, then pins.json. */
export async function packageSet(issued: IssuedWithOcsp, rng: RngFactory): Promise<PackagedSet> {
  const packaging = packager(rng);
  const files = [...issued.certificates.values()].flatMap(packaging.certificate);
  const rest = await packaging.rest(issued);
  return { issued, files: [...files, ...rest.files], manifest: rest.manifest };
}

/**
 * A set packaged in two steps, so that a build can write each certificate's files as soon as the
 * certificate is issued (and keep none of their bytes): `packageSet` is the two in a row.
 */
export interface Packager {
  /** The files of a certificate just issued; its issuers were given before it. */
  readonly certificate: (cert: IssuedCertificate) => SetFile[];
  /** Once the whole set is issued: CRL files, OCSP responses, stores, pins.json, and the manifest. */
  readonly rest: (issued: IssuedWithOcsp) => Promise<{ files: SetFile[]; manifest: PinManifest }>;
}

export function packager(rng: RngFactory): Packager {
  const certs = new Map<string, IssuedCertificate>();
  const set: SetContext = { certs, rng };
  return {
    certificate: (cert) => {
      certs.set(cert.resolved.name, cert);
      return rows(certificateFiles(cert.resolved.name), CERTIFICATE_CONTENT, (content) => content(cert, set));
    },
    rest: async (issued) => {
      const files: SetFile[] = [];
      for (const crl of issued.crls) files.push(...rows(crlFiles(crl.issuer), CRL_CONTENT, (content) => content(crl)));
      files.push(...ocspResponseFiles(issued));
      for (const store of issued.resolved.stores) {
        files.push({ name: store.file, bytes: await encodeStore(store, issued.certificates, rng), mode: store.keys.length > 0 ? PRIVATE : PUBLIC });
      }
      const manifest = buildManifest(issued.resolved.name, issued.certificates);
      files.push({ name: PINS_FILE, bytes: text(`${JSON.stringify(manifest, null, 2)}\n`), mode: PUBLIC });
      return { files, manifest };
    },
  };
}

/** One file per row: its name from `names`, its content from the row's producer. */
function rows<K extends string, P>(names: Readonly<Record<K, string>>, producers: Readonly<Record<K, P>>, produce: (producer: P) => Content): SetFile[] {
  return (Object.keys(names) as K[]).map((kind) => ({ name: names[kind], ...produce(producers[kind]) }));
}

/** `<name>.ocsp.der` for each certificate with `ocspResponse` (public: a response is sent to anyone). */
function ocspResponseFiles(issued: IssuedWithOcsp): SetFile[] {
  return issued.ocspResponses.map((r) => ({ name: ocspResponseFile(r.cert), bytes: r.der, mode: PUBLIC }));
}

/** `<name>.key.pem` in the template's form and mode (keyFormat, keyPassword, keyMode). */
function privateKeyFile(cert: IssuedCertificate, rng: RngFactory): Content {
  const { format, password, mode } = cert.resolved.keyFile;
  const { label, der } = encodeKeyFile(cert.key, { format, password }, rng.forLabel(`keyfile:${cert.resolved.name}`));
  return { bytes: text(pem(label, der)), mode };
}

/** The store's entries handed to its format's encoder (stores/formats.ts). */
function encodeStore(store: ResolvedStore, certs: ReadonlyMap<string, IssuedCertificate>, rng: RngFactory): Promise<Uint8Array> | Uint8Array {
  // `chain: false`: a key entry's certificate alone, no issuers.
  const withIssuers = (name: string) => (store.chain ? chainOf(name, certs) : [certs.get(name)!]);
  return STORE_FORMATS[store.type].encode(
    store.keys.map((e) => ({ alias: e.alias, pkcs8: certs.get(e.cert)!.key.pkcs8, chain: withIssuers(e.cert).map((c) => c.der) })),
    store.trusted.map((e) => ({ alias: e.alias, cert: certs.get(e.cert)!.der })),
    { password: store.password, encryption: store.encryption, iterations: store.iterations, rng: rng.forLabel(`store:${store.file}`) },
  );
}
