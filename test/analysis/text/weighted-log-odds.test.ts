/**
 * Weighted log-odds with the informative Dirichlet prior (Monroe, Colaresi & Quinn 2008; tidylo's prior) and
 * the emerging-terms ranking built on it. Reference: R 4.2.2, the formula of tidylo 0.2.0's bind_log_odds
 * (uninformative = FALSE) written out for two sets (tidylo is not packaged for Debian):
 *   y_a <- c(30, 10, 5, 0, 12); y_b <- c(10, 30, 5, 8, 12)
 *   alpha <- y_a + y_b; a0 <- sum(alpha); n_a <- sum(y_a); n_b <- sum(y_b)
 *   delta <- log((y_a + alpha) / (n_a + a0 - y_a - alpha)) - log((y_b + alpha) / (n_b + a0 - y_b - alpha))
 *   z <- delta / sqrt(1 / (y_a + alpha) + 1 / (y_b + alpha))
 * Tolerance 1e-12.
 */
import { describe, expect, it } from 'vitest';
import { emergingTerms } from '../../../src/analysis/text/emerging-terms.js';
import { weightedLogOdds } from '../../../src/analysis/text/weighted-log-odds.js';

describe('weightedLogOdds', () => {
  it('matches the R reference', () => {
    const a = [30, 10, 5, 0, 12];
    const b = [10, 30, 5, 8, 12];
    const r = weightedLogOdds(a.map((countA, i) => ({ word: `w${i}`, countA, countB: b[i]! })));
    const delta = [0.56510528022019424, -0.43411070618512881, 0.047628048989254879, -0.6931471805599454, 0.054435206555017102];
    const z = [3.0519173236734929, -2.3444657676571174, 0.13043478400688013, -1.6007548451372586, 0.23094902214205798];
    r.forEach((w, i) => {
      expect(w.logOddsRatio).toBeCloseTo(delta[i]!, 12);
      expect(w.z).toBeCloseTo(z[i]!, 12);
    });
  });

  it('skips words counted nowhere, rejects negative counts, and is 0 for an unchanged share', () => {
    expect(weightedLogOdds([{ word: 'x', countA: 0, countB: 0 }])).toEqual([]);
    expect(weightedLogOdds([]).length).toBe(0);
    expect(weightedLogOdds([{ word: 'only', countA: 3, countB: 9 }])[0]).toMatchObject({ logOddsRatio: 0, z: 0 });
    expect(weightedLogOdds([{ word: 'x', countA: 4, countB: 4 }, { word: 'y', countA: 6, countB: 6 }])[0]!.z).toBeCloseTo(0, 15);
    expect(() => weightedLogOdds([{ word: 'x', countA: -1, countB: 0 }])).toThrow(/^weightedLogOdds: counts must be finite and ≥ 0, got -1 and 0 for 'x'$/);
  });
});

describe('emergingTerms', () => {
  it('ranks by z what grew, counting each document once, with example documents', () => {
    const now = [['掉线', '掉线', '宽带'], ['掉线'], ['掉线', '账单'], ['账单'], ['宽带']];
    const before = [['账单'], ['账单'], ['账单', '宽带'], ['掉线'], ['宽带']];
    const r = emergingTerms(now, before, { minCount: 1 });
    expect(r.map((t) => t.term)).toEqual(['掉线']);
    expect(r[0]).toMatchObject({ countNow: 3, countBefore: 1, shareNow: 0.6, shareBefore: 0.2, exampleIndices: [0, 1] });
    // The same z as weightedLogOdds over the document counts (宽带 2/2, 掉线 3/1, 账单 2/3).
    const z = weightedLogOdds([{ word: '宽带', countA: 2, countB: 2 }, { word: '掉线', countA: 3, countB: 1 }, { word: '账单', countA: 2, countB: 3 }])[1]!.z;
    expect(r[0]!.z).toBeCloseTo(z, 14);
  });

  it('applies the minimum count and the limit, and handles empty periods', () => {
    const now = [['a'], ['a'], ['b']];
    expect(emergingTerms(now, [['c']], { minCount: 2 }).map((t) => t.term)).toEqual(['a']);
    expect(emergingTerms(now, [['c']], { minCount: 1, limit: 1 }).map((t) => t.term)).toEqual(['a']);
    expect(emergingTerms([], [['a']])).toEqual([]);
    const fromNothing = emergingTerms(now, [], { minCount: 1 });
    expect(fromNothing.every((t) => t.shareBefore === 0 && t.countBefore === 0)).toBe(true);
    expect(() => emergingTerms(now, [], { limit: -1 })).toThrow(/^emergingTerms: limit must be an integer ≥ 0, got -1$/);
  });
});
