import { unknownName } from '../suggest.js';
import { fail, type Where } from '../values/where.js';

/**
 * Orders names so that every name comes after the one it points to (its issuer, or the owner of
 * its key), keeping template order otherwise. Unknown targets and cycles are template errors;
 * `suggest(name)` lists the names an unknown target was likely meant to be.
 */
export function dependencyOrder(
  names: readonly string[],
  target: (name: string) => string | null,
  where: (name: string) => Where,
  what: string,
  suggest: (name: string) => readonly string[],
): string[] {
  const known = new Set(names);
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (name: string, trail: string[]): void => {
    if (done.has(name)) return;
    const next = target(name);
    if (next !== null && next !== name) {
      if (!known.has(next)) fail(where(name), unknownName('certificate', next, suggest(name)));
      if (trail.includes(next)) fail(where(name), `${what} cycle: ${[...trail.slice(trail.indexOf(next)), name, next].join(' -> ')}`);
      visit(next, [...trail, name]);
    }
    done.add(name);
    order.push(name);
  };
  for (const name of names) visit(name, []);
  return order;
}

/** `name`, then each `target` in turn, until one has none or names itself (an issuer chain up to its root). */
export function chainFrom(name: string, target: (name: string) => string | null): string[] {
  const chain = [name];
  for (let next = target(name); next !== null && next !== chain[chain.length - 1]; next = target(next)) chain.push(next);
  return chain;
}

/** Follows `target` to the end of the chain (for `sameAs` keys). */
export function chainEnd(name: string, target: (name: string) => string | null): string {
  return chainFrom(name, target).at(-1)!;
}
