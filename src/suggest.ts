/**
 * "Did you mean" for a misspelled name (a field, a profile, a key type, a certificate): the one
 * candidate within a small edit distance, where a transposition counts as one edit (`isuer`,
 * `sna`, `serverAuht`). No suggestion when none is close or two are equally close.
 */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) rows.push([i, ...Array<number>(t.length).fill(0)]);
  for (let j = 0; j <= t.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[s.length]![t.length]!;
}

/** The closest candidate, when it is close enough to be what was meant. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  // Long inputs are not typos, and comparing them costs time for nothing.
  if (word.length === 0 || word.length > 64) return undefined;
  const limit = Math.max(1, Math.floor(word.length / 3));
  // Ranked by edit distance, then by the difference in length (`CM` is `CN` rather than `C`).
  let best: string | undefined;
  let bestRank = Infinity;
  let bestDistance = Infinity;
  let tie = false;
  for (const c of candidates) {
    const lengths = Math.abs(c.length - word.length);
    if (c === word || lengths > limit) continue;
    const d = distance(word, c);
    const rank = d * 100 + lengths;
    if (rank < bestRank) [best, bestRank, bestDistance, tie] = [c, rank, d, false];
    else if (rank === bestRank) tie = true;
  }
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}

/** `; did you mean "x"?` for a message's end, or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : `; did you mean ${JSON.stringify(match)}?`;
}

/** `unknown certificate "rooot" (known: root, intermediate); did you mean "root"?` */
export function unknownName(kind: string, name: string, known: readonly string[], more = ''): string {
  return `unknown ${kind} "${name}" (known: ${known.join(', ')}${more})${didYouMean(name, known)}`;
}
