import type { PinManifest } from './manifest.js';

export const PIN_FORMATS = ['json', 'okhttp', 'curl', 'hex', 'env', 'envoy'] as const;
export type PinFormat = (typeof PIN_FORMATS)[number];

type Row = { set: string; name: string; spkiSha256: string; certSha256: string };

const rows = (manifests: readonly PinManifest[]): Row[] =>
  manifests.flatMap((m) => Object.entries(m.certificates).map(([name, e]) => ({ set: m.set, name, spkiSha256: e.spkiSha256, certSha256: e.certSha256 })));

const envName = (text: string): string => text.toUpperCase().replace(/[-.]/g, '_');

/**
 * Renders already-filtered manifests in one of the pin formats of `certgen pins --format`. With several sets, `hex` names
 * a certificate `set/name` so rows stay unambiguous; `json` wraps them as `{"sets": {...}}`.
 */
export function renderPins(manifests: readonly PinManifest[], format: PinFormat): string {
  const all = rows(manifests);
  switch (format) {
    case 'json':
      return `${JSON.stringify(manifests.length === 1 ? manifests[0] : { sets: Object.fromEntries(manifests.map((m) => [m.set, m])) }, null, 2)}\n`;
    case 'okhttp':
      return all.map((r) => `sha256/${r.spkiSha256}\n`).join('');
    case 'curl':
      return `${all.map((r) => `sha256//${r.spkiSha256}`).join(';')}\n`;
    case 'hex':
      return all.map((r) => `${manifests.length > 1 ? `${r.set}/` : ''}${r.name} ${r.certSha256}\n`).join('');
    case 'env':
      return all
        .map((r) => {
          const prefix = `CERTGEN_${envName(r.set)}_${envName(r.name)}`;
          return `${prefix}_SPKI_SHA256=${r.spkiSha256}\n${prefix}_CERT_SHA256=${r.certSha256}\n`;
        })
        .join('');
    case 'envoy':
      return [
        'verify_certificate_spki:',
        ...all.map((r) => `  - "${r.spkiSha256}"`),
        'verify_certificate_hash:',
        ...all.map((r) => `  - "${r.certSha256}"`),
        '',
      ].join('\n');
  }
}
