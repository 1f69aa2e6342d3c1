import { isoSeconds } from '../values/time.js';
import type { LoadedTemplate, RawCertificate, RawStore, RawStoreEntry, RawTemplate } from '../template/types.js';
import { parseKey } from '../values/key.js';
import { parseHex, parseSerial } from '../values/hex.js';
import { parseSanList, parseSubtreeList } from '../values/san.js';
import { parseSubject } from '../values/subject.js';
import { parseTime } from '../values/time.js';
import { parseExtKeyUsage } from '../values/usage.js';
import { parsePublishUrl } from '../values/publish.js';
import { at, fail, type Where } from '../values/where.js';
import { certificateFiles, crlFiles } from '../layout/file-names.js';
import { STORE_EXTENSIONS, STORE_FORMATS, storeTypeOf } from '../stores/formats.js';
import { EXTENSION_OIDS } from '../values/oids.js';
import { chainEnd, dependencyOrder } from './graph.js';
import { publishedUrls, type PublishedUrls } from './publish.js';
import {
  DEFAULT_DAYS,
  DEFAULT_ITERATIONS,
  DEFAULT_NOT_BEFORE,
  DEFAULT_PASSWORD,
  DEFAULT_SAN,
  DETERMINISTIC_EPOCH,
  EXTENSION_ORDER,
  NO_EXPIRY,
  PROFILES,
  defaultHash,
  type ProfileDefaults,
} from './profiles.js';
import type { ExtensionSpec, ProfileName, ResolvedCertificate, ResolvedCrl, ResolvedSet, ResolvedStore, StoreEntry } from './types.js';
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
    }),
  );
  const byName = new Map(certificates.map((c) => [c.name, c]));

  const trust = (t.trust ?? certificates.filter((c) => c.role === 'root').map((c) => c.name)).map((name, i) => {
    if (!byName.has(name)) fail(at(root, 'trust', i), `unknown certificate "${name}" (known: ${names.join(', ')})`);
    return name;
  });

  const crls = certificates.flatMap((c) => {
    const crl = raw(c.name).crl;
    return crl === undefined ? [] : [resolveCrl(c, crl, at(certWhere(c.name), 'crl'), byName, epoch)];
  });

  const stores = Object.entries(t.stores ?? {}).map(([file, store]) =>
    resolveStore(file, store, at(root, 'stores', file), byName, ctx.env),
  );
  checkFileCollisions(stores, certificates, root);

  return { name: loaded.name, file: loaded.file, seed, epoch, certificates, trust, stores, crls, publish };
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
      resolveKeyUsage(c, row, key),
      resolveExtKeyUsage(c, row.extKeyUsage, where),
      { kind: 'subjectKeyIdentifier', critical: false },
      selfSigned ? null : { kind: 'authorityKeyIdentifier', critical: false },
      resolveSan(c, row.defaultSan, where),
      resolveNameConstraints(c, where),
      listExtension('crlDistributionPoints', c.crlDistributionPoints ?? ctx.t.defaults?.crlDistributionPoints ?? ctx.published?.crlDistributionPoints),
      listExtension('authorityInfoAccess', c.ocsp ?? ctx.t.defaults?.ocsp ?? ctx.published?.ocsp),
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
    expect: c.expect ?? 'valid',
    checkHost: c.checkHost ?? (row.purposes.includes('server') ? 'localhost' : null),
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

