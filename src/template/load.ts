import { basename, extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { CertgenError } from '../errors.js';
import type { LoadedTemplate, RawTemplate } from './types.js';
import { findTemplateFiles, readTemplateText } from './find.js';
import { assertTemplate } from './validate.js';

const SET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Parses template text (YAML or JSON by extension) and validates its structure. */
export function parseTemplate(text: string, file: string): LoadedTemplate {
  const doc = parseDocument(text, file);
  assertTemplate(doc, file);
  return { file, name: setName(doc, file), template: doc };
}

/** Loads every template under `paths`; two files may not define the same set. */
export async function loadTemplates(paths: readonly string[]): Promise<LoadedTemplate[]> {
  const files = await findTemplateFiles(paths);
  if (files.length === 0) throw new CertgenError('no template files (.yaml, .yml, .json) found', { file: paths.join(', ') });
  const loaded = await Promise.all(files.map(async (file) => parseTemplate(await readTemplateText(file), file)));
  const seen = new Map<string, string>();
  for (const t of loaded) {
    const other = seen.get(t.name);
    if (other !== undefined) throw new CertgenError(`set "${t.name}" is also defined in ${other}`, { file: t.file, path: ['name'] });
    seen.set(t.name, t.file);
  }
  return loaded;
}

function parseDocument(text: string, file: string): unknown {
  if (extname(file) === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      // V8 quotes the text around the error, newlines included: keep the message on one line.
      throw new CertgenError(`invalid JSON: ${(e as Error).message.replace(/\s*\n\s*/g, ' ')}`, { file });
    }
  }
  try {
    // uniqueKeys: a duplicated certificate name is a mistake, not an override.
    return parseYaml(text, { uniqueKeys: true, prettyErrors: true, maxAliasCount: 100, logLevel: 'error' }) as unknown;
  } catch (e) {
    if (e instanceof YAMLParseError) {
      // yaml's first line ends with ':' before a code excerpt, and its multi-document advice names its own API.
      const where = e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
      const what = e.code === 'MULTIPLE_DOCS' ? 'a template file holds one YAML document (found a second "---")' : e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new CertgenError(`invalid YAML: ${what}${where}`, { file });
    }
    throw new CertgenError(`invalid YAML: ${(e as Error).message}`, { file });
  }
}

function setName(doc: RawTemplate, file: string): string {
  if (doc.name !== undefined) return doc.name;
  const stem = basename(file, extname(file));
  if (!SET_NAME.test(stem)) {
    throw new CertgenError(`the file name "${stem}" is not a valid set name ([a-z0-9][a-z0-9_-]*, at most 64 characters): rename the file or set "name"`, { file, path: ['name'] });
  }
  return stem;
}
