import { basename, extname } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument as parseYamlDocument, YAMLParseError, type Document, type Node } from 'yaml';
import { CertgenError, type FieldPath } from '../errors.js';
import type { LoadedTemplate, RawTemplate } from './types.js';
import { findTemplateFiles, readTemplateText } from './find.js';
import { firstDuplicateKey, linePosition } from './json-duplicates.js';
import { locateError } from './locate.js';
import { assertTemplate } from './validate.js';

const SET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

type Locate = NonNullable<LoadedTemplate['locate']>;

/** Parses template text (YAML or JSON by extension) and validates its structure. */
export function parseTemplate(text: string, file: string): LoadedTemplate {
  const { doc, locate } = parseDocument(text.replace(/^\uFEFF/, ''), file);
  try {
    assertTemplate(doc, file);
    return { file, name: setName(doc, file), template: doc, locate };
  } catch (e) {
    throw locateError(e, { file, locate });
  }
}

/** Loads every template under `paths`; two files may not define the same set. */
export async function loadTemplates(paths: readonly string[]): Promise<LoadedTemplate[]> {
  const files = await findTemplateFiles(paths);
  if (files.length === 0) throw new CertgenError('no template files (.yaml, .yml, .json) found', { file: paths.join(', ') });
  const loaded = await Promise.all(files.map(async (file) => parseTemplate(await readTemplateText(file), file)));
  const seen = new Map<string, string>();
  for (const t of loaded) {
    const other = seen.get(t.name);
    if (other !== undefined) throw locateError(new CertgenError(`set "${t.name}" is also defined in ${other}`, { file: t.file, path: ['name'] }), t);
    seen.set(t.name, t.file);
  }
  return loaded;
}

/**
 * The document's value, and where its nodes are. JSON is read by JSON.parse (its grammar, its
 * messages) and checked for duplicate keys (which JSON.parse silently resolves to the last); the
 * positions of its nodes come from the YAML parser, which reads JSON too, but only when an error
 * needs one (reading a large JSON template with it cost more than JSON.parse by far).
 */
function parseDocument(text: string, file: string): { doc: unknown; locate: Locate } {
  const lines = new LineCounter();
  // uniqueKeys: a duplicated certificate name is a mistake, not an override.
  const parse = () => parseYamlDocument(text, { uniqueKeys: true, prettyErrors: true, lineCounter: lines, logLevel: 'error' });
  if (extname(file) === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (e) {
      // V8 quotes the text around the error, newlines included: keep the message on one line.
      throw new CertgenError(`invalid JSON: ${(e as Error).message.replace(/\s*\n\s*/g, ' ')}`, { file });
    }
    const duplicate = firstDuplicateKey(text);
    if (duplicate) {
      const { line, column } = linePosition(text, duplicate.offset);
      throw new CertgenError(`invalid JSON: duplicate key ${JSON.stringify(duplicate.key)} at line ${line}, column ${column}`, { file });
    }
    let located: Locate | undefined;
    const locateJson = (): Locate => {
      const yaml = parse();
      // Only where the YAML parser read the JSON cleanly are its positions taken.
      return yaml.errors.length === 0 ? locator(yaml, lines) : () => undefined;
    };
    return { doc: value, locate: (path) => (located ??= locateJson())(path) };
  }
  const yaml = parse();
  const error = yaml.errors[0];
  if (error) {
    // yaml's first line ends with ':' before a code excerpt, and its multi-document advice names its own API.
    const what = error.code === 'MULTIPLE_DOCS' ? 'a template file holds one YAML document (found a second "---")' : error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new CertgenError(`invalid YAML: ${what}${where(error)}`, { file });
  }
  try {
    return { doc: yaml.toJS({ maxAliasCount: 100 }) as unknown, locate: locator(yaml, lines) };
  } catch (e) {
    throw new CertgenError(`invalid YAML: ${(e as Error).message}`, { file });
  }
}

const where = (e: YAMLParseError): string => (e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '');

/**
 * Finds the node at a field path: the key of the last map entry when the path ends in one (an
 * unknown field is pointed at by its name), else the value. Undefined when the path leaves the
 * document (a field that is missing).
 */
function locator(doc: Document, lines: LineCounter): Locate {
  return (path: FieldPath) => {
    let node: unknown = doc.contents;
    let at: Node | null = null;
    for (const part of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) return undefined;
        at = isScalar(pair.key) ? pair.key : null;
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number') {
        node = node.items[part];
        at = (node as Node | undefined) ?? null;
      } else return undefined;
    }
    // A map key points at the field's name; a list item (or a scalar value named by its key's path) at the item.
    const target = path.length > 0 && typeof path[path.length - 1] === 'number' ? (node as Node | null) : at;
    const offset = target?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
}

function setName(doc: RawTemplate, file: string): string {
  if (doc.name !== undefined) return doc.name;
  const stem = basename(file, extname(file));
  if (!SET_NAME.test(stem)) {
    throw new CertgenError(`the file name "${stem}" is not a valid set name ([a-z0-9][a-z0-9_-]*, at most 64 characters): rename the file or set "name"`, { file, path: ['name'] });
  }
  return stem;
}
