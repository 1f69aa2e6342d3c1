/** Handles over certificates issued in this process (generate, build, createCA, ca.issue). */
import type { PinEntry } from '../pins/manifest.js';
import { chainOf, fullchainOf } from '../artefacts/package-set.js';
import type { IssuedCertificate } from '../x509/issue.js';
import type { HandleParts } from './handle.js';

/** The parts of `name`'s handle; `certs` holds it and every issuer up to its root, by name. */
export function issuedParts(name: string, certs: ReadonlyMap<string, IssuedCertificate>, info: PinEntry): HandleParts {
  return {
    name,
    pkcs8: certs.get(name)!.key.pkcs8,
    chain: chainOf(name, certs).map((c) => c.der),
    fullchain: fullchainOf(name, certs).map((c) => c.der),
    info,
  };
}
