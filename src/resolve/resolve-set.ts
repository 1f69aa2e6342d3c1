import { isoSeconds } from '../values/time.js';
import type { LoadedTemplate, RawCertificate, RawPassword, RawSharedFields, RawStore, RawStoreEntry, RawTemplate } from '../template/types.js';
import { derTlvProblem } from '../der/read.js';
import { textProblem } from '../values/text.js';
import { parseKey } from '../values/key.js';
import { parseHex, parseSerial } from '../values/hex.js';
import { parseSanList, parseSubtreeList } from '../values/san.js';
import { parseSubject } from '../values/subject.js';
import { parseTime } from '../values/time.js';
import { parseExtKeyUsage } from '../values/usage.js';
import { parsePublishUrl } from '../values/publish.js';
import { unknownName } from '../suggest.js';
import { at, fail, type Where } from '../values/where.js';
import { certificateFiles, crlFiles } from '../layout/file-names.js';
import { STORE_EXTENSIONS, STORE_FORMATS, storeTypeOf } from '../stores/formats.js';
import { EXTENSION_OIDS } from '../values/oids.js';
import { chainEnd, dependencyOrder } from './graph.js';
import { issuedBy, resolveOcspResponses, resolveOcspSigners } from './ocsp.js';
import { publishedUrls, type PublishedUrls } from './publish.js';
import {
  DEFAULT_DAYS,
  DEFAULT_ITERATIONS,
  DEFAULT_KEY_MODE,
  DEFAULT_NOT_BEFORE,
  DEFAULT_PASSWORD,
  DEFAULT_SAN,
  DETERMINISTIC_EPOCH,
  EXTENSION_ORDER,
  NO_EXPIRY,
  PROFILES,
  defaultEnd,
  defaultHash,
  type ProfileDefaults,
} from './profiles.js';
import type {
  Expectation,
  ExtensionSpec,
  KeyFileSpec,
  ProfileName,
  ResolvedCertificate,
  ResolvedCrl,
  ResolvedSet,
  ResolvedStore,
  StoreEntry,
} from './types.js';
import type { KeySpec } from '../values/types.js';

