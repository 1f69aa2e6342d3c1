/**
 * The template's shape is written twice: as the JSON Schema the loader validates against
 * (schema.ts) and as the TypeScript types the resolver reads (types.ts). `SchemaShape` derives the
 * type a schema admits, and the assertions below make `tsc` (the typecheck and every build) fail
 * when the two disagree in a field, its optionality or its values.
 */
import type { TEMPLATE_SCHEMA } from './schema.js';
import type { RawCertificate, RawKey, RawSharedFields, RawStore, RawTemplate } from './types.js';

/** The TypeScript type of the values a JSON Schema (written `as const`) admits, for the keywords the template schema uses. */
export type SchemaShape<S> = S extends { readonly const: infer C }
  ? C
  : S extends { readonly enum: readonly (infer E)[] }
    ? E
    : S extends { readonly oneOf: readonly (infer O)[] }
      ? SchemaShape<O>
      : S extends { readonly anyOf: readonly (infer O)[] }
        ? SchemaShape<O>
        : S extends { readonly type: 'string' }
          ? string
          : S extends { readonly type: 'integer' | 'number' }
            ? number
            : S extends { readonly type: 'boolean' }
              ? boolean
              : S extends { readonly type: 'array'; readonly items: infer I }
                ? SchemaShape<I>[]
                : S extends { readonly type: 'object' }
                  ? ObjectShape<S>
                  : unknown;

type ObjectShape<S> = S extends { readonly properties: infer P }
  ? Flat<Required<P, S extends { readonly required: readonly (infer R)[] } ? R : never>>
  : S extends { readonly additionalProperties: infer A extends object }
    ? Record<string, SchemaShape<A>>
    : Record<string, unknown>;

type Required<P, R> = { -readonly [K in keyof P as K extends R ? K : never]: SchemaShape<P[K]> } & {
  -readonly [K in keyof P as K extends R ? never : K]?: SchemaShape<P[K]>;
};

type Flat<T> = { [K in keyof T]: T[K] };

/** True only when A and B are the same type (not merely assignable either way: an extra optional field counts). */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type Template = SchemaShape<typeof TEMPLATE_SCHEMA>;
type Certificate = Template['certificates'][string];

export type TemplateShapeChecks = [
  Assert<Same<Template['defaults'], RawSharedFields | undefined>>,
  Assert<Same<Exclude<Certificate['key'], undefined>, RawKey>>,
  Assert<Same<Certificate, RawCertificate>>,
  Assert<Same<Exclude<Template['stores'], undefined>[string], RawStore>>,
  Assert<Same<Template, RawTemplate>>,
];
type Assert<T extends true> = T;
