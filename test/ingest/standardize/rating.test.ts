import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from './arbitraries.js';
import {
  canonicalRating,
  inferRatingScale,
  parseRating,
  RATING_ERROR,
  RATING_SCALES,
  type RatingResult,
  type RatingScaleId,
} from '../../../src/ingest/standardize/rating.js';

const SCALE_IDS = Object.keys(RATING_SCALES) as RatingScaleId[];
const NUMERIC_SCALES = SCALE_IDS.filter((id) => id !== 'verbal5');

function rate(text: string, declared: RatingScaleId): RatingResult | number {
  const out: RatingResult = { raw: NaN, canonical: NaN, scale: 'likert5' };
  const error = parseRating(text, declared, out);
  return error === RATING_ERROR.ok ? out : error;
}

// Canonical values worked by hand: 1 + 4 · (raw − min) / (max − min), e.g. nps11 9 → 1 + 3.6 = 4.6,
// likert7 6 → 1 + 4·5/6 = 4.3333, scale10 8 → 1 + 4·7/9 = 4.1111, percent 85 → 1 + 3.4 = 4.4.
const ACCEPTED: readonly (readonly [string, RatingScaleId, number, RatingScaleId, number])[] = [
  // text, declared, raw, scale, canonical
  ['4', 'likert5', 4, 'likert5', 4],
  ['1', 'likert5', 1, 'likert5', 1],
  ['5', 'likert5', 5, 'likert5', 5],
  ['4.0', 'likert5', 4, 'likert5', 4],
  [' 3 ', 'likert5', 3, 'likert5', 3],
  ['６', 'likert7', 6, 'likert7', 4.3333],
  ['7', 'likert7', 7, 'likert7', 5],
  ['0', 'nps11', 0, 'nps11', 1],
  ['9', 'nps11', 9, 'nps11', 4.6],
  ['10', 'nps11', 10, 'nps11', 5],
  ['８', 'scale10', 8, 'scale10', 4.1111],
  ['85', 'percent', 85, 'percent', 4.4],
  ['85.5', 'percent', 85.5, 'percent', 4.42],
  ['1', 'binary', 1, 'binary', 5],
  ['0', 'binary', 0, 'binary', 1],
  ['3', 'verbal5', 3, 'verbal5', 3],
  // percentages, whatever the declared scale
  ['85%', 'likert5', 85, 'percent', 4.4],
  ['85 %', 'nps11', 85, 'percent', 4.4],
  ['１００％', 'likert5', 100, 'percent', 5],
  // points and stars
  ['4分', 'likert5', 4, 'likert5', 4],
  ['9分', 'nps11', 9, 'nps11', 4.6],
  ['4星', 'nps11', 4, 'likert5', 4],
  ['3 stars', 'likert7', 3, 'likert5', 3],
  ['★★★★☆', 'likert5', 4, 'likert5', 4],
  ['★★★★★', 'nps11', 5, 'likert5', 5],
  ['★☆☆☆☆', 'likert5', 1, 'likert5', 1],
  ['⭐⭐⭐', 'likert5', 3, 'likert5', 3],
  ['⭐️⭐️⭐️⭐️', 'likert5', 4, 'likert5', 4],
  // out of a maximum
  ['4/5', 'nps11', 4, 'likert5', 4],
  ['8/10', 'scale10', 8, 'scale10', 4.1111],
  ['8 out of 10', 'nps11', 8, 'nps11', 4.2],
  ['6/7', 'likert5', 6, 'likert7', 4.3333],
  // Chinese verbal labels
  ['非常满意', 'likert5', 5, 'verbal5', 5],
  ['很满意', 'nps11', 5, 'verbal5', 5],
  ['满意', 'likert5', 4, 'verbal5', 4],
  ['比较满意', 'likert5', 4, 'verbal5', 4],
  ['一般', 'likert5', 3, 'verbal5', 3],
  ['基本满意', 'likert5', 3, 'verbal5', 3],
  ['中立', 'likert5', 3, 'verbal5', 3],
  ['不满意', 'likert5', 2, 'verbal5', 2],
  ['不太满意', 'likert5', 2, 'verbal5', 2],
  ['非常不满意', 'likert5', 1, 'verbal5', 1],
  ['很不满意', 'percent', 1, 'verbal5', 1],
  ['好评', 'likert5', 5, 'verbal5', 5],
  ['中评', 'likert5', 3, 'verbal5', 3],
  ['差评', 'likert5', 1, 'verbal5', 1],
  // English verbal labels
  ['Very satisfied', 'likert5', 5, 'verbal5', 5],
  ['very  SATISFIED', 'likert5', 5, 'verbal5', 5],
  ['Satisfied', 'likert5', 4, 'verbal5', 4],
  ['Neutral', 'likert5', 3, 'verbal5', 3],
  ['Neither satisfied nor dissatisfied', 'likert5', 3, 'verbal5', 3],
  ['Dissatisfied', 'likert5', 2, 'verbal5', 2],
  ['Very dissatisfied', 'likert5', 1, 'verbal5', 1],
  ['very_dissatisfied', 'likert5', 1, 'verbal5', 1],
  // yes / no
  ['是', 'likert5', 1, 'binary', 5],
  ['否', 'likert5', 0, 'binary', 1],
  ['已解决', 'binary', 1, 'binary', 5],
  ['未解决', 'binary', 0, 'binary', 1],
  ['yes', 'binary', 1, 'binary', 5],
  ['No', 'binary', 0, 'binary', 1],
  ['Y', 'likert5', 1, 'binary', 5],
  ['n', 'likert5', 0, 'binary', 1],
  ['TRUE', 'likert5', 1, 'binary', 5],
  ['false', 'likert5', 0, 'binary', 1],
  ['Resolved', 'binary', 1, 'binary', 5],
  ['unresolved', 'binary', 0, 'binary', 1],
];

