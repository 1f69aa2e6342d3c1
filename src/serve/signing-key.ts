/**
 * The private key that signs a CA's OCSP responses, read from `<signer>.key.pem` in whatever form
 * the build wrote it (PKCS#8, PKCS#1 or SEC 1, or encrypted PKCS#8 with the template's
 * `keyPassword`, looked up in the environment as `build` does).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { certificateFiles } from '../layout/file-names.js';
import type { KeyPair } from '../crypto/types.js';
import { CertgenError } from '../errors.js';
import { resolvePassword } from '../resolve/resolve-set.js';
import type { KeySpec } from '../values/types.js';
import type { LoadedTemplate } from '../template/types.js';
import type { VersionFiles } from './version-files.js';

/** `<name>.key.pem` of one version as a KeyPair; a CertgenError naming the file (or the `keyPassword` field) when it cannot be opened. */
export async function readSigningKey(files: VersionFiles, template: LoadedTemplate, name: string, env: Readonly<Record<string, string | undefined>>): Promise<KeyPair> {
  const file = certificateFiles(name).key;
  const pem = new TextDecoder().decode(await files.read(file));
  const passphrase = keyPassword(template, name, env);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, passphrase });
  } catch (e) {
    throw files.damaged(file, `cannot open the key (${(e as Error).message})`);
  }
  return {
    spec: keySpecOf(key, () => files.damaged(file, `a ${key.asymmetricKeyType ?? 'unknown'} key certgen cannot sign with`)),
    pkcs8: new Uint8Array(key.export({ format: 'der', type: 'pkcs8' })),
    spki: new Uint8Array(createPublicKey(key).export({ format: 'der', type: 'spki' })),
  };
}

/**
 * The key's `keyPassword` (its own or `defaults`'), as the build read it; undefined for a plain
 * key (createPrivateKey ignores a passphrase then).
 */
function keyPassword(template: LoadedTemplate, name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const own = template.template.certificates[name]?.keyPassword;
  const raw = own ?? template.template.defaults?.keyPassword;
  if (raw === undefined) return undefined;
  const path = own !== undefined ? ['certificates', name, 'keyPassword'] : ['defaults', 'keyPassword'];
  return resolvePassword(raw, { file: template.file, path }, env, 'a key password');
}

const CURVES: Readonly<Record<string, KeySpec>> = {
  prime256v1: { type: 'ec', curve: 'P-256' },
  secp384r1: { type: 'ec', curve: 'P-384' },
  secp521r1: { type: 'ec', curve: 'P-521' },
};

/** The KeySpec of a key certgen wrote (the signature algorithm follows from it). */
function keySpecOf(key: KeyObject, unsupported: () => CertgenError): KeySpec {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return { type: 'rsa', size: details.modulusLength ?? 0 };
  if (key.asymmetricKeyType === 'ed25519') return { type: 'ed25519' };
  const spec = key.asymmetricKeyType === 'ec' ? CURVES[details.namedCurve ?? ''] : undefined;
  if (spec === undefined) throw unsupported();
  return spec;
}
