/**
 * Survey ratings: numbers on a declared scale, verbal labels, yes/no, percentages and star strings, each
 * mapped to the canonical 1–5 scale.
 *
 * The canonical scale is the 1–5 CSAT scale of DOMAIN.md, whose top two boxes are 4 and 5. Every scale maps
 * to it linearly: canonical = 1 + 4 · (raw − min) / (max − min), rounded to 4 decimals. So 1–5 is the
 * identity, 0–10 maps 10 → 5 and 0 → 1, yes/no maps to 5/1. The rules are also stored in the
 * `rating_scale` table (sql/000002_reference_data.sql) so that reports can state them.
 */

/** One rating scale: its range, whether only integers are points of it, and its mapping rule. */
export interface RatingScale {
  readonly min: number;
  readonly max: number;
  /** True when a fraction (3.5) is not a point of the scale. */
  readonly integer: boolean;
  /** One-line rule mapping the scale to the canonical 1–5 scale, as stored in `rating_scale.rule`. */
  readonly rule: string;
}

/**
 * The rating scales answers come on, keyed by scale id (the `rating_scale.scale_id` of the database).
 *
 * @example RATING_SCALES.nps11.max // => 10
 */
export const RATING_SCALES = {
  likert5: { min: 1, max: 5, integer: true, rule: 'identity: canonical = raw' },
  likert7: { min: 1, max: 7, integer: true, rule: 'linear: canonical = 1 + 4 * (raw - 1) / 6' },
  nps11: { min: 0, max: 10, integer: true, rule: 'linear: canonical = 1 + 4 * raw / 10 (NPS itself is computed from raw)' },
  scale10: { min: 1, max: 10, integer: true, rule: 'linear: canonical = 1 + 4 * (raw - 1) / 9' },
  percent: { min: 0, max: 100, integer: false, rule: 'linear: canonical = 1 + 4 * raw / 100' },
  binary: { min: 0, max: 1, integer: true, rule: 'linear: no = 1, yes = 5' },
  verbal5: { min: 1, max: 5, integer: true, rule: 'label: very dissatisfied = 1 … very satisfied = 5' },
} as const satisfies Record<string, RatingScale>;

/** A rating scale id (`likert5`, `nps11`, …). */
export type RatingScaleId = keyof typeof RATING_SCALES;

/** A parsed rating: the value on its own scale and on the canonical 1–5 scale. */
export interface RatingResult {
  /** Value on `scale` (label values for verbal5, 1/0 for binary). */
  raw: number;
  /** 1–5, rounded to 4 decimals. */
  canonical: number;
  scale: RatingScaleId;
}

/**
 * Outcomes of `parseRating`: `notOnScale` is a fraction (3.5) on an integer scale.
 *
 * @example RATING_ERROR.outOfRange // => 3
 */
export const RATING_ERROR = { ok: 0, empty: 1, notANumber: 2, outOfRange: 3, notOnScale: 4 } as const;
/** One of the `RATING_ERROR` codes. */
export type RatingError = (typeof RATING_ERROR)[keyof typeof RATING_ERROR];

/**
 * Canonical 1–5 value of `raw` on `scale`: 1 + 4 · (raw − min) / (max − min), rounded to 4 decimals.
 *
 * @param raw value on the scale (in range)
 * @param scale scale id
 * @example canonicalRating(9, 'nps11') // => 4.6
 */
export function canonicalRating(raw: number, scale: RatingScaleId): number {
  const { min, max } = RATING_SCALES[scale];
  return Math.round((1 + (4 * (raw - min)) / (max - min)) * 10_000) / 10_000;
}

// ---- labels ------------------------------------------------------------------------------------------

interface Label {
  readonly raw: number;
  readonly scale: RatingScaleId;
}

