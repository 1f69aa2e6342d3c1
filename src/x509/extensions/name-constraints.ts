import type { ExtensionSpec } from '../../resolve/types.js';
import type { GeneralName } from '../../values/types.js';
import { implicitConstructedOf, seq } from '../../der/write.js';
import { encodeGeneralName } from './general-name.js';

/**
 * NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL,
 *                                excludedSubtrees  [1] GeneralSubtrees OPTIONAL }
 * GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }
 * (RFC 5280 4.2.1.10; minimum and maximum are always left out, as the RFC requires).
 */
export function encodeNameConstraints(spec: Extract<ExtensionSpec, { kind: 'nameConstraints' }>): Uint8Array {
  const subtrees = (names: readonly GeneralName[]) => names.map((n) => seq(encodeGeneralName(n)));
  const parts: Uint8Array[] = [];
  if (spec.permitted.length > 0) parts.push(implicitConstructedOf(0, subtrees(spec.permitted)));
  if (spec.excluded.length > 0) parts.push(implicitConstructedOf(1, subtrees(spec.excluded)));
  return seq(...parts);
}