export interface ResolveContext {
  /** The clock, read once by the caller; used when the template has neither `epoch` nor `seed`. */
  readonly now: Date;
  /** Where `password: {env: VAR}` is looked up. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Applies profiles, defaults and references: a validated template becomes a ResolvedSet. */
export function resolveSet(loaded: LoadedTemplate, ctx: ResolveContext): ResolvedSet {
  const t = loaded.template;
  const root: Where = { file: loaded.file, path: [] };
  const certWhere = (name: string): Where => at(root, 'certificates', name);
  const names = Object.keys(t.certificates);
  const raw = (name: string): RawCertificate => t.certificates[name]!;

  const seed = t.seed ?? null;
  const epoch = t.epoch !== undefined ? parseEpoch(t.epoch, at(root, 'epoch')) : seed !== null ? DETERMINISTIC_EPOCH : ctx.now;

  const keys = resolveKeys(t, names, certWhere);
  const issuerOf = (name: string): string | null => raw(name).issuer ?? null;
  const others = (name: string) => names.filter((n) => n !== name);
  // An unknown issuer is most likely a misspelt CA: list the CAs (a hint users asked for), else every other name.
  const isCa = (n: string) => raw(n).basicConstraints?.ca ?? ['root', 'intermediate'].includes(raw(n).profile ?? (raw(n).issuer ? 'server' : 'root'));
  const issuers = (name: string) => (others(name).some(isCa) ? others(name).filter(isCa) : others(name));
  const order = dependencyOrder(names, issuerOf, (n) => at(certWhere(n), 'issuer'), 'issuer', issuers);

  const publish = t.publish === undefined ? null : parsePublishUrl(t.publish, at(root, 'publish'));
  const published = (name: string): PublishedUrls | null => {
    const issuer = issuerOf(name);
    return publish === null || issuer === null || issuer === name ? null : publishedUrls(publish, loaded.name, issuer, raw(issuer).crl !== undefined);
  };
  const certificates = order.map((name) =>
    resolveCertificate(name, raw(name), {
      t,
      where: certWhere(name),
      seed,
      epoch,
      keyOf: (n) => keys.get(n)!.spec,
      keyOwner: keys.get(name)!.owner,
      published: published(name),
      env: ctx.env,
    }),
  );
  const byName = new Map(certificates.map((c) => [c.name, c]));

  const trust = (t.trust ?? certificates.filter((c) => c.role === 'root').map((c) => c.name)).map((name, i) => {
    if (!byName.has(name)) fail(at(root, 'trust', i), unknownName('certificate', name, names));
    return name;
  });

  const crls = certificates.flatMap((c) => {
    const crl = raw(c.name).crl;
    return crl === undefined ? [] : [resolveCrl(c, crl, at(certWhere(c.name), 'crl'), byName, epoch, crlSignature(t, c.key))];
  });

  const stores = Object.entries(t.stores ?? {}).map(([file, store]) =>
    resolveStore(file, store, at(root, 'stores', file), byName, ctx.env),
  );
  checkFileCollisions(stores, certificates, root);

  const ocspContext = { certificates, byName, crls, raw, where: certWhere, epoch };
  const ocspSigners = resolveOcspSigners(ocspContext);
  const ocspResponses = resolveOcspResponses(ocspContext, ocspSigners);

  return { name: loaded.name, file: loaded.file, seed, epoch, certificates, trust, stores, crls, ocspSigners, ocspResponses, publish };
}

function parseEpoch(text: string, where: Where): Date {
  // The epoch is absolute: a duration would have nothing to count from.
  if (/^[+-]?\d+(\.\d+)?[smhdwy]/.test(text)) fail(where, 'epoch must be an ISO 8601 time, not a duration');
  return parseTime(text, new Date(0), where);
}

/** Key specs after `sameAs`: every certificate gets its owner (the end of its sameAs chain) and spec. */
function resolveKeys(t: RawTemplate, names: readonly string[], certWhere: (n: string) => Where): Map<string, { spec: KeySpec; owner: string }> {
  const parsed = new Map(names.map((n) => [n, parseKey(t.certificates[n]!.key ?? t.defaults?.key ?? 'p256')]));
  const sameAs = (n: string): string | null => {
    const k = parsed.get(n)!;
    return 'sameAs' in k ? k.sameAs : null;
  };
  dependencyOrder(names, sameAs, (n) => at(certWhere(n), 'key', 'sameAs'), 'sameAs', (n) => names.filter((o) => o !== n));
  for (const n of names) {
    if (sameAs(n) === n) fail(at(certWhere(n), 'key', 'sameAs'), 'a certificate cannot reuse its own key');
  }
  return new Map(
    names.map((n) => {
      const owner = chainEnd(n, sameAs);
      return [n, { spec: parsed.get(owner)! as KeySpec, owner }];
    }),
  );
}

interface CertContext {
  readonly t: RawTemplate;
  readonly where: Where;
  readonly seed: string | null;
  readonly epoch: Date;
  readonly keyOf: (name: string) => KeySpec;
  readonly keyOwner: string;
  readonly env: ResolveContext['env'];
  /** What `publish` gives this certificate (null: no `publish`, or self-signed). */
  readonly published: PublishedUrls | null;
}

function resolveCertificate(name: string, c: RawCertificate, ctx: CertContext): ResolvedCertificate {
  const { where } = ctx;
  const issuer = c.issuer ?? name;
  const selfSigned = issuer === name;
  const profile: ProfileName = c.profile ?? (selfSigned ? 'root' : 'server');
  const row = PROFILES[profile];
  const key = ctx.keyOf(name);

  const basicConstraints = resolveBasicConstraints(c, row.basicConstraints, where);
  const ca = basicConstraints?.ca ?? false;
  const extensions = orderExtensions(
    [
      basicConstraints,
      resolveKeyUsage(c, row, key, ca),
      resolveExtKeyUsage(c, row.extKeyUsage, where),
      { kind: 'subjectKeyIdentifier', critical: false },
      // RFC 5280 4.2.1.1: only a self-signed CA may omit the AKI; a self-signed leaf's is its own SKI.
      selfSigned && ca ? null : { kind: 'authorityKeyIdentifier', critical: false },
      resolveSan(c, row.defaultSan, where),
      resolveNameConstraints(c, where),
      listExtension('crlDistributionPoints', c.crlDistributionPoints ?? ctx.t.defaults?.crlDistributionPoints ?? ctx.published?.crlDistributionPoints),
      resolveAuthorityInfoAccess(
        c.ocsp ?? ctx.t.defaults?.ocsp ?? ctx.published?.ocsp ?? [],
        c.caIssuers ?? ctx.t.defaults?.caIssuers ?? ctx.published?.caIssuers ?? [],
      ),
      row.ocspNoCheck ? { kind: 'ocspNoCheck', critical: false } : null,
    ],
    c,
    where,
  );

  const { notBefore, notAfter } = resolveValidity(c, ctx);
  return {
    name,
    role: ca ? (selfSigned ? 'root' : 'intermediate') : 'leaf',
    profile,
    issuer,
    subject: parseSubject(c.subject ?? { CN: name }, at(where, 'subject')),
    key,
    keyOwner: ctx.keyOwner,
    signature: resolveSignature(c, ctx.t, ctx.keyOf(issuer), where),
    notBefore,
    notAfter,
    serial: c.serial === undefined ? null : parseSerial(c.serial, at(where, 'serial')),
    extensions,
    expect: (c.expect ?? 'valid') as Expectation,
    checkHost: resolveCheckHost(c, row.purposes.includes('server'), where),
    keyFile: resolveKeyFile(name, c, ctx, key),
  };
}

/** `checkHost`, default `localhost` for server purposes: a host name, so no NUL or control characters. */
function resolveCheckHost(c: RawCertificate, server: boolean, where: Where): string | null {
  if (c.checkHost === undefined) return server ? 'localhost' : null;
  const problem = textProblem(c.checkHost) ?? (/[\u0000-\u001f\u007f]/.test(c.checkHost) ? 'contains a control character' : null);
  if (problem !== null) fail(at(where, 'checkHost'), `the host name ${problem}`);
  return c.checkHost;
}

/** A key-file field: the certificate's own, else `defaults`'s, with where it was written. */
function sharedField<K extends keyof RawSharedFields>(c: RawCertificate, ctx: CertContext, field: K): { value: NonNullable<RawSharedFields[K]>; where: Where } | null {
  if (c[field] !== undefined) return { value: c[field]!, where: at(ctx.where, field) };
  const inherited = ctx.t.defaults?.[field];
  return inherited === undefined ? null : { value: inherited, where: { file: ctx.where.file, path: ['defaults', field] } };
}

/** keyFormat, keyPassword, keyMode (per certificate or in `defaults`). */
function resolveKeyFile(name: string, c: RawCertificate, ctx: CertContext, key: KeySpec): KeyFileSpec {
  const format = sharedField(c, ctx, 'keyFormat');
  const password = sharedField(c, ctx, 'keyPassword');
  const mode = sharedField(c, ctx, 'keyMode');
  if (format?.value === 'traditional' && key.type === 'ed25519') {
    fail(format.where, `"${name}" has an Ed25519 key, which has no traditional (PKCS#1/SEC 1) form: use pkcs8`);
  }
  if (password !== null && format?.value === 'traditional') {
    fail(password.where, `"${name}": an encrypted key file is PKCS#8 (legacy encrypted PEM is not written): remove keyFormat: traditional`);
  }
  return {
    format: format?.value ?? 'pkcs8',
    password: password === null ? null : resolvePassword(password.value, password.where, ctx.env, 'a key password'),
    mode: mode === null ? DEFAULT_KEY_MODE : Number.parseInt(mode.value, 8),
  };
}

type Ext<K extends ExtensionSpec['kind']> = Extract<ExtensionSpec, { kind: K }>;

function resolveBasicConstraints(c: RawCertificate, profile: { readonly ca: boolean } | null, where: Where): Ext<'basicConstraints'> | null {
  const bc = c.basicConstraints;
  if (bc?.pathLength !== undefined && c.pathLength !== undefined && bc.pathLength !== c.pathLength) {
    fail(at(where, 'pathLength'), `conflicts with basicConstraints.pathLength (${bc.pathLength})`);
  }
  if (bc === undefined && profile === null) {
    if (c.pathLength !== undefined) fail(at(where, 'pathLength'), 'pathLength needs basicConstraints (profile none writes none)');
    return null;
  }
  const ca = bc?.ca ?? profile?.ca ?? false;
  const pathLength = bc?.pathLength ?? c.pathLength ?? null;
  if (pathLength !== null && !ca) fail(at(where, bc?.pathLength !== undefined ? 'basicConstraints' : 'pathLength'), 'pathLength is only meaningful on a CA (RFC 5280 4.2.1.9)');
  return { kind: 'basicConstraints', critical: bc?.critical ?? true, ca, pathLength };
}

/**
 * The profile's key usages, or the certificate's own. A profile's certificate-signing usages
 * (keyCertSign, cRLSign) are dropped when `basicConstraints.ca` is false: RFC 5280 4.2.1.9 forbids
 * keyCertSign on a non-CA (OpenSSL's -x509_strict refuses it). An explicit `keyUsage` is kept as written.
 */
function resolveKeyUsage(c: RawCertificate, row: ProfileDefaults, key: KeySpec, ca: boolean): Ext<'keyUsage'> | null {
  if (c.keyUsage !== undefined) return c.keyUsage.length === 0 ? null : { kind: 'keyUsage', critical: true, usages: c.keyUsage };
  if (row.keyUsage === null) return null;
  const profileUsages = ca ? row.keyUsage : row.keyUsage.filter((u) => u !== 'keyCertSign' && u !== 'cRLSign');
  const usages = row.rsaKeyEncipherment && key.type === 'rsa' ? [...profileUsages, 'keyEncipherment' as const] : profileUsages;
  return { kind: 'keyUsage', critical: true, usages };
}

function resolveExtKeyUsage(c: RawCertificate, profile: readonly string[] | null, where: Where): Ext<'extKeyUsage'> | null {
  const names = c.extKeyUsage ?? profile ?? [];
  if (names.length === 0) return null;
  return { kind: 'extKeyUsage', critical: false, oids: parseExtKeyUsage(names, at(where, 'extKeyUsage')) };
}

function resolveSan(c: RawCertificate, defaultSan: boolean, where: Where): Ext<'subjectAltName'> | null {
  const list = c.san ?? (defaultSan ? DEFAULT_SAN : []);
  if (list.length === 0) return null;
  // RFC 5280 4.2.1.6: critical only when the subject is empty; certgen subjects never are.
  return { kind: 'subjectAltName', critical: false, names: parseSanList(list, at(where, 'san')) };
}

function resolveNameConstraints(c: RawCertificate, where: Where): Ext<'nameConstraints'> | null {
  const nc = c.nameConstraints;
  if (nc === undefined) return null;
  const permitted = parseSubtreeList(nc.permitted ?? [], at(where, 'nameConstraints', 'permitted'));
  const excluded = parseSubtreeList(nc.excluded ?? [], at(where, 'nameConstraints', 'excluded'));
  if (permitted.length + excluded.length === 0) fail(at(where, 'nameConstraints'), 'needs at least one permitted or excluded subtree (RFC 5280 4.2.1.10)');
  // RFC 5280 4.2.1.10: "Conforming CAs MUST mark this extension as critical".
  return { kind: 'nameConstraints', critical: true, permitted, excluded };
}

function listExtension(kind: 'crlDistributionPoints', uris: readonly string[] | undefined): ExtensionSpec | null {
  if (uris === undefined || uris.length === 0) return null;
  return { kind, critical: false, uris };
}

/** AIA: the OCSP responders (`ocsp`), then where the issuer's certificate is (`caIssuers`). */
function resolveAuthorityInfoAccess(ocsp: readonly string[], caIssuers: readonly string[]): Ext<'authorityInfoAccess'> | null {
  return ocsp.length + caIssuers.length === 0 ? null : { kind: 'authorityInfoAccess', critical: false, ocsp, caIssuers };
}

/**
 * Computed extensions in EXTENSION_ORDER; a raw extension with a computed extension's OID takes its
 * slot (Go's ExtraExtensions precedence, keeping golden diffs small); other raw ones follow in order.
 */
function orderExtensions(computed: readonly (ExtensionSpec | null)[], c: RawCertificate, where: Where): ExtensionSpec[] {
  const malformed = (c.extensions ?? []).map((e) => e.malformed === true);
  const raws: Ext<'raw'>[] = (c.extensions ?? []).map((e, i) => {
    const valueWhere = at(where, 'extensions', i, 'value');
    const value = parseHex(e.value, valueWhere);
    const problem = malformed[i] ? null : derTlvProblem(value);
    if (problem !== null) fail(valueWhere, `not exactly one DER TLV: ${problem} (malformed: true writes it unchecked)`);
    return { kind: 'raw', oid: e.oid, critical: e.critical ?? false, value };
  });
  raws.forEach((r, i) => {
    if (raws.findIndex((o) => o.oid === r.oid) !== i) fail(at(where, 'extensions', i, 'oid'), `extension ${r.oid} is listed twice`);
  });
  const byKind = new Map(computed.filter((e): e is ExtensionSpec => e !== null).map((e) => [e.kind, e]));
  const out: ExtensionSpec[] = [];
  // A `malformed: true` entry never replaces: with a computed extension's OID it is a second one
  // (RFC 5280 4.2 forbids that: a fixture that must not parse).
  const replacing = raws.filter((_r, i) => !malformed[i]);
  for (const kind of EXTENSION_ORDER) {
    const replacement = replacing.find((r) => r.oid === EXTENSION_OIDS[kind]);
    const ext = replacement ?? byKind.get(kind);
    if (ext) out.push(ext);
  }
  const computedOids = new Set<string>(Object.values(EXTENSION_OIDS));
  return [...out, ...raws.filter((r, i) => malformed[i] || !computedOids.has(r.oid))];
}

function resolveValidity(c: RawCertificate, ctx: CertContext): { notBefore: Date; notAfter: Date } {
  const own = c.validity ?? {};
  const inherited = ctx.t.defaults?.validity ?? {};
  // Field by field; a certificate's own `days` beats an inherited notAfter (the nearer word wins).
  const merged = { ...inherited, ...own };
  if (own.days !== undefined && own.notAfter === undefined) delete merged.notAfter;
  const where = at(ctx.where, 'validity');
  const notBefore = parseTime(merged.notBefore ?? DEFAULT_NOT_BEFORE, ctx.epoch, at(where, 'notBefore'));
  let notAfter: Date;
  if (merged.notAfter !== undefined) notAfter = parseTime(merged.notAfter, ctx.epoch, at(where, 'notAfter'));
  else if (merged.days !== undefined) notAfter = new Date(notBefore.getTime() + Math.round(merged.days * 86400) * 1000);
  else notAfter = ctx.seed !== null ? NO_EXPIRY : defaultEnd(notBefore, DEFAULT_DAYS * 86400e3);
  // NaN compares false both ways: an out-of-range `days` must be caught explicitly.
  if (Number.isNaN(notAfter.getTime()) || notAfter.getUTCFullYear() > 9999) fail(at(where, 'days'), 'notAfter would be past 9999-12-31');
  if (notAfter < notBefore) fail(at(where, 'notAfter'), `notAfter (${isoSeconds(notAfter)}) is before notBefore (${isoSeconds(notBefore)})`);
  return { notBefore, notAfter };
}

function resolveSignature(c: RawCertificate, t: RawTemplate, issuerKey: KeySpec, where: Where): ResolvedCertificate['signature'] {
  if (issuerKey.type === 'ed25519' && c.hash !== undefined) fail(at(where, 'hash'), 'an Ed25519 issuer signs without a separate hash');
  if (c.pss === true && issuerKey.type !== 'rsa') fail(at(where, 'pss'), 'RSA-PSS needs an RSA issuer key');
  const hash = c.hash ?? t.defaults?.hash ?? defaultHash(issuerKey);
  // A set-wide `pss` default applies where it can: to certificates with RSA issuers.
  const pss = issuerKey.type === 'rsa' && (c.pss ?? t.defaults?.pss ?? false);
  return { hash, pss };
}

/** A CRL is signed as the CA signs certificates: `defaults.hash`/`pss`, else the hash its key calls for. */
function crlSignature(t: RawTemplate, caKey: KeySpec): ResolvedCrl['signature'] {
  return { hash: t.defaults?.hash ?? defaultHash(caKey), pss: caKey.type === 'rsa' && (t.defaults?.pss ?? false) };
}

function resolveCrl(
  ca: ResolvedCertificate,
  crl: NonNullable<RawCertificate['crl']>,
  where: Where,
  byName: ReadonlyMap<string, ResolvedCertificate>,
  epoch: Date,
  signature: ResolvedCrl['signature'],
): ResolvedCrl {
  if (ca.role === 'leaf') fail(where, 'only a CA can sign a CRL');
  const thisUpdate = parseTime(crl.thisUpdate ?? DEFAULT_NOT_BEFORE, epoch, at(where, 'thisUpdate'));
  const nextUpdate = crl.nextUpdate !== undefined ? parseTime(crl.nextUpdate, epoch, at(where, 'nextUpdate')) : defaultEnd(thisUpdate, 30 * 86400e3);
  if (nextUpdate < thisUpdate) fail(at(where, 'nextUpdate'), 'nextUpdate is before thisUpdate');
  const revoked = (crl.revoked ?? []).map((entry, i) => {
    const w = at(where, 'revoked', i);
    const e = typeof entry === 'string' ? { cert: entry } : entry;
    issuedBy(ca.name, e.cert, byName, w);
    const date = e.date !== undefined ? parseTime(e.date, epoch, at(w, 'date')) : thisUpdate;
    return { cert: e.cert, reason: e.reason ?? null, date };
  });
  revoked.forEach((r, i) => {
    if (revoked.findIndex((o) => o.cert === r.cert) !== i) fail(at(where, 'revoked', i), `"${r.cert}" is listed twice`);
  });
  return { issuer: ca.name, signature, thisUpdate, nextUpdate, revoked };
}

function resolveStore(file: string, s: RawStore, where: Where, byName: ReadonlyMap<string, ResolvedCertificate>, env: ResolveContext['env']): ResolvedStore {
  const type = storeTypeOf(file) ?? fail(where, `a store's file name ends in ${STORE_EXTENSIONS.map((e) => `.${e}`).join(', ')}`);
  if (s.type !== undefined && s.type !== type) fail(at(where, 'type'), `a ${file.slice(file.lastIndexOf('.'))} file is ${type}, not ${s.type}`);
  if (!STORE_FORMATS[type].encrypted) {
    for (const field of ['password', 'encryption', 'iterations'] as const) {
      if (s[field] !== undefined) fail(at(where, field), `a ${STORE_FORMATS[type].name} store is not encrypted: remove this field or use .p12`);
    }
  }
  const entries = (list: RawStoreEntry[] | undefined, field: 'keys' | 'trusted'): StoreEntry[] =>
    (list ?? []).map((e, i) => {
      const entry = typeof e === 'string' ? { cert: e, alias: e } : { cert: e.cert, alias: e.alias ?? e.cert };
      if (!byName.has(entry.cert)) fail(at(where, field, i), unknownName('certificate', entry.cert, [...byName.keys()]));
      return entry;
    });
  const keys = entries(s.keys, 'keys');
  const trusted = entries(s.trusted, 'trusted');
  if (keys.length + trusted.length === 0) fail(where, 'a store needs "keys" or "trusted" entries');
  // Each key entry is found by its leaf's localKeyId: one certificate cannot make two entries.
  keys.forEach((k, i) => {
    if (keys.findIndex((o) => o.cert === k.cert) !== i) fail(at(where, 'keys', i), `certificate "${k.cert}" already has a key entry in this store`);
  });
  // Java compares aliases case-insensitively: two that differ only in case collide.
  const aliases = [...keys, ...trusted].map((e) => e.alias.toLowerCase());
  aliases.forEach((a, i) => {
    if (aliases.indexOf(a) !== i) {
      const field = i < keys.length ? 'keys' : 'trusted';
      fail(at(where, field, i < keys.length ? i : i - keys.length), `alias "${a}" is used twice in this store (Java ignores case)`);
    }
  });
  const password = s.password === undefined ? null : resolvePassword(s.password, at(where, 'password'), env, 'a PKCS#12 password');
  return {
    file,
    type,
    password: password ?? DEFAULT_PASSWORD,
    passwordIsDefault: password === null,
    keys,
    trusted,
    encryption: s.encryption ?? 'aes256',
    iterations: s.iterations ?? DEFAULT_ITERATIONS,
    chain: s.chain ?? true,
  };
}

/** A store's or a key file's password; `what` names it in messages. */
export function resolvePassword(raw: RawPassword, where: Where, env: ResolveContext['env'], what: string): string {
  // Own properties only: `{env: constructor}` must not find Object.prototype's.
  // An unquoted YAML number (`password: 123456`) means its digits.
  const value = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : Object.hasOwn(env, raw.env) ? env[raw.env] : undefined;
  if (typeof value !== 'string') fail(at(where, 'env'), `environment variable ${(raw as { env: string }).env} is not set`);
  // Java refuses non-ASCII store passwords and cannot open password-less ones.
  if (value === '' || !/^[\x20-\x7e]+$/.test(value)) fail(where, `${what} must be non-empty printable ASCII`);
  return value;
}

function checkFileCollisions(stores: readonly ResolvedStore[], certs: readonly ResolvedCertificate[], root: Where): void {
  if (stores.length === 0) return; // nothing can collide (and a 10,000-leaf set has 60,000 names)
  const taken = new Set(certs.flatMap((c) => [...Object.values(certificateFiles(c.name)), ...Object.values(crlFiles(c.name))]));
  for (const s of stores) {
    if (taken.has(s.file)) fail(at(root, 'stores', s.file), `collides with a certificate's file of the same name`);
  }
}