const VERBAL: readonly (readonly [number, readonly string[]])[] = [
  [5, ['非常满意', '很满意', '十分满意', '特别满意', '极其满意', '超级满意', '非常好', '好评', '五星', '五星好评', 'very satisfied', 'extremely satisfied', 'completely satisfied', 'highly satisfied']],
  [4, ['满意', '比较满意', '较满意', '还算满意', '四星', 'satisfied', 'somewhat satisfied', 'fairly satisfied', 'mostly satisfied']],
  [3, ['一般', '基本满意', '中立', '中等', '还行', '尚可', '中评', '三星', 'neutral', 'neither satisfied nor dissatisfied', 'neither', 'average']],
  [2, ['不满意', '不太满意', '较不满意', '比较不满意', '二星', '两星', 'dissatisfied', 'unsatisfied', 'not satisfied', 'somewhat dissatisfied', 'fairly dissatisfied']],
  [1, ['非常不满意', '很不满意', '十分不满意', '特别不满意', '极不满意', '极其不满意', '非常差', '差评', '一星', 'very dissatisfied', 'very unsatisfied', 'extremely dissatisfied', 'completely dissatisfied', 'highly dissatisfied']],
];

/**
 * Other five-point verbal scales read on verbal5 (1 = worst … 5 = best): likelihood ("Very likely" on a
 * recommend item), agreement (5-point; the 7-point form is AGREE7) and ease. Effort words ("very high effort")
 * are read only on the effort item (EFFORT_LABELS): on any other item "high" would read as good.
 */
const VERBAL_OTHER: readonly (readonly [number, readonly string[]])[] = [
  [5, ['extremely likely', 'very likely', 'definitely would', 'strongly agree', 'very easy', 'extremely easy', '非常可能', '肯定会', '非常同意', '非常容易', '非常便捷']],
  [4, ['likely', 'somewhat likely', 'probably would', 'agree', 'somewhat agree', 'easy', 'somewhat easy', '可能', '比较可能', '同意', '比较同意', '容易', '比较容易', '便捷', '比较便捷']],
  [3, ['neither likely nor unlikely', 'not sure', 'unsure', 'neither agree nor disagree', 'neither easy nor difficult', 'neither easy nor hard', '不确定', '说不清']],
  [2, ['unlikely', 'somewhat unlikely', 'probably would not', 'disagree', 'somewhat disagree', 'difficult', 'somewhat difficult', 'hard', '不太可能', '不同意', '比较不同意', '困难', '比较困难', '不便捷', '不太便捷']],
  [1, ['very unlikely', 'extremely unlikely', 'definitely would not', 'strongly disagree', 'very difficult', 'extremely difficult', 'very hard', '非常不可能', '肯定不会', '非常不同意', '非常困难', '非常不便捷']],
];

/** Seven-point agreement (Gartner CES 2.0 "The company made it easy…"), used when the declared scale is likert7. */
const AGREE7: readonly (readonly [number, readonly string[]])[] = [
  [7, ['strongly agree', '非常同意']],
  [6, ['agree', '同意']],
  [5, ['somewhat agree', '比较同意', '有点同意']],
  [4, ['neither agree nor disagree', 'neutral', '中立', '一般']],
  [3, ['somewhat disagree', '比较不同意', '有点不同意']],
  [2, ['disagree', '不同意']],
  [1, ['strongly disagree', '非常不同意']],
];

/**
 * Ease labels (higher = easier = better), normalised: on an effort item (higher = more effort) they are read
 * reversed — "Very easy" is the least effort — so that they mean what the respondent said (row-plan.ts).
 */
export const EASE_LABELS: ReadonlyMap<string, number> = new Map(
  [
    [5, ['very easy', 'extremely easy', '非常容易', '非常便捷']],
    [4, ['easy', 'somewhat easy', '容易', '比较容易', '便捷', '比较便捷']],
    [3, ['neither easy nor difficult', 'neither easy nor hard']],
    [2, ['difficult', 'somewhat difficult', 'hard', '困难', '比较困难', '不便捷', '不太便捷']],
    [1, ['very difficult', 'extremely difficult', 'very hard', '非常困难', '非常不便捷']],
  ].flatMap(([value, words]) => (words as string[]).map((w) => [normalizeLabel(w), value as number] as const)),
);

/** Effort words (higher = more effort = worse), normalised: read on the effort item only (row-plan.ts). */
export const EFFORT_LABELS: ReadonlyMap<string, number> = new Map(
  [
    [5, ['very high effort', 'extremely high effort', '非常费力']],
    [4, ['high effort', 'somewhat high effort', '比较费力', '费力']],
    [3, ['moderate effort', 'neutral effort', '一般费力']],
    [2, ['low effort', 'somewhat low effort', '不费力', '比较省力']],
    [1, ['very low effort', 'extremely low effort', 'no effort', '毫不费力', '非常省力']],
  ].flatMap(([value, words]) => (words as string[]).map((w) => [normalizeLabel(w), value as number] as const)),
);

