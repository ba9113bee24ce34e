/**
 * "Did you mean": the nearest of the names a mistyped word could have meant. The distance counts
 * an inserted, deleted or replaced character, and two neighbours swapped, as one edit each
 * (optimal string alignment): `--pyhton` is one edit from `--python`, `paln` one from `plan`.
 * With `max`, a distance known to exceed it is given as `max + 1` without being computed.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  // Every edit changes the length by one at most: words whose lengths differ by more than `max`
  // are further apart than that, and a word of any length (a pasted value) costs nothing to refuse.
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // rows[i][j]: the distance between the first i characters of a and the first j of b.
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate nearest to `word`, when near enough to be what was meant: one edit for a word of
 * up to four characters, two for a longer one (further than that, a suggestion is a guess).
 * Ties go to the first candidate.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const allowed = word.length <= 4 ? 1 : 2;
  const lower = word.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(lower, name.toLowerCase(), allowed);
    if (distance <= allowed && distance > 0 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/**
 * The options in `argv` that the parser does not know, each with the known one it is nearest to.
 * Only words that look like long options (`--name`, `--name=value`) before a `--` are read.
 */
export function unknownOptionSuggestions(argv: readonly string[], known: readonly string[]): { given: string; meant: string }[] {
  const suggestions: { given: string; meant: string }[] = [];
  for (const word of argv) {
    if (word === '--') break;
    const name = /^--([^=]+)/.exec(word)?.[1];
    if (name === undefined || known.includes(name)) continue;
    const meant = closest(name, known);
    if (meant !== undefined) suggestions.push({ given: `--${name}`, meant: `--${meant}` });
  }
  return suggestions;
}
