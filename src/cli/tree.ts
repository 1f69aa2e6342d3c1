import { isoSeconds } from '../values/time.js';
import type { PackagedSet } from '../artefacts/package-set.js';

/**
 * The PKI as a tree, root → intermediates → leaves, one line per certificate with its EKU, key
 * and validity, so a person sees at a glance what was made.
 */
export function renderTree(set: Pick<PackagedSet, 'manifest'>): string {
  const entries = set.manifest.certificates;
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const [name, e] of Object.entries(entries)) {
    if (e.issuer === name) roots.push(name);
    else children.set(e.issuer, [...(children.get(e.issuer) ?? []), name]);
  }
  const lines: string[] = [];
  const walk = (name: string, prefix: string, last: boolean, top: boolean): void => {
    const e = entries[name]!;
    const usage = e.role === 'leaf' ? e.extKeyUsage.join('+') || 'no EKU' : e.role;
    lines.push(`${top ? '  ' : `${prefix}${last ? '└─ ' : '├─ '}`}${name}  [${usage}]  ${e.keyAlgorithm}  until ${isoSeconds(new Date(e.notAfter))}`);
    const kids = children.get(name) ?? [];
    kids.forEach((k, i) => walk(k, top ? '  ' : `${prefix}${last ? '   ' : '│  '}`, i === kids.length - 1, false));
  };
  roots.forEach((r) => walk(r, '', true, true));
  return `${lines.join('\n')}\n`;
}
