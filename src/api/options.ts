/**
 * The public option types of the API. They are the template's own types (docs/templates.md),
 * made deeply read-only so that `as const` objects are accepted; every value is still validated
 * by the template schema at run time, with the CLI's messages.
 */
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
 * `createCA` and `ca.issue`. `issuer` is implied by the CA that issues; `crl` is for templates.
 */
export type CertificateOptions = DeepReadonly<Omit<RawCertificate, 'issuer' | 'crl'>>;

/** The crypto engine: Node's built-in crypto (`node`, default) or @peculiar/webcrypto (`peculiar`, WebCrypto in JavaScript). */
export type EngineName = 'node' | 'peculiar';
