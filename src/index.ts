/**
 * certgen's public API (ESM). Everything here is certgen's own types, strings, `Uint8Array`s and
 * node:crypto's `X509Certificate`: no type of a dependency crosses this line (a consumer without those packages could not compile,
 * checked by test/api/declarations.test.ts).
 */
export { build, createCA, generate, load, serve } from './api/entry.js';
export type { BuildOptions, BuildResult, BuiltSet } from './api/build.js';
export type { CaHandle, CaOptions, IssueOptions } from './api/ca.js';
export type { GeneratedFile, GenerateOptions, GenerateResult } from './api/generate.js';
export type { CertificateHandle, Pkcs12Options, TlsClientOptions, TlsServerOptions, TlsTrustOptions } from './api/handle.js';
export type { LoadResult } from './api/load.js';
export type { CertificateOptions, EngineName, Template } from './api/options.js';
export type { ServeHandle, ServeOptions } from './api/serve.js';
export type { CertificatePaths, FileCertificate, FixtureSet } from './api/set-view.js';
export { CertgenError, type FieldPath } from './errors.js';
export type { PinEntry, PinManifest } from './pins/manifest.js';
export { VERSION } from './version.js';
