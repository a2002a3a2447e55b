/**
 * Which words one body of text uses more than another, with the uncertainty of rare words accounted for: the
 * log-odds ratio with an informative Dirichlet prior ("Fightin' Words").
 *
 * Method: Monroe, Colaresi & Quinn (2008), "Fightin' words: lexical feature selection and evaluation for
 * identifying the content of political conflict", Political Analysis 16(4), §3.5, eqs. 16–22, with the prior
 * of Schnoebelen, Silge & Hayes' R package tidylo (`bind_log_odds(uninformative = FALSE)`): α_w = the word's
 * count over both bodies, α₀ = Σ α_w. For body i against body j:
 *   δ_w = ln[(y_wi + α_w) / (n_i + α₀ − y_wi − α_w)] − ln[(y_wj + α_w) / (n_j + α₀ − y_wj − α_w)]
 *   σ²(δ_w) ≈ 1 / (y_wi + α_w) + 1 / (y_wj + α_w),   z_w = δ_w / σ(δ_w)
 * where y are counts and n_i = Σ_w y_wi. A word seen 3 times then 9 has a smaller z than one seen 300 then
 * 900: the prior shrinks small counts toward "no change", which the raw ratio of shares does not. z is read as
 * a standard normal score (|z| > 1.96 ≈ the 5 % level for one word; with many words, expect ~2.5 % of them above
 * 1.96 by chance).
 */

/** Counts of one word in the two bodies. */
export interface WordCounts {
  readonly word: string;
  /** Count in the body of interest (i: "now"). */
  readonly countA: number;
  /** Count in the other body (j: "before"). */
  readonly countB: number;
}

/** A word's log-odds ratio and its z-score. */
export interface WeightedLogOdds {
  readonly word: string;
  readonly countA: number;
  readonly countB: number;
  /** δ_w: log-odds in A minus log-odds in B (natural log). */
  readonly logOddsRatio: number;
  /** Its approximate variance σ². */
  readonly variance: number;
  /** δ_w / σ: positive when A uses the word more. */
  readonly z: number;
}

/**
 * Weighted log-odds ratios of every word (see the file header).
 * @param counts each word's counts in A and B (a word counted 0 in both is skipped)
 * @throws RangeError for a negative or non-finite count
 * @example weightedLogOdds([{ word: '掉线', countA: 30, countB: 10 }, { word: '账单', countA: 10, countB: 30 }])[0]!.z // => 3.634315529592357
 */
export function weightedLogOdds(counts: readonly WordCounts[]): WeightedLogOdds[] {
  let nA = 0;
  let nB = 0;
  for (const c of counts) {
    if (!(c.countA >= 0 && c.countB >= 0 && Number.isFinite(c.countA) && Number.isFinite(c.countB))) {
      throw new RangeError(`weightedLogOdds: counts must be finite and ≥ 0, got ${c.countA} and ${c.countB} for '${c.word}'`);
    }
    nA += c.countA;
    nB += c.countB;
  }
  const alpha0 = nA + nB;
  const out: WeightedLogOdds[] = [];
  for (const c of counts) {
    const alpha = c.countA + c.countB;
    if (alpha === 0) continue;
    const a = c.countA + alpha;
    const b = c.countB + alpha;
    // The only word of both bodies has a share of 1 in each (0 / 0 odds): no change.
    const restA = nA + alpha0 - a;
    const restB = nB + alpha0 - b;
    const logOddsRatio = restA <= 0 && restB <= 0 ? 0 : Math.log(a / restA) - Math.log(b / restB);
    const variance = 1 / a + 1 / b;
    out.push({ word: c.word, countA: c.countA, countB: c.countB, logOddsRatio, variance, z: logOddsRatio / Math.sqrt(variance) });
  }
  return out;
}
