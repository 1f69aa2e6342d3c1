import { EKU_OIDS } from './oids.js';
import { unknownName } from '../suggest.js';
import { fail, at, type Where } from './where.js';

const OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;

/** Maps EKU names (case-insensitive) or dotted OIDs to OIDs, keeping order, refusing repeats. */
const EKU_BY_LOWER_NAME: ReadonlyMap<string, string> = new Map(Object.entries(EKU_OIDS).map(([k, v]) => [k.toLowerCase(), v]));

export function parseExtKeyUsage(list: readonly string[], where: Where): string[] {
  const oids = list.map((item, i) => {
    const oid = EKU_BY_LOWER_NAME.get(item.toLowerCase()) ?? (OID.test(item) ? item : undefined);
    if (oid === undefined) fail(at(where, i), unknownName('extended key usage', item, Object.keys(EKU_OIDS), ', or a dotted OID'));
    return oid;
  });
  const dup = oids.findIndex((o, i) => oids.indexOf(o) !== i);
  if (dup >= 0) fail(at(where, dup), `"${list[dup]}" is listed twice`);
  return oids;
}

const EKU_NAMES: ReadonlyMap<string, string> = new Map(Object.entries(EKU_OIDS).map(([name, oid]) => [oid, name]));

/** The template name of an EKU OID (for the manifest), or the OID itself. */
export function extKeyUsageName(oid: string): string {
  return EKU_NAMES.get(oid) ?? oid;
}