function resolveKeyUsage(c: RawCertificate, row: ProfileDefaults, key: KeySpec): Ext<'keyUsage'> | null {
  if (c.keyUsage !== undefined) return c.keyUsage.length === 0 ? null : { kind: 'keyUsage', critical: true, usages: c.keyUsage };
  if (row.keyUsage === null) return null;
  const usages = row.rsaKeyEncipherment && key.type === 'rsa' ? [...row.keyUsage, 'keyEncipherment' as const] : row.keyUsage;
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

function listExtension(kind: 'crlDistributionPoints' | 'authorityInfoAccess', uris: readonly string[] | undefined): ExtensionSpec | null {
  if (uris === undefined || uris.length === 0) return null;
  return kind === 'crlDistributionPoints' ? { kind, critical: false, uris } : { kind, critical: false, ocsp: uris };
}

/**
 * Computed extensions in EXTENSION_ORDER; a raw extension with a computed extension's OID takes its
 * slot (Go's ExtraExtensions precedence, keeping golden diffs small); other raw ones follow in order.
 */
function orderExtensions(computed: readonly (ExtensionSpec | null)[], c: RawCertificate, where: Where): ExtensionSpec[] {
  const raws: Ext<'raw'>[] = (c.extensions ?? []).map((e, i) => {
    const value = parseHex(e.value, at(where, 'extensions', i, 'value'));
    return { kind: 'raw', oid: e.oid, critical: e.critical ?? false, value };
  });
  raws.forEach((r, i) => {
    if (raws.findIndex((o) => o.oid === r.oid) !== i) fail(at(where, 'extensions', i, 'oid'), `extension ${r.oid} is listed twice`);
  });
  const byKind = new Map(computed.filter((e): e is ExtensionSpec => e !== null).map((e) => [e.kind, e]));
  const out: ExtensionSpec[] = [];
  for (const kind of EXTENSION_ORDER) {
    const replacement = raws.find((r) => r.oid === EXTENSION_OIDS[kind]);
    const ext = replacement ?? byKind.get(kind);
    if (ext) out.push(ext);
  }
  const computedOids = new Set<string>(Object.values(EXTENSION_OIDS));
  return [...out, ...raws.filter((r) => !computedOids.has(r.oid))];
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
  else notAfter = ctx.seed !== null ? NO_EXPIRY : new Date(notBefore.getTime() + DEFAULT_DAYS * 86400e3);
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

function resolveCrl(ca: ResolvedCertificate, crl: NonNullable<RawCertificate['crl']>, where: Where, byName: ReadonlyMap<string, ResolvedCertificate>, epoch: Date): ResolvedCrl {
  if (ca.role === 'leaf') fail(where, 'only a CA can sign a CRL');
  const thisUpdate = parseTime(crl.thisUpdate ?? DEFAULT_NOT_BEFORE, epoch, at(where, 'thisUpdate'));
  const nextUpdate = crl.nextUpdate !== undefined ? parseTime(crl.nextUpdate, epoch, at(where, 'nextUpdate')) : new Date(thisUpdate.getTime() + 30 * 86400e3);
  if (nextUpdate < thisUpdate) fail(at(where, 'nextUpdate'), 'nextUpdate is before thisUpdate');
  const revoked = (crl.revoked ?? []).map((entry, i) => {
    const w = at(where, 'revoked', i);
    const e = typeof entry === 'string' ? { cert: entry } : entry;
    const cert = byName.get(e.cert);
    if (!cert) fail(w, `unknown certificate "${e.cert}" (known: ${[...byName.keys()].join(', ')})`);
    if (cert.issuer !== ca.name || cert.name === ca.name) fail(w, `"${e.cert}" is not issued by ${ca.name}`);
    const date = e.date !== undefined ? parseTime(e.date, epoch, at(w, 'date')) : thisUpdate;
    return { cert: e.cert, reason: e.reason ?? null, date };
  });
  revoked.forEach((r, i) => {
    if (revoked.findIndex((o) => o.cert === r.cert) !== i) fail(at(where, 'revoked', i), `"${r.cert}" is listed twice`);
  });
  return { issuer: ca.name, thisUpdate, nextUpdate, revoked };
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
      if (!byName.has(entry.cert)) fail(at(where, field, i), `unknown certificate "${entry.cert}" (known: ${[...byName.keys()].join(', ')})`);
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
  const password = resolvePassword(s.password, at(where, 'password'), env);
  return {
    file,
    type,
    password: password ?? DEFAULT_PASSWORD,
    passwordIsDefault: password === null,
    keys,
    trusted,
    encryption: s.encryption ?? 'aes256',
    iterations: s.iterations ?? DEFAULT_ITERATIONS,
  };
}

function resolvePassword(raw: RawStore['password'], where: Where, env: ResolveContext['env']): string | null {
  if (raw === undefined) return null;
  // Own properties only: `{env: constructor}` must not find Object.prototype's.
  // An unquoted YAML number (`password: 123456`) means its digits.
  const value = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : Object.hasOwn(env, raw.env) ? env[raw.env] : undefined;
  if (typeof value !== 'string') fail(at(where, 'env'), `environment variable ${(raw as { env: string }).env} is not set`);
  // Java refuses non-ASCII store passwords and cannot open password-less ones.
  if (value === '' || !/^[\x20-\x7e]+$/.test(value)) fail(where, 'a PKCS#12 password must be non-empty printable ASCII');
  return value;
}

function checkFileCollisions(stores: readonly ResolvedStore[], certs: readonly ResolvedCertificate[], root: Where): void {
  const taken = new Set(certs.flatMap((c) => [...Object.values(certificateFiles(c.name)), ...Object.values(crlFiles(c.name))]));
  for (const s of stores) {
    if (taken.has(s.file)) fail(at(root, 'stores', s.file), `collides with a certificate's file of the same name`);
  }
}