const YES_NO: readonly (readonly [number, readonly string[]])[] = [
  [1, ['是', '是的', '已解决', '解决', '已处理', '已经解决', 'yes', 'y', 'true', 'resolved', 'solved']],
  [0, ['否', '不是', '未解决', '没解决', '没有解决', '未处理', 'no', 'n', 'false', 'unresolved', 'not resolved', 'unsolved']],
];

/** Normalised label → rating; keys are lower-case NFKC with single spaces. */
const LABELS = new Map<string, Label>();
for (const [raw, words] of VERBAL) for (const word of words) LABELS.set(normalizeLabel(word), { raw, scale: 'verbal5' });
for (const [raw, words] of VERBAL_OTHER) for (const word of words) if (!LABELS.has(normalizeLabel(word))) LABELS.set(normalizeLabel(word), { raw, scale: 'verbal5' });
for (const [raw, words] of YES_NO) for (const word of words) LABELS.set(normalizeLabel(word), { raw, scale: 'binary' });
const AGREE7_LABELS = new Map<string, Label>();
for (const [raw, words] of AGREE7) for (const word of words) AGREE7_LABELS.set(normalizeLabel(word), { raw, scale: 'likert7' });

function normalizeLabel(text: string): string {
  return text.toLowerCase().replace(/[\s_\-]+/g, ' ').trim();
}

// ---- parsing -----------------------------------------------------------------------------------------

const DECIMAL = /^[+-]?(?:\d{1,15}(?:\.\d+)?|\.\d+)$/;
const PERCENT = /^([+-]?(?:\d{1,15}(?:\.\d+)?|\.\d+))\s*%$/;
/** A number followed by 分 (points) or 星 / 颗星 (stars). */
const SUFFIXED = /^([+-]?(?:\d{1,15}(?:\.\d+)?|\.\d+))\s*(分|星|颗星|stars?|points?|pts?)$/;
/** `4/5`, `8 out of 10`, `4分/5分`: a score out of a maximum. */
const OUT_OF = /^(\d{1,15}(?:\.\d+)?)\s*分?\s*(?:\/|out of|满分)\s*(\d{1,3})\s*分?$/;
const FILLED_STAR = 0x2605; // ★
const EMPTY_STAR = 0x2606; // ☆
const EMOJI_STAR = 0x2b50; // ⭐
const VARIATION_SELECTOR = 0xfe0f;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function setResult(out: RatingResult, raw: number, scale: RatingScaleId): number {
  const { min, max, integer } = RATING_SCALES[scale];
  if (raw < min || raw > max) return RATING_ERROR.outOfRange;
  if (integer && !Number.isInteger(raw)) return RATING_ERROR.notOnScale;
  out.raw = raw === 0 ? 0 : raw;
  out.scale = scale;
  out.canonical = canonicalRating(raw, scale);
  return RATING_ERROR.ok;
}

/** Number of filled stars in a string of ★/☆/⭐ only, or -1 when it is not a star string. */
function countStars(text: string): number {
  let filled = 0;
  let stars = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === FILLED_STAR || c === EMOJI_STAR) {
      filled++;
      stars++;
    } else if (c === EMPTY_STAR) {
      stars++;
    } else if (c !== VARIATION_SELECTOR && c !== 0x20) {
      return -1;
    }
  }
  return stars > 0 ? filled : -1;
}

/** The scale whose maximum is `max` for an "x out of max" answer, preferring the declared one. */
function scaleOutOf(max: number, declared: RatingScaleId): RatingScaleId | null {
  if (RATING_SCALES[declared].max === max && declared !== 'binary') return declared;
  if (max === 5) return 'likert5';
  if (max === 7) return 'likert7';
  if (max === 10) return 'nps11';
  if (max === 100) return 'percent';
  return null;
}

