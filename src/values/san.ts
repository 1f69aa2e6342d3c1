import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import type { GeneralName } from './types.js';
import { fail, at, type Where } from './where.js';

// `s`: a value with a line break is still that kind's value (and refused as one), not a DNS name.
const TYPED = /^(DNS|IP|email|URI):(.*)$/is;

const V4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${V4_OCTET}(?:\\.${V4_OCTET}){3}$`);
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * node:net's isIP (4, 6 or 0) without its IPv6 pattern, whose first use compiles for longer than
 * the rest of a small build's SAN handling takes: the same answers (checked against isIP by the
 * unit tests), with zone ids (`%eth0`) still left to isIP.
 */
export function isIp(value: string): number {
  if (IPV4.test(value)) return 4;
  if (!value.includes(':')) return 0;
  if (value.includes('%')) return isIP(value);
  let text = value;
  let groups = 0;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    if (!IPV4.test(text.slice(lastColon + 1))) return 0;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return 0;
  for (const half of halves) {
    if (half === '') continue;
    const parts = half.split(':');
    if (!parts.every((g) => HEX_GROUP.test(g))) return 0;
    groups += parts.length;
  }
  return (halves.length === 2 ? groups <= 7 : groups === 8) ? 6 : 0;
}
const URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
/** RFC 1035 2.3.4 / RFC 1123 2.1: 63 octets a label, 253 characters a name in text form. */
const MAX_DNS_LABEL = 63;
const MAX_DNS_NAME = 253;

/**
 * Classifies SAN entries: typed (`DNS:`, `IP:`, `email:`, `URI:`) or bare (an IP literal is an IP,
 * `a@b` an email, `scheme://…` a URI, anything else DNS). Order is kept as written.
 */
export function parseSanList(list: readonly string[], where: Where): GeneralName[] {
  return list.map((entry, i) => parseGeneralName(entry, at(where, i), false));
}

/** Name-constraint subtrees use SAN syntax, with CIDR for IP (`IP:10.0.0.0/8`) and leading dots. */
export function parseSubtreeList(list: readonly string[], where: Where): GeneralName[] {
  return list.map((entry, i) => parseGeneralName(entry, at(where, i), true));
}

function parseGeneralName(entry: string, where: Where, subtree: boolean): GeneralName {
  const typed = TYPED.exec(entry);
  const kind = typed ? typed[1]!.toLowerCase() : classify(entry, subtree);
  const value = typed ? typed[2]!.trim() : entry.trim();
  if (value === '') fail(where, `empty ${kind} name`);
  switch (kind) {
    case 'ip':
      return subtree ? cidr(value, where) : { type: 'ip', value: canonicalIp(value, where), bytes: ipBytes(value, where) };
    case 'email':
      if (!/^[\x21-\x7e]+$/.test(value) || (!subtree && !/^[^@]+@[^@]+$/.test(value))) fail(where, `"${value}" is not an email address`);
      return { type: 'email', value };
    case 'uri':
      if (!subtree && !URI.test(value)) fail(where, `"${value}" is not a URI (scheme://...)`);
      if (!/^[\x21-\x7e]+$/.test(value)) fail(where, `"${value}" is not an ASCII URI`);
      return { type: 'uri', value };
    default:
      return { type: 'dns', value: dnsName(value, where) };
  }
}

function classify(entry: string, subtree: boolean): string {
  const value = entry.trim();
  if (isIp(value) !== 0 || (subtree && isIp(value.split('/')[0] ?? '') !== 0)) return 'ip';
  if (URI.test(value)) return 'uri';
  if (value.includes('@')) return 'email';
  return 'dns';
}

/** IDNs are written as their A-labels; wildcards and leading dots (subtrees) are kept. */
function dnsName(value: string, where: Where): string {
  // RFC 1035 2.3.4: at most 253 characters (255 octets on the wire); checked before any IDN work
  // so that a megabyte of input costs nothing.
  if (value.length > 4 * MAX_DNS_NAME) fail(where, `a DNS name is at most ${MAX_DNS_NAME} characters, not ${value.length}`);
  const prefix = value.startsWith('.') ? '.' : '';
  const rest = prefix ? value.slice(1) : value;
  const wildcard = rest.startsWith('*.') ? '*.' : '';
  const host = wildcard ? rest.slice(2) : rest;
  const ascii = /^[\x21-\x7e]+$/.test(host) ? host.toLowerCase() : domainToASCII(host);
  if (ascii === '' || !/^[a-z0-9_*-]+(\.[a-z0-9_*-]+)*\.?$/i.test(ascii)) fail(where, `"${value}" is not a DNS name`);
  const name = prefix + wildcard + ascii;
  if (name.replace(/\.$/, '').length > MAX_DNS_NAME) fail(where, `a DNS name is at most ${MAX_DNS_NAME} characters, not ${name.length}`);
  const long = ascii.split('.').find((label) => label.length > MAX_DNS_LABEL);
  if (long !== undefined) fail(where, `the label "${long.slice(0, 20)}..." is ${long.length} characters: a DNS label is at most ${MAX_DNS_LABEL}`);
  return name;
}

function canonicalIp(value: string, where: Where): string {
  const version = isIp(value);
  if (version === 0) fail(where, `"${value}" is not an IP address`);
  return version === 4 ? value : expandIpv6Canonical(value);
}

/** Compressed lowercase form, as OpenSSL and Node print IPv6 addresses. */
function expandIpv6Canonical(value: string): string {
  return ipText(ipv6Bytes(value));
}

/** An address's text from its 4 or 16 octets: dotted IPv4, or RFC 5952 compressed IPv6. */
export function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // Longest run of zero groups (length ≥ 2) becomes "::" (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function ipBytes(value: string, where: Where): Uint8Array {
  const version = isIp(value);
  if (version === 4) return Uint8Array.from(value.split('.').map(Number));
  if (version === 6) return ipv6Bytes(value);
  return fail(where, `"${value}" is not an IP address`);
}

function ipv6Bytes(value: string): Uint8Array {
  let text = value;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    text = text.slice(0, -v4[1]!.length) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out;
}

/** `10.0.0.0/8` → address bytes followed by mask bytes (RFC 5280 4.2.1.10). */
function cidr(value: string, where: Where): GeneralName {
  const [addr, bitsText] = value.split('/') as [string, string | undefined];
  const address = ipBytes(addr, where);
  const max = address.length * 8;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max || (bitsText !== undefined && !/^\d+$/.test(bitsText))) {
    fail(where, `"${value}" has an invalid prefix length (0 to ${max})`);
  }
  const mask = new Uint8Array(address.length);
  for (let i = 0; i < bits; i++) mask[i >> 3]! |= 0x80 >> (i & 7);
  const masked = address.map((b, i) => b & mask[i]!);
  return { type: 'ip', value: `${isIp(addr) === 4 ? addr : expandIpv6Canonical(addr)}/${bits}`, bytes: Uint8Array.from([...masked, ...mask]) };
}

/** SAN entry as the manifest writes it: `DNS:localhost`, `IP:::1`, `email:a@b`, `URI:https://x`. */
export function renderGeneralName(name: GeneralName): string {
  const prefix = { dns: 'DNS', ip: 'IP', email: 'email', uri: 'URI' }[name.type];
  return `${prefix}:${name.value}`;
}
