/** The human-readable form of `certgen inspect` (the `--json` form is the description itself). */
import type { CertificateDescription, CrlDescription, FileDescription, KeyDescription, OcspResponseDescription, Pkcs12Description } from './describe.js';

const LABEL_WIDTH = 18;

function row(indent: string, label: string, value: string): string {
  return `${indent}${label.padEnd(LABEL_WIDTH)} ${value}\n`;
}

function validityNote(d: CertificateDescription, now: Date): string {
  if (now < new Date(d.notBefore)) return ' (not yet valid)';
  if (now > new Date(d.notAfter)) return ' (expired)';
  return '';
}

export function renderCertificate(d: CertificateDescription, indent: string, now: Date): string {
  const bc = d.basicConstraints;
  const bcText = bc === null ? 'none' : `CA:${bc.ca ? 'TRUE' : 'FALSE'}${bc.pathLength !== null ? `, pathlen:${bc.pathLength}` : ''}${bc.critical ? ' (critical)' : ''}`;
  const ku = d.keyUsage;
  const kuText = ku === null ? 'none' : `${ku.usages.join(', ') || '(no bits set)'}${ku.critical ? ' (critical)' : ''}`;
  return [
    row(indent, 'subject', d.subject),
    row(indent, 'issuer', `${d.issuer}${d.selfSigned ? ' (self-signed)' : ''}`),
    row(indent, 'serial', d.serialNumber),
    row(indent, 'not before', d.notBefore),
    row(indent, 'not after', `${d.notAfter}${validityNote(d, now)}`),
    row(indent, 'key', d.keyAlgorithm),
    row(indent, 'signature', d.signatureAlgorithm),
    row(indent, 'basic constraints', bcText),
    row(indent, 'key usage', kuText),
    row(indent, 'ext key usage', d.extKeyUsage.join(', ') || 'none'),
    row(indent, 'SAN', d.subjectAltNames.join(', ') || 'none'),
    row(indent, 'SPKI SHA-256', d.spkiSha256),
    row(indent, 'SPKI SHA-256 hex', d.spkiSha256Hex),
    row(indent, 'SHA-256', d.certSha256),
    row(indent, 'SHA-1', d.certSha1),
  ].join('');
}

function renderKey(d: KeyDescription, indent: string): string {
  const encryption = d.encrypted
    ? row(indent, 'encryption', d.encryption === null ? 'not recognised' : `${d.encryption.algorithm}, ${d.encryption.iterations} iterations`)
    : '';
  if (d.keyAlgorithm === null) return row(indent, 'key', 'encrypted (give --password to describe it)') + encryption;
  return [row(indent, 'key', d.keyAlgorithm), encryption, row(indent, 'SPKI SHA-256', d.spkiSha256 ?? ''), row(indent, 'SPKI SHA-256 hex', d.spkiSha256Hex ?? '')].join('');
}

