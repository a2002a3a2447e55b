import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustPValues, P_ADJUST_METHODS, type PAdjustMethod } from '../../src/analysis/adjust-p-values.js';

// Fixture: test/reference/p-adjust.R (R 4.2.2 `p.adjust`); NA and NaN are written as null.
interface Case {
  readonly name: string;
  readonly call: string;
  readonly method: PAdjustMethod;
  readonly p: readonly (number | null)[];
  readonly adjusted: readonly (number | null)[];
}
const fixture = JSON.parse(readFileSync(new URL('../reference/p-adjust.json', import.meta.url), 'utf8')) as Case[];

describe('adjustPValues against R p.adjust', () => {
  // Same arithmetic in the same order as R: relative 1e-14 (BY's harmonic sum is long double in R, compensated here).
  for (const c of fixture) {
    it(`${c.name}: ${c.call}`, () => {
      const result = adjustPValues(c.p, c.method);
      expect(result.adjusted).toHaveLength(c.p.length);
      expect(result.m).toBe(c.p.filter((v) => v !== null).length);
      c.adjusted.forEach((expected, i) => {
        const actual = result.adjusted[i];
        if (expected === null) expect(actual).toBeNull();
        else expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-14 * expected);
      });
    });
  }
});

describe('adjustPValues edge cases', () => {
  it('empty input gives empty output', () => {
    for (const method of P_ADJUST_METHODS) expect(adjustPValues([], method).adjusted).toEqual([]);
  });

  it('NaN counts as missing and comes back as null', () => {
    expect(adjustPValues(Float64Array.of(0.01, NaN, 0.02), 'bonferroni').adjusted).toEqual([0.02, null, 0.04]);
  });

  it('throws on p outside [0, 1] and on unknown methods', () => {
    expect(() => adjustPValues([0.5, 1.2], 'BH')).toThrow(/^adjustPValues: p-values must lie in \[0, 1\].*1\.2 at index 1/);
    expect(() => adjustPValues([-0.1], 'holm')).toThrow(RangeError);
    expect(() => adjustPValues([0.1], 'fdr' as never)).toThrow(/method must be one of/);
  });

  it('hommel on 3000 values finishes (O(m²), as R)', () => {
    const p = Array.from({ length: 3000 }, (_, i) => (((i + 1) * 7919) % 10_007) / 10_007);
    const r = adjustPValues(p, 'hommel');
    // Speed is measured by npm run bench:analysis; here: complete, in range and never below the raw p.
    expect(r.adjusted).toHaveLength(3000);
    r.adjusted.forEach((a, i) => expect(a!).toBeGreaterThanOrEqual(p[i]!));
  });
});

describe('adjustPValues properties', () => {
  const pvalues = fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(null)), { maxLength: 60 });

  it('adjusted ≥ raw, within [0, 1], missing kept in place', () => {
    fc.assert(
      fc.property(pvalues, fc.constantFrom(...P_ADJUST_METHODS), (p, method) => {
        const { adjusted } = adjustPValues(p, method);
        p.forEach((raw, i) => {
          const a = adjusted[i];
          if (raw === null) expect(a).toBeNull();
          else {
            expect(a as number).toBeGreaterThanOrEqual(raw);
            expect(a as number).toBeLessThanOrEqual(1);
          }
        });
      }),
    );
  });

  it('step-up/step-down methods are monotone in the rank of p', () => {
    fc.assert(
      fc.property(pvalues, fc.constantFrom<PAdjustMethod>('BH', 'BY', 'holm', 'hochberg', 'hommel', 'bonferroni'), (p, method) => {
        const { adjusted } = adjustPValues(p, method);
        const present = p.map((v, i) => [v, adjusted[i]] as const).filter((pair) => pair[0] !== null) as [number, number][];
        present.sort((a, b) => a[0] - b[0]);
        for (let k = 1; k < present.length; k++) expect((present[k] as [number, number])[1]).toBeGreaterThanOrEqual((present[k - 1] as [number, number])[1]);
      }),
    );
  });

  it('BH ≤ BY, Hochberg ≤ Holm ≤ Bonferroni, Hommel ≤ Hochberg', () => {
    fc.assert(
      fc.property(pvalues, (p) => {
        const get = (m: PAdjustMethod) => adjustPValues(p, m).adjusted;
        const [bh, by, holm, hochberg, bonferroni, hommel] = (['BH', 'BY', 'holm', 'hochberg', 'bonferroni', 'hommel'] as const).map(get);
        p.forEach((raw, i) => {
          if (raw === null) return;
          const at = (a: readonly (number | null)[] | undefined) => (a as (number | null)[])[i] as number;
          expect(at(bh)).toBeLessThanOrEqual(at(by) * (1 + 1e-15));
          expect(at(hochberg)).toBeLessThanOrEqual(at(holm) * (1 + 1e-15));
          expect(at(holm)).toBeLessThanOrEqual(at(bonferroni) * (1 + 1e-15));
          expect(at(hommel)).toBeLessThanOrEqual(at(hochberg) * (1 + 1e-15));
        });
      }),
    );
  });
});
