// Runs once per `vitest run`, before any test file: builds the fixtures with certgen's build().
// A set that is already up to date (same template, certgen version and files, still valid) is
// left as it is, so a second run costs a few milliseconds.
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { build } from 'certgen';

const templates = fileURLToPath(new URL('./certs.yaml', import.meta.url));
const out = fileURLToPath(new URL('./.certs', import.meta.url));

export default async function setup(project: TestProject): Promise<void> {
  await build({ templates, out });
  // Test files run in workers: hand them the folder (provide() takes serializable values only)
  // and let each read the set back with load().
  project.provide('certgenOut', out);
}

declare module 'vitest' {
  export interface ProvidedContext {
    certgenOut: string;
  }
}
