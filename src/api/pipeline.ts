import { createEngine, type EngineName } from '../crypto/engine.js';
import { hexDigest } from '../crypto/digest.js';
import { seededRngFactory, systemRngFactory } from '../crypto/random.js';
import type { Engine, RngFactory } from '../crypto/types.js';
import { resolveSet } from '../resolve/resolve-set.js';
import type { ResolvedSet } from '../resolve/types.js';
import { packageSet, packager, type IssuedWithOcsp, type PackagedSet, type SetFile } from '../artefacts/package-set.js';
import type { PinManifest } from '../pins/manifest.js';
import { locateError } from '../template/locate.js';
import type { LoadedTemplate } from '../template/types.js';
import type { IssuedCertificate } from '../x509/issue.js';
import { issueSet } from '../x509/issue-set.js';
import { issueOcspResponses } from '../ocsp/issue-responses.js';

export interface PipelineOptions {
  /** Crypto engine; default Node's built-in crypto. */
  readonly engine?: EngineName;
  /** The clock, read once; used when the template has neither `epoch` nor `seed`. */
  readonly now?: Date;
  /** Where `password: {env: VAR}` is looked up; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called as certificates are issued: `done` of the set's `total` (the CLI's progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

const engines = new Map<EngineName, Promise<Engine>>();

/** One engine per name per process: @peculiar/webcrypto is imported at most once. */
export function engineFor(name: EngineName = 'node'): Promise<Engine> {
  let engine = engines.get(name);
  if (!engine) engines.set(name, (engine = createEngine(name)));
  return engine;
}

/** template → resolved plan → keys → certificates → stores/pins: the whole engine, in memory. */
export async function produceSet(loaded: LoadedTemplate, options: PipelineOptions = {}): Promise<PackagedSet> {
  return produceResolved(resolveTemplate(loaded, options), options);
}

/** The resolved plan; an error about a field of a template file names the field's line and column. */
export function resolveTemplate(loaded: LoadedTemplate, options: PipelineOptions = {}): ResolvedSet {
  try {
    return resolveSet(loaded, { now: options.now ?? new Date(), env: options.env ?? process.env });
  } catch (e) {
    throw locateError(e, loaded);
  }
}

/** keys → certificates → stores/pins for an already resolved set. */
export async function produceResolved(set: ResolvedSet, options: PipelineOptions = {}): Promise<PackagedSet> {
  const rng = rngOf(set);
  return packageSet(await issueAll(set, rng, options), rng);
}

/** What a build that streamed its files keeps of the set: no file bytes. */
export interface StreamedSet {
  readonly issued: IssuedWithOcsp;
  readonly manifest: PinManifest;
  readonly fileNames: readonly string[];
}

/**
 * produceResolved for a build that writes as it goes: each certificate's files are handed to
 * `onFiles` as soon as it is issued, the other files at the end, and none is kept.
 */
export async function produceStreamed(set: ResolvedSet, options: PipelineOptions, onFiles: (files: readonly SetFile[]) => void): Promise<StreamedSet> {
  const rng = rngOf(set);
  const packaging = packager(rng);
  const fileNames: string[] = [];
  const hand = (files: readonly SetFile[]) => {
    for (const f of files) fileNames.push(f.name);
    onFiles(files);
  };
  const issued = await issueAll(set, rng, options, (cert) => hand(packaging.certificate(cert)));
  const rest = await packaging.rest(issued);
  hand(rest.files);
  return { issued, manifest: rest.manifest, fileNames };
}

const rngOf = (set: ResolvedSet): RngFactory => (set.seed !== null ? seededRngFactory(set.seed) : systemRngFactory());

/** keys → certificates (each given to `onIssued` as it is made) → OCSP responses. */
async function issueAll(set: ResolvedSet, rng: RngFactory, options: PipelineOptions, onIssued?: (cert: IssuedCertificate) => void): Promise<IssuedWithOcsp> {
  const engine = await engineFor(options.engine);
  const { onProgress } = options;
  const each = onProgress || onIssued
    ? {
        onProgress: (done: number, total: number, cert: IssuedCertificate) => {
          onProgress?.(done, total);
          onIssued?.(cert);
        },
      }
    : {};
  const issued = await issueSet(set, { engine, rng, ...each });
  // The OCSP response fixtures are signed once their certificates (and signers) exist.
  const ocspResponses = await issueOcspResponses(set.ocspResponses, issued.certificates, { engine, rng });
  return { ...issued, ocspResponses };
}

/**
 * What a built set's freshness depends on besides its files and the template's raw bytes: the
 * parsed template (so comments and layout do not count). Values read from the environment are
 * not in it: the state records them keyed (output/secrets.ts), never as a plain hash.
 */
export function inputsHash(loaded: LoadedTemplate): string {
  return hexDigest('sha256', JSON.stringify([loaded.name, loaded.template]));
}
