import type { ExtensionSpec } from '../../resolve/types.js';
import { seq } from '../der.js';
import { encodeGeneralName } from './general-name.js';

/** SubjectAltName ::= GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName, in template order. */
export function encodeSubjectAltName(spec: Extract<ExtensionSpec, { kind: 'subjectAltName' }>): Uint8Array {
  return seq(...spec.names.map(encodeGeneralName));
}
