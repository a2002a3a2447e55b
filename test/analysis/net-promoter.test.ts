/**
 * NPS and its difference test against R 4.2.2 (test/reference/net-promoter.R computes them from the scored
 * answers, +1/0/−1, not from the counts formula). Tolerance 1e-10 relative.
 */
import { describe, expect, it } from 'vitest';
import { netPromoterDifference, netPromoterScore } from '../../src/analysis/net-promoter.js';
import reference from '../reference/net-promoter.json' with { type: 'json' };

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(expected)));

describe('netPromoterScore', () => {
  it.each(reference.scores)('matches R for $promoters promoters, $passives passives, $detractors detractors', (c) => {
    const r = netPromoterScore({ promoters: c.promoters, detractors: c.detractors, n: c.n });
    if (r.status !== 'ok') throw new Error(r.reason);
    close(r.estimate, c.estimate);
    close(r.standardError, c.se);
    close(r.lower, c.lower);
    close(r.upper, c.upper);
  });

  it('is insufficient with no answers and warns when every answer scores the same', () => {
    expect(netPromoterScore({ promoters: 0, detractors: 0, n: 0 }).status).toBe('insufficient');
    const all = netPromoterScore({ promoters: 3, detractors: 0, n: 3 });
    expect(all).toMatchObject({ status: 'ok', estimate: 100, lower: 100, upper: 100 });
    if (all.status === 'ok') expect(all.warnings.map((w) => w.code)).toEqual(['degenerate-interval']);
  });

  it('rejects impossible counts', () => {
    expect(() => netPromoterScore({ promoters: 3, detractors: 3, n: 5 })).toThrow(/^netPromoterScore: counts must be/);
    expect(() => netPromoterScore({ promoters: 1.5, detractors: 0, n: 5 })).toThrow(RangeError);
    expect(() => netPromoterScore({ promoters: 1, detractors: 0, n: 5 }, { level: 1 })).toThrow(/level/);
  });
});

describe('netPromoterDifference', () => {
  it.each(reference.differences)('matches R for cases $x − $y', (d) => {
    const a = reference.scores[d.x]!;
    const b = reference.scores[d.y]!;
    const r = netPromoterDifference({ promoters: a.promoters, detractors: a.detractors, n: a.n }, { promoters: b.promoters, detractors: b.detractors, n: b.n });
    if (r.status !== 'ok') throw new Error(r.reason);
    close(r.difference, d.difference);
    close(r.statistic, d.statistic);
    close(r.pValue, d.p_value);
    close(r.lower, d.lower);
    close(r.upper, d.upper);
  });

  it('is insufficient for an empty sample or zero variance on both sides', () => {
    expect(netPromoterDifference({ promoters: 0, detractors: 0, n: 0 }, { promoters: 1, detractors: 0, n: 2 }).status).toBe('insufficient');
    expect(netPromoterDifference({ promoters: 2, detractors: 0, n: 2 }, { promoters: 3, detractors: 0, n: 3 }).status).toBe('insufficient');
  });
});
