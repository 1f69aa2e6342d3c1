/**
 * Writes the scale templates of the benchmark into a folder: `leaves-p256.yaml` (a root, an
 * intermediate and 1,000 P-256 server leaves) and `leaves-rsa.yaml` (the same with 100 RSA-2048
 * leaves). Run directly (`node --import tsx bench/leaves.ts [DIR]`) it prints the folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface LeavesTemplate {
  readonly name: string;
  readonly leaves: number;
  readonly key: 'p256' | 'rsa2048';
}

export const LEAF_SETS: readonly LeavesTemplate[] = [
  { name: 'leaves-p256', leaves: 1000, key: 'p256' },
  { name: 'leaves-rsa', leaves: 100, key: 'rsa2048' },
];

/** A set with a root, an intermediate and `leaves` server leaves, alternating server/client profiles. */
export function leavesTemplate({ name, leaves, key }: LeavesTemplate): string {
  const lines = [
    'version: 1',
    `name: ${name}`,
    'defaults:',
    `  key: ${key}`,
    'certificates:',
    '  root:',
    '    subject: { CN: certgen Bench Root, O: certgen }',
    '    validity: { days: 3650 }',
    '  intermediate:',
    '    issuer: root',
    '    profile: intermediate',
    '    subject: { CN: certgen Bench Intermediate, O: certgen }',
    '    pathLength: 0',
  ];
  for (let i = 0; i < leaves; i++) {
    const id = String(i).padStart(4, '0');
    lines.push(`  leaf-${id}:`, '    issuer: intermediate', `    san: [leaf-${id}.test, localhost]`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes every scale template into `dir` (a new temp folder by default); returns the file paths. */
export function writeLeafTemplates(dir = mkdtempSync(join(tmpdir(), 'certgen-bench-leaves-'))): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const t of LEAF_SETS) {
    const file = join(dir, `${t.name}.yaml`);
    writeFileSync(file, leavesTemplate(t));
    files[t.name] = file;
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = writeLeafTemplates(process.argv[2]);
  for (const [name, file] of Object.entries(files)) process.stdout.write(`${name}\t${file}\n`);
}
