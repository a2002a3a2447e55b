/**
 * "Did you mean …": the valid names closest to a misspelled one, by Levenshtein edit distance (case and
 * spacing ignored), for messages about profiles and options.
 *
 * @example nearestNames('chanel', ['channel', 'category', 'status']) // => ['channel']
 */

/** Edit distance between two strings (insertions, deletions, substitutions; Levenshtein 1966). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-.]+/g, '');

/**
 * The candidates within a third of the name's length in edits (at least 2), closest first, at most `max`;
 * when none is that close, the closest one.
 */
export function nearestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const target = fold(name);
  const scored = candidates.map((c) => ({ c, d: editDistance(target, fold(c)) })).sort((x, y) => x.d - y.d);
  const limit = Math.max(2, Math.ceil(target.length / 3));
  const close = scored.filter((s) => s.d <= limit).slice(0, max).map((s) => s.c);
  return close.length > 0 ? close : scored.slice(0, 1).map((s) => s.c);
}

/** "'chanel' (did you mean 'channel'?)" */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const near = nearestNames(name, candidates);
  return near.length === 0 ? `'${name}'` : `'${name}' (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)`;
}
