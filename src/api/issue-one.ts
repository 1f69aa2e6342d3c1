/**
 * One certificate issued by an existing CA, in memory: the fast path behind `ca.issue()` and
 * `ca.createIntermediate()`.
 *
 * The certificate goes through the CLI's engine: its options become a two-entry
 * template (the CA, standing in only for its name and key type, and the new certificate naming
 * it as issuer), checked by the template schema and resolved by `resolveSet`, so profiles,
 * defaults, SKI/AKI and pins are the CLI's. Only the CA is not re-issued: `issueCertificate` signs
 * with the CA's existing key and identifiers. Key, serial and signature draw from the Rng streams
 * `issueSet` uses (`key:<name>`, `serial:<name>`, `signature:<name>`), so with a seed the result
 * is byte-identical to the same certificate in a seeded template.
 */
import { seededRngFactory, systemRngFactory } from '../crypto/random.js';
import { CertgenError } from '../errors.js';
import { pinEntry, type PinEntry } from '../pins/manifest.js';
import { resolveSet } from '../resolve/resolve-set.js';
import type { RawTemplate } from '../template/types.js';
import type { IssuedCertificate } from '../x509/issue.js';
import { generateKey, signCertificate } from '../x509/issue-set.js';
import { refuseFileFields, type CertificateOptions, type EngineName } from './options.js';
import { engineFor } from './pipeline.js';
import { DEFAULT_SET_NAME, loadTemplateObject, relocateError } from './template-object.js';

/** What a CA handle keeps to issue more certificates. */
export interface IssuerState {
  readonly name: string;
  /** The CA and every issuer above it, by name (what `chainOf` walks). */
  readonly chain: ReadonlyMap<string, IssuedCertificate>;
  /** The CA's own template-level settings, which certificates it issues share. */
  readonly seed: string | undefined;
  readonly epoch: string | undefined;
  readonly engine: EngineName;
}

export interface IssuedOne {
  readonly name: string;
  /** The issuer's chain plus the new certificate. */
  readonly chain: ReadonlyMap<string, IssuedCertificate>;
  readonly info: PinEntry;
}

/**
 * Issues one certificate from `options` (template certificate fields plus `name`) under `ca`.
 * `defaultProfile` applies when `options.profile` is absent; `label` names the call in errors.
 */
export async function issueOne(
  ca: IssuerState,
  options: CertificateOptions & { readonly name?: string },
  defaultProfile: 'server' | 'intermediate',
  label: string,
): Promise<IssuedOne> {
  const { name: given, ...fields } = options;
  if ('issuer' in fields) throw new CertgenError(`the issuer is the CA this is called on ("${ca.name}")`, { file: label, path: ['issuer'] });
  refuseFileFields(fields, label);
  const name = given ?? freeName(fields.profile ?? defaultProfile, ca.chain);
  if (ca.chain.has(name)) {
    throw new CertgenError(`"${name}" already names a certificate of this chain (${[...ca.chain.keys()].join(', ')}): choose another name`, { file: label, path: ['name'] });
  }
  const issuer = ca.chain.get(ca.name)!;
  const template: RawTemplate = {
    version: 1,
    ...(ca.seed !== undefined && { seed: ca.seed }),
    ...(ca.epoch !== undefined && { epoch: ca.epoch }),
    certificates: {
      // The CA as the resolver needs it: a name and a key type (the default signature hash and
      // the RSA-PSS check follow from it). Profile `none`: nothing else of it is resolved.
      [ca.name]: { key: { ...issuer.key.spec }, profile: 'none' },
      [name]: { profile: defaultProfile, ...(fields as RawTemplate['certificates'][string]), issuer: ca.name },
    },
  };

  let resolved;
  try {
    // Without options the template is made of checked parts only (the CA's own settings, a free
    // name, a profile): the schema check is skipped; any option sends it through the check.
    const loaded = Object.keys(fields).length === 0 ? { file: label, name: DEFAULT_SET_NAME, template } : loadTemplateObject(template, label);
    resolved = resolveSet(loaded, { now: new Date(), env: process.env }).certificates.find((c) => c.name === name)!;
  } catch (e) {
    throw relocateError(e, label, name);
  }

  const deps = { engine: await engineFor(ca.engine), rng: ca.seed !== undefined ? seededRngFactory(ca.seed) : systemRngFactory() };
  // `key: {sameAs: <the CA>}` is the one sameAs that can resolve here: the CA's own key pair.
  const key = resolved.keyOwner === name ? await generateKey(name, resolved.key, deps) : issuer.key;
  const issued = await signCertificate(resolved, key, issuer, deps);
  return { name, chain: new Map(ca.chain).set(name, issued), info: pinEntry(issued, issuer) };
}

/** `profile`, or `profile-2`, `profile-3`… : the first name no certificate of the chain has. */
function freeName(profile: string, chain: ReadonlyMap<string, unknown>): string {
  let name = profile;
  for (let n = 2; chain.has(name); n++) name = `${profile}-${n}`;
  return name;
}