/**
 * Parses one rating answer into `out` and returns a `RATING_ERROR` code.
 * Method: NFKC (full-width digits), then in order: a plain number read on `declared`; `85%` on `percent`;
 * `4分` / `4星` (stars read on likert5); `4/5` or `8 out of 10` on the scale with that maximum; star strings
 * (`★★★★☆` = 4 on likert5); verbal labels on `verbal5` (非常满意 / very satisfied = 5 … 非常不满意 /
 * very dissatisfied = 1; 好评/中评/差评 = 5/3/1) and yes/no labels on `binary` (是/否, 已解决/未解决, Y/N,
 * true/false, resolved/unresolved), whatever the declared scale. Canonical per the module header.
 *
 * @param text the answer text
 * @param declared scale that numbers are read on
 * @param out result to fill (left unchanged unless the code is `ok`)
 * @returns a `RATING_ERROR` code
 * @example parseRating('9', 'nps11', r) // => 0 (r.canonical === 4.6)
 */
export function parseRating(text: string, declared: RatingScaleId, out: RatingResult): number {
  let t = text.trim();
  if (t.length === 0) return RATING_ERROR.empty;
  if (!isAscii(t)) {
    t = t.normalize('NFKC').trim();
    if (t.length === 0) return RATING_ERROR.empty;
  }
  if (DECIMAL.test(t)) return setResult(out, Number(t), declared);
  let match = PERCENT.exec(t);
  if (match !== null) return setResult(out, Number(match[1]), 'percent');
  match = SUFFIXED.exec(t.toLowerCase());
  if (match !== null) {
    const unit = match[2]!;
    return setResult(out, Number(match[1]), unit === '分' || unit.startsWith('p') ? declared : 'likert5');
  }
  match = OUT_OF.exec(t.toLowerCase());
  if (match !== null) {
    const scale = scaleOutOf(Number(match[2]), declared);
    return scale === null ? RATING_ERROR.notANumber : setResult(out, Number(match[1]), scale);
  }
  const stars = countStars(t);
  if (stars >= 0) return setResult(out, stars, 'likert5');
  const key = normalizeLabel(t);
  const label = (declared === 'likert7' ? AGREE7_LABELS.get(key) : undefined) ?? LABELS.get(key);
  if (label !== undefined) return setResult(out, label.raw, label.scale);
  return RATING_ERROR.notANumber;
}

// ---- scale inference ---------------------------------------------------------------------------------

const RANGE = /(\d{1,3})\s*(?:-|~|—|–|－|到|至|to)\s*(\d{1,3})/;

function scaleOfRange(min: number, max: number): RatingScaleId | null {
  for (const id of Object.keys(RATING_SCALES) as RatingScaleId[]) {
    const scale = RATING_SCALES[id];
    if (id !== 'verbal5' && scale.min === min && scale.max === max) return id;
  }
  return null;
}

/**
 * The scale a rating column's numbers are on, from its header's hint, else the item's default.
 * Hints: a range (`满意度(1-10)` → scale10, `NPS (0-10)` → nps11, `score 1~7` → likert7, `0-100` → percent,
 * `0-1` → binary), `百分制` / `percent` / `%` → percent, `十分制` / `10分制` → scale10 (nps11 for the nps item),
 * `五分制` → likert5, `七分制` → likert7, `NPS` → nps11, `是否` / `yes/no` → binary. Defaults per item (DOMAIN.md):
 * `nps` → nps11 (0–10), `ces` → likert7 (Gartner CES 2.0), `solved` → binary, anything else → likert5.
 *
 * @param header the source column header ('' when none)
 * @param item the survey item or field name (`overall`, `nps`, `ces`, `solved`, …)
 * @example inferRatingScale('满意度（百分制）', 'overall') // => 'percent'
 */
export function inferRatingScale(header: string, item: string): RatingScaleId {
  const h = header.normalize('NFKC').toLowerCase();
  const range = RANGE.exec(h);
  if (range !== null) {
    const scale = scaleOfRange(Number(range[1]), Number(range[2]));
    if (scale !== null) return scale;
  }
  if (h.includes('百分') || h.includes('percent') || h.includes('%')) return 'percent';
  if (h.includes('十分制') || h.includes('10分制')) return item === 'nps' ? 'nps11' : 'scale10';
  if (h.includes('五分制') || h.includes('5分制')) return 'likert5';
  if (h.includes('七分制') || h.includes('7分制')) return 'likert7';
  if (/(^|[^a-z])nps([^a-z]|$)/.test(h)) return 'nps11';
  if (h.includes('是否') || h.includes('yes/no') || h.includes('y/n')) return 'binary';
  if (item === 'nps') return 'nps11';
  if (item === 'ces') return 'likert7';
  if (item === 'solved') return 'binary';
  return 'likert5';
}
