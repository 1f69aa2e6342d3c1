import type { ExtensionSpec } from '../../resolve/types.js';
import { oidValue, sequenceItems } from '../../der/read.js';
import { oid, seqOf } from '../../der/write.js';

/** ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (RFC 5280 4.2.1.12). */
export function encodeExtKeyUsage(spec: Extract<ExtensionSpec, { kind: 'extKeyUsage' }>): Uint8Array {
  return seqOf(spec.oids.map(oid));
}

/** The KeyPurposeIds of a DER ExtKeyUsageSyntax (for raw extensions that replace the computed one). */
export function decodeExtKeyUsage(value: Uint8Array): string[] {
  return sequenceItems(value).map((item) => {
    const dotted = oidValue(item);
    if (dotted === null) throw new Error('not an OID');
    return dotted;
  });
}
