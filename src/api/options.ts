/**
 * The public option types of the API. They are the template's own types (SPEC: Template format),
 * made deeply read-only so that `as const` objects are accepted; every value is still validated
 * by the template schema at run time, with the CLI's messages.
 */
import { CertgenError } from '../errors.js';
import type { RawCertificate, RawTemplate } from '../template/types.js';

type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A template as an object: exactly the YAML/JSON format of `certgen build` (`version: 1`, `certificates`, `stores`…). */
export type Template = DeepReadonly<RawTemplate>;

/**
 * A certificate's template fields (`profile`, `subject`, `san`, `key`, `validity`, `extKeyUsage`,
 * `keyUsage`, `pathLength`, `nameConstraints`, `serial`, `hash`, `pss`, `extensions`…), for
 * `createCA` and `ca.issue`. `issuer` is implied by the CA that issues; `crl` is for templates;
 * the key-file fields describe files, and the API writes none (`keyPem` is PKCS#8).
 */
export type CertificateOptions = DeepReadonly<Omit<RawCertificate, 'issuer' | 'crl' | KeyFileField>>;

type KeyFileField = 'keyFormat' | 'keyPassword' | 'keyMode';
const KEY_FILE_FIELDS: readonly KeyFileField[] = ['keyFormat', 'keyPassword', 'keyMode'];

/** Refuses the key-file fields in an API call (`label`): silently returning a PKCS#8 `keyPem` would mislead. */
export function refuseKeyFileFields(options: object, label: string): void {
  const field = KEY_FILE_FIELDS.find((f) => f in options);
  if (field !== undefined) {
    throw new CertgenError(`${field} sets the form of <name>.key.pem, which only \`certgen build\` and build() write; ${label} returns keyPem (PKCS#8)`, { file: label, path: [field] });
  }
}

/** The crypto engine: Node's built-in crypto (`node`, default) or @peculiar/webcrypto (`peculiar`, WebCrypto in JavaScript). */
export type EngineName = 'node' | 'peculiar';