const REJECTED: readonly (readonly [string, RatingScaleId, number])[] = [
  ['', 'likert5', RATING_ERROR.empty],
  ['   ', 'likert5', RATING_ERROR.empty],
  ['\u3000', 'likert5', RATING_ERROR.empty],
  ['abc', 'likert5', RATING_ERROR.notANumber],
  ['NaN', 'likert5', RATING_ERROR.notANumber],
  ['Infinity', 'likert5', RATING_ERROR.notANumber],
  ['1e1', 'nps11', RATING_ERROR.notANumber],
  ['0x5', 'likert5', RATING_ERROR.notANumber],
  ['4-5', 'likert5', RATING_ERROR.notANumber],
  ['4/6', 'likert5', RATING_ERROR.notANumber],
  ['--4', 'likert5', RATING_ERROR.notANumber],
  ['1..5', 'likert5', RATING_ERROR.notANumber],
  ['12345678901234567', 'percent', RATING_ERROR.notANumber],
  ['0', 'likert5', RATING_ERROR.outOfRange],
  ['6', 'likert5', RATING_ERROR.outOfRange],
  ['-1', 'nps11', RATING_ERROR.outOfRange],
  ['11', 'nps11', RATING_ERROR.outOfRange],
  ['0', 'scale10', RATING_ERROR.outOfRange],
  ['8', 'likert7', RATING_ERROR.outOfRange],
  ['101', 'percent', RATING_ERROR.outOfRange],
  ['120%', 'likert5', RATING_ERROR.outOfRange],
  ['2', 'binary', RATING_ERROR.outOfRange],
  ['6', 'verbal5', RATING_ERROR.outOfRange],
  ['☆☆☆☆☆', 'likert5', RATING_ERROR.outOfRange],
  ['★★★★★★', 'likert5', RATING_ERROR.outOfRange],
  ['6星', 'likert5', RATING_ERROR.outOfRange],
  ['3.5', 'likert5', RATING_ERROR.notOnScale],
  ['9.5', 'nps11', RATING_ERROR.notOnScale],
  ['0.5', 'binary', RATING_ERROR.notOnScale],
  ['4.5分', 'likert5', RATING_ERROR.notOnScale],
];

describe('parseRating', () => {
  it.each(ACCEPTED)('reads %j declared %s as %d on %s (canonical %d)', (text, declared, raw, scale, canonical) => {
    expect(rate(text, declared)).toEqual({ raw, scale, canonical });
  });

  it.each(REJECTED)('rejects %j declared %s with code %i', (text, declared, code) => {
    expect(rate(text, declared)).toBe(code);
  });

  it('leaves the result untouched on error', () => {
    const out: RatingResult = { raw: 4, canonical: 4, scale: 'likert5' };
    expect(parseRating('9', 'likert5', out)).toBe(RATING_ERROR.outOfRange);
    expect(out).toEqual({ raw: 4, canonical: 4, scale: 'likert5' });
  });
});

