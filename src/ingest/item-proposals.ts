/**
 * Proposals for `servq inspect --write-profile` on survey exports: the questions servq cannot name (an airline
 * asks 14, SERVQUAL 22) and answers no rating scale reads ("neutral or dissatisfied").
 *
 * Method, over the sampled data rows: an unmapped column is proposed as a survey item when it has at least 5
 * answers, all whole numbers from 0 to 10, at least three distinct ones (a 0/1 flag such as Qualtrics'
 * "Finished" is no rating), and its header is neither a field name or alias of any kind (Qualtrics' "Status")
 * nor one the phrase table marks as not a field (`Q5_NPS_GROUP`), nor a column the profile ignores; its scale is the smallest built-in one
 * holding them (1–5, 1–7, 0–10, 1–10; a column with 0s on an otherwise 1–5 range is proposed on 1–5 with
 * "0" as a missing-value code, the common "not applicable" — said in a note, to check). Answers of a rated
 * column that are neither numbers nor known labels are listed, with a label-scale snippet when there are two
 * (a satisfied / not satisfied outcome). These are proposals written into the profile for the user to review,
 * never applied by `ingest` on its own.
 */
import { FIELDS_BY_KIND, SOURCE_KINDS } from './fields.js';
import { scoreHeader } from './header-match.js';
import { NOT_A_FIELD } from './header-phrases.js';
import { isAlias } from './mapping.js';
import type { MappingProfile } from './profile.js';
import type { RowPlan } from './row-plan.js';
import { parseRating, RATING_ERROR, type RatingResult, type RatingScaleId } from './standardize/rating.js';
import { maskPersonalData } from '../privacy/mask.js';

export interface ItemProposals {
  readonly items: NonNullable<MappingProfile['items']>;
  readonly columns: Record<string, string>;
  readonly missingCodes: Record<string, string[]>;
  readonly notes: string[];
  /** Item → answers that are not ratings on its scale (distinct, at most 20). */
  readonly unknownAnswers: Record<string, string[]>;
}

/** Field names of every kind: an item code must not be one (a profile's items may not shadow fields). */
const BUILT_IN = new Set(SOURCE_KINDS.flatMap((k) => FIELDS_BY_KIND[k].map((f) => f.name)));

/** True when a header names something else than a rating: a field of any kind, or "not a field". */
function namesSomethingElse(header: string): boolean {
  if (SOURCE_KINDS.some((kind) => isAlias(kind, header))) return true;
  const best = [...scoreHeader('surveys', header)].sort((a, b) => b[1].score - a[1].score)[0];
  return best !== undefined && best[0] === NOT_A_FIELD;
}

/** A code from a header: ASCII words joined by `_`, or `item_N` for a header without Latin letters. */
function itemCode(header: string, column: number, taken: Set<string>): string {
  const words = header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
  let code = words.join('_').slice(0, 40).replace(/_+$/, '');
  if (!/^[a-z]/.test(code)) code = `item_${column + 1}`;
  if (BUILT_IN.has(code)) code = `${code}_item`;
  let unique = code;
  for (let n = 2; taken.has(unique); n++) unique = `${code}_${n}`;
  taken.add(unique);
  return unique;
}

function scaleFor(min: number, max: number): RatingScaleId | null {
  if (min >= 1 && max <= 5) return 'likert5';
  if (min >= 1 && max <= 7) return 'likert7';
  if (min >= 0 && max <= 10 && min === 0 && max > 5) return 'nps11';
  if (min >= 1 && max <= 10) return 'scale10';
  return null;
}

/**
 * Proposes items for unmapped rating-like columns and lists unreadable answers of rated columns.
 * @param rows sampled data rows (trimmed text per column)
 */
export function proposeItems(
  plan: RowPlan,
  headers: readonly string[],
  unmapped: ReadonlySet<number>,
  rows: readonly (readonly string[])[],
  /** Headers the profile or preset maps to "ignore". */
  ignored: ReadonlySet<string> = new Set(),
): ItemProposals {
  const out: ItemProposals = { items: {}, columns: {}, missingCodes: {}, notes: [], unknownAnswers: {} };
  if (plan.kind !== 'surveys') return out;
  const taken = new Set(plan.surveyItems.map((i) => i.item));
  for (const column of [...unmapped].sort((a, b) => a - b)) {
    const header = headers[column]!.trim();
    if (header === '' || ignored.has(header) || namesSomethingElse(header)) continue;
    const values = rows.map((r) => r[column] ?? '').filter((v) => v !== '');
    if (values.length < 5 || !values.every((v) => /^\d{1,2}$/.test(v))) continue;
    const numbers = values.map(Number);
    const min = Math.min(...numbers);
    const max = Math.max(...numbers);
    if (max > 10 || new Set(numbers).size < 3) continue;
    const zeroAsMissing = min === 0 && max <= 5;
    const scale = zeroAsMissing ? 'likert5' : scaleFor(min, max);
    if (scale === null) continue;
    const code = itemCode(header, column, taken);
    out.items[code] = { label: header, scale };
    out.columns[header] = code;
    if (zeroAsMissing) {
      out.missingCodes[code] = ['0'];
      out.notes.push(`'${header}' proposed as item ${code} on 1–5 with 0 as "no answer" (0 is outside the scale); check that 0 means not applicable`);
    }
  }
  if (Object.keys(out.items).length > 0) {
    out.notes.push(`${Object.keys(out.items).length} unmapped column(s) of whole numbers 0–10 proposed as survey items (items, columns): remove any that is not a rating, add "servqual" dimensions where they apply`);
  }
  const result: RatingResult = { raw: 0, canonical: 0, scale: 'likert5' };
  for (const item of plan.surveyItems) {
    if (item.labels !== undefined) continue;
    const bad = new Set<string>();
    const good = new Map<string, number>();
    for (const r of rows) {
      const v = r[item.source] ?? '';
      if (v === '') continue;
      if (parseRating(v, item.scale, result) === RATING_ERROR.notANumber) bad.add(maskPersonalData(v));
      else if (result.canonical > 0) good.set(v, result.canonical);
    }
    if (bad.size === 0) continue;
    out.unknownAnswers[item.item] = [...bad].slice(0, 20);
    const distinct = [...bad, ...good.keys()];
    if (distinct.length === 2) {
      // Two answers in all: a yes/no outcome; the one read as satisfied (canonical ≥ 4), if any, is the 1.
      const labels = Object.fromEntries(distinct.map((label) => [label, (good.get(label) ?? 0) >= 4 ? 1 : 0]));
      out.notes.push(`${item.item}: answers ${[...bad].map((b) => `'${b}'`).join(', ')} are not ratings; for a two-valued outcome declare {"scales": {"${item.item}": {"scale": "binary", "labels": ${JSON.stringify(labels)}}}}`);
    } else {
      out.notes.push(`${item.item}: answers ${[...bad].slice(0, 8).map((b) => `'${b}'`).join(', ')} are not ratings on ${item.scale}; declare a label scale in "scales" (see catalog/README.md)`);
    }
  }
  return out;
}
