import type { ExtensionSpec } from '../../resolve/types.js';
import type { GeneralName } from '../../values/types.js';
import { ipText } from '../../values/san.js';
import { seqOf } from '../../der/write.js';
import { sequenceItems } from '../../der/read.js';
import { encodeGeneralName } from './general-name.js';

/** SubjectAltName ::= GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName, in template order. */
export function encodeSubjectAltName(spec: Extract<ExtensionSpec, { kind: 'subjectAltName' }>): Uint8Array {
  return seqOf(spec.names.map(encodeGeneralName));
}

/** The names of a DER GeneralNames; kinds certgen does not write (otherName, dirName…) are skipped. */
export function decodeSubjectAltName(value: Uint8Array): GeneralName[] {
  const names: GeneralName[] = [];
  for (const item of sequenceItems(value)) {
    const bytes = item.constructed ? new Uint8Array(0) : item.contents.slice();
    const text = new TextDecoder().decode(bytes);
    switch (item.tagClass === 2 ? item.tagNumber : -1) {
      case 1:
        names.push({ type: 'email', value: text });
        break;
      case 2:
        names.push({ type: 'dns', value: text });
        break;
      case 6:
        names.push({ type: 'uri', value: text });
        break;
      case 7:
        names.push({ type: 'ip', value: ipText(bytes), bytes });
        break;
    }
  }
  return names;
}