describe('RATING_SCALES', () => {
  it('has the rules, minima and maxima of the rating_scale reference rows', () => {
    // The same scales are seeded into the database; the two must not drift apart.
    const sql = readFileSync(new URL('../../../sql/000002_reference_data.sql', import.meta.url), 'utf8');
    const rows = [...sql.matchAll(/\('(\w+)',\s*(\d+),\s*(\d+),\s*'([^']*)'\)/g)].map((m) => ({ id: m[1]!, min: Number(m[2]), max: Number(m[3]), rule: m[4]! }));
    expect(rows.map((r) => r.id).sort()).toEqual([...SCALE_IDS].sort());
    for (const row of rows) {
      const scale = RATING_SCALES[row.id as RatingScaleId];
      expect({ min: scale.min, max: scale.max, rule: scale.rule }).toEqual({ min: row.min, max: row.max, rule: row.rule });
    }
  });

  it('maps every scale minimum to 1 and maximum to 5', () => {
    for (const id of SCALE_IDS) {
      expect(canonicalRating(RATING_SCALES[id].min, id)).toBe(1);
      expect(canonicalRating(RATING_SCALES[id].max, id)).toBe(5);
    }
  });
});

describe('inferRatingScale', () => {
  const CASES: readonly (readonly [string, string, RatingScaleId])[] = [
    ['满意度(1-10)', 'overall', 'scale10'],
    ['满意度（1-10分）', 'overall', 'scale10'],
    ['NPS (0-10)', 'nps', 'nps11'],
    ['推荐意愿(0~10)', 'overall', 'nps11'],
    ['score 1~7', 'overall', 'likert7'],
    ['满意度（1～5）', 'overall', 'likert5'],
    ['评分 1 到 7', 'overall', 'likert7'],
    ['satisfaction (0 to 100)', 'overall', 'percent'],
    ['满意度（百分制）', 'overall', 'percent'],
    ['Satisfaction %', 'overall', 'percent'],
    ['满意度(十分制)', 'overall', 'scale10'],
    ['推荐度(10分制)', 'nps', 'nps11'],
    ['态度(五分制)', 'attitude', 'likert5'],
    ['NPS', 'overall', 'nps11'],
    ['是否解决', 'overall', 'binary'],
    ['满意度(2-9)', 'overall', 'likert5'],
    ['推荐意愿', 'nps', 'nps11'],
    ['费力度', 'ces', 'likert7'],
    ['问题解决', 'solved', 'binary'],
    ['满意度', 'overall', 'likert5'],
    ['', 'attitude', 'likert5'],
    ['snapshot', 'overall', 'likert5'],
  ];

  it.each(CASES)('reads %j for item %s as %s', (header, item, scale) => {
    expect(inferRatingScale(header, item)).toBe(scale);
  });
});

describe('rating properties', () => {
  it('never throws, and returns a known code, on any string and any declared scale', () => {
    const codes = new Set<number>(Object.values(RATING_ERROR));
    fc.assert(
      fc.property(anyText, fc.constantFrom(...SCALE_IDS), (text, declared) => {
        const out: RatingResult = { raw: 0, canonical: 0, scale: 'likert5' };
        const code = parseRating(text, declared, out);
        expect(codes.has(code)).toBe(true);
        if (code === RATING_ERROR.ok) {
          expect(out.canonical).toBeGreaterThanOrEqual(1);
          expect(out.canonical).toBeLessThanOrEqual(5);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('inferRatingScale never throws and always names a scale', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (header, item) => {
        expect(SCALE_IDS).toContain(inferRatingScale(header, item));
      }),
      { numRuns: 1000 },
    );
  });

  it('for every numeric scale and integer raw in range: canonical within [1, 5], strictly increasing', () => {
    for (const id of NUMERIC_SCALES) {
      const { min, max } = RATING_SCALES[id];
      let previous = 0;
      for (let raw = min; raw <= max; raw++) {
        const r = rate(String(raw), id);
        expect(r).toMatchObject({ raw, scale: id });
        const canonical = (r as RatingResult).canonical;
        expect(canonical).toBeGreaterThanOrEqual(1);
        expect(canonical).toBeLessThanOrEqual(5);
        expect(canonical).toBeGreaterThan(previous);
        expect(canonical).toBeCloseTo(1 + (4 * (raw - min)) / (max - min), 4);
        previous = canonical;
      }
    }
  });

  it('is monotone on percent values with decimals, and reads full-width digits as ASCII', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (a, b) => {
        const ra = rate(String(a / 100), 'percent') as RatingResult;
        const rb = rate(String(b / 100), 'percent') as RatingResult;
        if (a <= b) expect(ra.canonical).toBeLessThanOrEqual(rb.canonical);
        const wide = String(a).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
        expect(rate(`${wide}%`, 'likert5')).toEqual(rate(`${a}%`, 'likert5'));
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every fraction on integer scales as notOnScale', () => {
    const integerScales = NUMERIC_SCALES.filter((id) => RATING_SCALES[id].integer);
    fc.assert(
      fc.property(fc.constantFrom(...integerScales), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 9 }), (id, whole, tenth) => {
        const { min, max } = RATING_SCALES[id];
        const value = whole + tenth / 10;
        if (value > min && value < max) expect(rate(String(value), id)).toBe(RATING_ERROR.notOnScale);
      }),
      { numRuns: 500 },
    );
  });
});