function renderCrl(d: CrlDescription, indent: string): string {
  const revoked = d.revoked.map((r) => `${r.serialNumber} (${r.date})`).join(', ');
  return [
    row(indent, 'issuer', d.issuer),
    row(indent, 'this update', d.thisUpdate),
    row(indent, 'next update', d.nextUpdate ?? 'none'),
    row(indent, 'signature', d.signatureAlgorithm),
    row(indent, 'revoked', d.revoked.length === 0 ? 'none' : `${d.revoked.length}: ${revoked}`),
  ].join('');
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function renderPkcs12(d: Pkcs12Description, now: Date): string {
  const mac = d.mac.iterations === null ? d.mac.algorithm : `${d.mac.algorithm}, ${plural(d.mac.iterations, 'iteration')}`;
  let out = `${d.file}: PKCS#12, ${plural(d.entries.length, 'entry', 'entries')}, MAC ${mac}\n`;
  d.entries.forEach((e, i) => {
    const alias = e.alias === null ? '(no alias)' : `"${e.alias}"`;
    if (e.kind === 'key') {
      out += `\nentry ${i + 1}: PrivateKeyEntry ${alias}, chain of ${e.chain.length}\n`;
      out += row('  ', 'key encryption', e.keyEncryption);
      out += row('  ', 'cert encryption', e.certificateEncryption ?? 'none');
      if (e.chain.length === 0) out += '  (no certificate with this key\'s localKeyId: Java cannot use this entry)\n';
      e.chain.forEach((c, j) => {
        out += `  [${j}]\n${renderCertificate(c, '    ', now)}`;
      });
    } else {
      out += `\nentry ${i + 1}: trustedCertEntry ${alias}\n`;
      out += row('  ', 'cert encryption', e.certificateEncryption);
      out += renderCertificate(e.certificate, '  ', now);
    }
  });
  d.otherCertificates.forEach((c, i) => {
    out += `\nother certificate ${i + 1} (in no entry)\n${renderCertificate(c, '  ', now)}`;
  });
  return out;
}

function renderOcspResponse(d: OcspResponseDescription, now: Date): string {
  let out = `${d.file}: OCSP response, ${d.responseStatus}${d.responderId === null ? ' (no body)' : ''}\n`;
  if (d.responderId === null) return out;
  out += row('  ', 'responder', d.responderId);
  out += row('  ', 'produced at', d.producedAt ?? '');
  out += row('  ', 'signature', d.signatureAlgorithm ?? '');
  out += row('  ', 'nonce', d.nonce ?? 'none');
  d.responses.forEach((r, i) => {
    const revoked = r.status === 'revoked' ? ` at ${r.revocationTime}${r.revocationReason === null ? '' : `, ${r.revocationReason}`}` : '';
    const stale = r.nextUpdate !== null && now > new Date(r.nextUpdate) ? ' (expired)' : now < new Date(r.thisUpdate) ? ' (not yet valid)' : '';
    out += `\nresponse ${i + 1}\n`;
    out += row('  ', 'serial', r.serialNumber);
    out += row('  ', 'status', `${r.status}${revoked}`);
    out += row('  ', 'this update', r.thisUpdate);
    out += row('  ', 'next update', `${r.nextUpdate ?? 'none'}${stale}`);
    out += row('  ', 'cert ID', `${r.certId.hashAlgorithm}, issuer name hash ${r.certId.issuerNameHash}, key hash ${r.certId.issuerKeyHash}`);
  });
  out += `\n${plural(d.certificates.length, 'included certificate')}\n`;
  d.certificates.forEach((c, i) => {
    out += `  [${i}]\n${renderCertificate(c, '    ', now)}`;
  });
  return out;
}

export function renderDescription(d: FileDescription, now: Date = new Date()): string {
  if (d.format === 'pkcs12') return renderPkcs12(d, now);
  if (d.format === 'ocsp') return renderOcspResponse(d, now);
  const kind = d.format.toUpperCase();
  const parts: string[] = [];
  const total = d.certificates.length + d.keys.length + d.crls.length;
  parts.push(`${d.file}: ${kind}, ${[plural(d.certificates.length, 'certificate'), plural(d.keys.length, 'key'), plural(d.crls.length, 'CRL')].join(', ')}\n`);
  d.certificates.forEach((c, i) => parts.push(`\ncertificate ${i + 1}\n${renderCertificate(c, '  ', now)}`));
  d.keys.forEach((k, i) => parts.push(`\n${k.kind} key ${i + 1} (${k.encoding}${k.encrypted ? ', encrypted' : ''})\n${renderKey(k, '  ')}`));
  d.crls.forEach((c, i) => parts.push(`\nCRL ${i + 1}\n${renderCrl(c, '  ')}`));
  if (d.skipped.length > 0) parts.push(`\nnot described: ${d.skipped.join(', ')}\n`);
  if (total === 0 && d.skipped.length === 0) parts.push('(nothing)\n');
  return parts.join('');
}
