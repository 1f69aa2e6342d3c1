import { certificatePem, privateKeyPem } from './pem.js';
import type { Pkcs12KeyEntry, Pkcs12TrustedEntry } from './pkcs12-write.js';

/**
 * A PEM store: each key followed by its certificate and issuers up to but not including the
 * self-signed root (what nginx and HAProxy load), then the trusted certificates. Not encrypted.
 */
export function encodePemStore(keys: readonly Pkcs12KeyEntry[], trusted: readonly Pkcs12TrustedEntry[]): Uint8Array {
  const keyBlocks = keys.map((k) => privateKeyPem(k.pkcs8) + (k.chain.length > 1 ? k.chain.slice(0, -1) : k.chain).map(certificatePem).join(''));
  return new TextEncoder().encode([...keyBlocks, ...trusted.map((t) => certificatePem(t.cert))].join(''));
}
