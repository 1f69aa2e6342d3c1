/**
 * The public option types of the API. They are the template's own types (docs/templates.md),
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
 * `createCA` and `ca.issue`. `issuer` is implied by the CA that issues; `crl`, `ocspSigner` and
 * `ocspResponse` describe files of a set (`generate()` returns them); the key-file fields describe
 * `<name>.key.pem`, and the API writes no file (`keyPem` is PKCS#8).
 */
export type CertificateOptions = DeepReadonly<Omit<RawCertificate, 'issuer' | 'crl' | FileField>>;

type FileField = 'keyFormat' | 'keyPassword' | 'keyMode' | 'ocspSigner' | 'ocspResponse';
const FILE_FIELDS: Readonly<Record<FileField, string>> = {
  keyFormat: 'sets the form of <name>.key.pem',
  keyPassword: 'sets the form of <name>.key.pem',
  keyMode: 'sets the form of <name>.key.pem',
  ocspSigner: 'is a template field for the OCSP response files',
  ocspResponse: 'is a template field for the OCSP response files',
};

/** Refuses the fields that describe files in an API call (`label`): silently dropping them would mislead. */
export function refuseFileFields(options: object, label: string): void {
  const field = (Object.keys(FILE_FIELDS) as FileField[]).find((f) => f in options);
  if (field !== undefined) {
    throw new CertgenError(`${field} ${FILE_FIELDS[field]}, which only \`certgen build\`, build() and generate() write; ${label} returns PEM strings (keyPem is PKCS#8)`, { file: label, path: [field] });
  }
}

/** The crypto engine: Node's built-in crypto (`node`, default) or @peculiar/webcrypto (`peculiar`, WebCrypto in JavaScript). */
export type EngineName = 'node' | 'peculiar';
