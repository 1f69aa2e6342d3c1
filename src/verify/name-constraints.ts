/**
 * RFC 5280 4.2.1.10 name constraints, as OpenSSL applies them (Node has no API for them):
 * - every name of a type that has permitted subtrees must fall in one of them; no name may fall in
 *   an excluded subtree;
 * - dNSName `good.test` covers good.test and any name ending in `.good.test`; `.good.test` only
 *   the latter;
 * - rfc822Name `a@good.test` is one mailbox, `good.test` any mailbox there, `.good.test` any in a
 *   subdomain; URI constraints apply to the URI's host in the same way;
 * - iPAddress constraints are address + mask (8 or 32 octets);
 * - a leaf without DNS SAN has its host-like commonName checked as a DNS name (OpenSSL 1.1.0+).
 */
import type { CertificateFacts, VerifyName } from './certificate.js';

export interface ConstraintViolation {
  readonly name: string;
  readonly kind: 'permitted' | 'excluded';
}

/** The first name of `cert` that the constraints refuse, or null. `isLeaf` enables the CN rule. */
export function nameConstraintViolation(
  constraints: NonNullable<CertificateFacts['nameConstraints']>,
  cert: CertificateFacts,
  isLeaf: boolean,
): ConstraintViolation | null {
  const names: VerifyName[] = [...(cert.subjectAltName ?? [])];
  if (isLeaf && !names.some((n) => n.type === 'dns')) {
    names.push(...cert.commonNames.filter(looksLikeHost).map((cn) => ({ type: 'dns' as const, value: cn.toLowerCase() })));
  }
  for (const name of names) {
    if (name.type === 'other') continue;
    if (constraints.excluded.some((c) => matches(c, name))) return { name: render(name), kind: 'excluded' };
    const permitted = constraints.permitted.filter((c) => c.type === name.type);
    if (permitted.length > 0 && !permitted.some((c) => matches(c, name))) return { name: render(name), kind: 'permitted' };
  }
  return null;
}

function matches(constraint: VerifyName, name: VerifyName): boolean {
  if (constraint.type === 'dns' && name.type === 'dns') return hostMatches(constraint.value, name.value);
  if (constraint.type === 'email' && name.type === 'email') return emailMatches(constraint.value.toLowerCase(), name.value.toLowerCase());
  if (constraint.type === 'uri' && name.type === 'uri') {
    const host = uriHost(name.value);
    return host !== null && hostMatches(constraint.value.toLowerCase(), host);
  }
  if (constraint.type === 'ip' && name.type === 'ip') return ipMatches(constraint.bytes, name.bytes);
  return false;
}

function hostMatches(base: string, host: string): boolean {
  if (base === '') return true;
  if (base.startsWith('.')) return host.endsWith(base);
  return host === base || host.endsWith(`.${base}`);
}

function emailMatches(base: string, email: string): boolean {
  if (base.includes('@')) return base === email;
  const at = email.lastIndexOf('@');
  return at >= 0 && hostMatches(base, email.slice(at + 1));
}

function ipMatches(constraint: Uint8Array, address: Uint8Array): boolean {
  if (constraint.length !== address.length * 2) return false;
  return address.every((b, i) => (b & constraint[address.length + i]!) === (constraint[i]! & constraint[address.length + i]!));
}

function uriHost(uri: string): string | null {
  try {
    return new URL(uri).hostname.replace(/^\[|\]$/g, '').toLowerCase() || null;
  } catch {
    return null;
  }
}

const looksLikeHost = (cn: string): boolean => /^[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(cn);

function render(name: VerifyName): string {
  switch (name.type) {
    case 'ip':
      return `IP:${name.bytes.length === 4 ? [...name.bytes].join('.') : Buffer.from(name.bytes).toString('hex').replace(/(.{4})(?!$)/g, '$1:')}`;
    case 'other':
      return `GeneralName[${name.tag}]`;
    default:
      return `${name.type === 'dns' ? 'DNS' : name.type}:${name.value}`;
  }
}
