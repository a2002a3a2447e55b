/**
 * The terms (or phrases) whose share of documents grew most from one period to the next.
 *
 * Method: each document counts a term once (document frequency: "how many complaints mention it", which a
 * customer repeating a word ten times does not inflate); the two periods' counts go through the weighted
 * log-odds ratio (weighted-log-odds.ts: Monroe, Colaresi & Quinn 2008, informative Dirichlet prior); terms
 * with z > 0 and at least `minCount` documents now are ranked by z, highest first (ties: code-unit order),
 * and the first `limit` kept. For each, the indices of the first `examples` documents of the current period
 * that hold it, for showing.
 */
import { weightedLogOdds } from './weighted-log-odds.js';

/** Options of {@link emergingTerms}. */
export interface EmergingTermsOptions {
  /** Fewest current documents a term must be in; default 5. */
  readonly minCount?: number;
  /** Most terms returned; default 15. */
  readonly limit?: number;
  /** Example documents per term; default 2. */
  readonly examples?: number;
}

/** A term that grew. */
export interface EmergingTerm {
  readonly term: string;
  /** Documents holding it, now and before. */
  readonly countNow: number;
  readonly countBefore: number;
  /** countNow ÷ documents now; countBefore ÷ documents before (0 when there were none). */
  readonly shareNow: number;
  readonly shareBefore: number;
  /** δ, natural log. */
  readonly logOddsRatio: number;
  readonly z: number;
  /** Indices into `now` of example documents. */
  readonly exampleIndices: readonly number[];
}

function documentCounts(docs: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/**
 * Terms of `now` that grew against `before` (see the file header).
 * @param now the current period's documents, each a list of terms (or phrases)
 * @param before the previous period's
 * @param options minimum count, how many, examples per term
 * @throws RangeError when minCount, limit or examples is not a non-negative integer
 * @example emergingTerms([['掉线'], ['掉线'], ['账单']], [['账单'], ['账单'], ['掉线']], { minCount: 1 }).map((t) => t.term) // => ['掉线']
 */
export function emergingTerms(now: readonly (readonly string[])[], before: readonly (readonly string[])[], options: EmergingTermsOptions = {}): EmergingTerm[] {
  const minCount = options.minCount ?? 5;
  const limit = options.limit ?? 15;
  const examples = options.examples ?? 2;
  for (const [name, v] of [['minCount', minCount], ['limit', limit], ['examples', examples]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`emergingTerms: ${name} must be an integer ≥ 0, got ${v}`);
  }
  const a = documentCounts(now);
  const b = documentCounts(before);
  const words = new Set([...a.keys(), ...b.keys()]);
  const scored = weightedLogOdds([...words].map((word) => ({ word, countA: a.get(word) ?? 0, countB: b.get(word) ?? 0 })))
    .filter((w) => w.z > 0 && w.countA >= minCount)
    .sort((x, y) => y.z - x.z || (x.word < y.word ? -1 : x.word > y.word ? 1 : 0))
    .slice(0, limit);
  const wanted = new Map(scored.map((w) => [w.word, [] as number[]]));
  if (examples > 0) {
    now.forEach((doc, i) => {
      for (const t of new Set(doc)) {
        const list = wanted.get(t);
        if (list && list.length < examples) list.push(i);
      }
    });
  }
  return scored.map((w) => ({
    term: w.word,
    countNow: w.countA,
    countBefore: w.countB,
    shareNow: now.length === 0 ? 0 : w.countA / now.length,
    shareBefore: before.length === 0 ? 0 : w.countB / before.length,
    logOddsRatio: w.logOddsRatio,
    z: w.z,
    exampleIndices: wanted.get(w.word) ?? [],
  }));
}
