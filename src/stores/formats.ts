import { encodePemStore } from './pem-store.js';
import { encodePkcs12, type Pkcs12KeyEntry, type Pkcs12Options, type Pkcs12TrustedEntry } from './pkcs12-write.js';

/**
 * The store formats a template can ask for, one row each: the file extensions that select it,
 * whether it takes a password (`password`, `encryption`, `iterations`), and its encoder. A new
 * format is its encoder's file plus one row here; the schema's store names, the resolver and the
 * set writer read this table.
 */
export interface StoreFormat {
  /** As messages name it. */
  readonly name: string;
  readonly extensions: readonly string[];
  readonly encrypted: boolean;
  /** Key entries carry the leaf, then its issuers up to and including the root. */
  readonly encode: (keys: readonly Pkcs12KeyEntry[], trusted: readonly Pkcs12TrustedEntry[], options: Pkcs12Options) => Uint8Array | Promise<Uint8Array>;
}

export const STORE_FORMATS = {
  pkcs12: { name: 'PKCS#12', extensions: ['.p12', '.pfx'], encrypted: true, encode: encodePkcs12 },
  pem: { name: 'PEM', extensions: ['.pem'], encrypted: false, encode: encodePemStore },
} as const satisfies Record<string, StoreFormat>;

export type StoreType = keyof typeof STORE_FORMATS;

export const STORE_TYPES = Object.keys(STORE_FORMATS) as StoreType[];

/** Every store file extension, without the dot (`p12`), in table order. */
export const STORE_EXTENSIONS = Object.values(STORE_FORMATS).flatMap((f) => f.extensions.map((e) => e.slice(1)));

/** The format a store file's extension selects, or undefined. */
export function storeTypeOf(file: string): StoreType | undefined {
  return STORE_TYPES.find((t) => STORE_FORMATS[t].extensions.some((e) => file.endsWith(e)));
}
