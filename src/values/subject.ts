import type { AttributeName, NameAttribute } from './types.js';
import { unknownName } from '../suggest.js';
import { fail, type Where } from './where.js';
import { textProblem } from './text.js';

const KEYWORDS: Record<string, AttributeName> = {
  cn: 'CN', o: 'O', ou: 'OU', c: 'C', st: 'ST', l: 'L', e: 'E', emailaddress: 'E', dc: 'DC', serialnumber: 'serialNumber',
};

/** The order a map-form subject is written in (X.500 convention: broadest first, CN last). */
const MAP_ORDER: readonly AttributeName[] = ['DC', 'C', 'ST', 'L', 'O', 'OU', 'CN', 'serialNumber', 'E'];

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
const IA5 = /^[\x00-\x7f]*$/;

/** Subject from an RFC 4514 string (most specific first), an OpenSSL `/C=x/CN=y` string, or a map. */
export function parseSubject(raw: string | Record<string, string | string[]>, where: Where): NameAttribute[] {
  const attrs = typeof raw === 'string' ? parseString(raw, where) : parseMap(raw);
  // `/` (OpenSSL form) parses to nothing; an empty subject would need a critical SAN (RFC 5280 4.2.1.6).
  if (attrs.length === 0) fail(where, 'a subject needs at least one attribute');
  attrs.forEach((a) => checkValue(a, where));
  return attrs;
}

function parseMap(raw: Record<string, string | string[]>): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const type of MAP_ORDER) {
    const value = raw[type];
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push({ type, value: v });
  }
  return out;
}

function parseString(text: string, where: Where): NameAttribute[] {
  if (text.startsWith('/')) {
    // OpenSSL's -subj form lists RDNs in DER order already.
    return text.slice(1).split('/').filter((p) => p !== '').map((p) => parseAttribute(p, where));
  }
  return splitUnescaped(text, where).map((p) => parseAttribute(p, where)).reverse();
}

/** Splits on unescaped commas; an unescaped `+` (a multi-valued RDN) is refused. */
function splitUnescaped(text: string, where: Where): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      current += ch + (text[i + 1] ?? '');
      i++;
    } else if (ch === ',' || ch === ';') {
      parts.push(current);
      current = '';
    } else if (ch === '+') {
      fail(where, 'multi-valued RDNs (+) are not supported: write one attribute per RDN');
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function parseAttribute(part: string, where: Where): NameAttribute {
  const eq = part.indexOf('=');
  if (eq <= 0) fail(where, `"${part.trim()}" is not TYPE=value`);
  const key = part.slice(0, eq).trim();
  // Own keys only: `constructor=x` or `__proto__=x` must not find Object.prototype's members.
  const type = Object.hasOwn(KEYWORDS, key.toLowerCase()) ? KEYWORDS[key.toLowerCase()] : undefined;
  if (type === undefined) fail(where, unknownName('attribute', key, ['CN', 'O', 'OU', 'C', 'ST', 'L', 'E', 'DC', 'serialNumber']));
  const value = unescapeValue(trimUnescaped(part.slice(eq + 1)), where);
  if (value === '') fail(where, `${key} is empty`);
  return { type, value };
}

/** Trims the spaces around a value, but not a trailing `\ ` (RFC 4514's escaped final space). */
function trimUnescaped(text: string): string {
  const value = text.trimStart();
  let end = value.length;
  while (end > 0 && value[end - 1] === ' ') {
    let slashes = 0;
    while (end - 2 - slashes >= 0 && value[end - 2 - slashes] === '\\') slashes++;
    if (slashes % 2 === 1) break;
    end--;
  }
  return value.slice(0, end);
}

function unescapeValue(text: string, where: Where): string {
  if (text.startsWith('#')) fail(where, 'hex-encoded (#...) attribute values are not supported');
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\') {
      bytes.push(...enc.encode(ch));
      continue;
    }
    const next = text.slice(i + 1, i + 3);
    if (/^[0-9a-fA-F]{2}$/.test(next)) {
      bytes.push(parseInt(next, 16));
      i += 2;
    } else if (i + 1 < text.length) {
      bytes.push(...enc.encode(text[i + 1]!));
      i++;
    } else {
      fail(where, 'a value ends with a lone backslash');
    }
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
}

function checkValue(a: NameAttribute, where: Where): void {
  const problem = textProblem(a.value);
  if (problem !== null) fail(where, `${a.type} ${problem}`);
  if (a.type === 'C' && !/^[A-Za-z]{2}$/.test(a.value)) fail(where, `C must be a two-letter country code, not "${a.value}"`);
  if (a.type === 'serialNumber' && !PRINTABLE.test(a.value)) fail(where, 'serialNumber must be PrintableString characters');
  if ((a.type === 'E' || a.type === 'DC') && !IA5.test(a.value)) fail(where, `${a.type} must be ASCII`);
  if (a.value.length > 64 && a.type !== 'E') fail(where, `${a.type} is longer than 64 characters (RFC 5280 upper bounds)`);
}

/** RFC 4514 keyword of an attribute as OpenSSL's `-nameopt RFC2253` prints it. */
export const RENDER_KEYWORD: Record<AttributeName, string> = {
  CN: 'CN', O: 'O', OU: 'OU', C: 'C', ST: 'ST', L: 'L', E: 'emailAddress', DC: 'DC', serialNumber: 'serialNumber',
};

/** Renders a subject as an RFC 4514 string: most specific RDN first, special characters escaped. */
export function renderSubject(attrs: readonly NameAttribute[]): string {
  return [...attrs]
    .reverse()
    .map((a) => `${RENDER_KEYWORD[a.type]}=${escapeAttributeValue(a.value)}`)
    .join(',');
}

/** RFC 4514 2.4 escaping of one attribute value. */
export function escapeAttributeValue(value: string): string {
  let out = value.replace(/[\\"+,;<>]/g, (c) => `\\${c}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  // A one-space value is covered by the leading escape above.
  if (value.length > 1 && value.endsWith(' ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}
