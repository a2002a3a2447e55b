/**
 * Dirty rows: about 0.5 % of all rows (0.5 % of call logs, 1 % of surveys, 2 % of complaints) are spoiled on
 * purpose, one defect per row, cycling through the defects that fit the file, so the ingest's cleaning and
 * rejection paths run on the demo. Each kind says what a correct ingest does with it; the manifest counts them
 * per file.
 *
 * The injector has its own seeded stream: the clean data do not change when the dirt does.
 */
import type { Cell, FileLayout } from './layout.js';
import type { SeededRandom } from './random.js';

/**
 * The defects, with the outcome a correct ingest should produce:
 * `duplicate` (the row is recorded as a duplicate), `reject` (the row is rejected with a reason),
 * `repair` (the row loads with the defect cleaned away).
 * @example DIRTY_KINDS.impossible_date.outcome // => 'reject'
 */
export const DIRTY_KINDS = {
  duplicate: { description: 'the same line (or JSON object) written twice in a row', outcome: 'duplicate' },
  impossible_date: { description: 'the required timestamp is on 30 February (e.g. 2025-02-30)', outcome: 'reject' },
  negative_duration: { description: 'the queue wait is negative (-35, -00:00:35, -0:35)', outcome: 'reject' },
  rating_out_of_range: { description: 'a 7 on the 1–5 overall / post-resolution satisfaction', outcome: 'reject' },
  unknown_channel: { description: 'a channel label no vocabulary knows (飞鸽传书 / pigeon)', outcome: 'reject' },
  future_date: { description: 'the required timestamp in 2099', outcome: 'reject' },
  missing_column: { description: 'CSV: the last two fields missing; JSON: the required timestamp key missing', outcome: 'reject' },
  padded_spaces: { description: 'leading and trailing spaces around agent, team and region', outcome: 'repair' },
  full_width_digit: { description: 'a full-width digit (０–９) inside the phone number', outcome: 'repair' },
} as const;

/** One of the defect kinds. */
export type DirtyKind = keyof typeof DIRTY_KINDS;

/** Share of call-log rows spoiled (the bulk of the data: ~0.5 % overall). */
export const CALL_DIRTY_SHARE = 0.005;
/** Share of survey rows spoiled (smaller files: 1 % so every defect appears). */
export const SURVEY_DIRTY_SHARE = 0.01;
/** Share of complaint rows spoiled (the smallest files: 2 %). */
export const COMPLAINT_DIRTY_SHARE = 0.02;

/**
 * How many of the spoiled rows a correct ingest rejects and records as duplicates.
 * @param counts spoiled rows per kind
 * @example expectedIngestOutcome({ ...zeroCounts, duplicate: 2, future_date: 1 }) // => { rejected: 1, duplicates: 2, repaired: 0 }
 */
export function expectedIngestOutcome(counts: Readonly<Record<DirtyKind, number>>): { rejected: number; duplicates: number; repaired: number } {
  let rejected = 0;
  let duplicates = 0;
  let repaired = 0;
  for (const kind of ALL_KINDS) {
    const outcome: string = DIRTY_KINDS[kind].outcome;
    if (outcome === 'reject') rejected += counts[kind];
    else if (outcome === 'duplicate') duplicates += counts[kind];
    else repaired += counts[kind];
  }
  return { rejected, duplicates, repaired };
}

const ALL_KINDS = Object.keys(DIRTY_KINDS) as DirtyKind[];

/**
 * The defects that apply to a layout (no negative duration without a duration column, …).
 * @param layout the file layout
 * @example dirtyKindsFor(callsEnglishLayout('x.csv')).length // => 9
 */
export function dirtyKindsFor(layout: FileLayout<unknown>): DirtyKind[] {
  return ALL_KINDS.filter((k) => (k !== 'negative_duration' || layout.roles.duration >= 0) && (k !== 'rating_out_of_range' || layout.roles.rating >= 0));
}

/**
 * Decides which rows are spoiled and how: Bernoulli(share) per row, kinds in rotation (so even a small file
 * gets a spread of kinds rather than a random handful of one).
 * @example new DirtyInjector(new SeededRandom(1), ['duplicate', 'future_date'], 1).draw() // => 'duplicate'
 */
export class DirtyInjector {
  private next = 0;
  /** Spoiled rows per kind so far. */
  readonly counts: Record<DirtyKind, number> = Object.fromEntries(ALL_KINDS.map((k) => [k, 0])) as Record<DirtyKind, number>;

  /**
   * @param rng the injector's own stream @param kinds the defects that apply
   * @param share share of rows to spoil, 0–1
   */
  constructor(
    private readonly rng: SeededRandom,
    private readonly kinds: readonly DirtyKind[],
    private readonly share: number,
  ) {}

  /** The defect for the next row, or null for a clean row. */
  draw(): DirtyKind | null {
    if (this.kinds.length === 0 || !this.rng.bernoulli(this.share)) return null;
    const kind = this.kinds[this.next % this.kinds.length]!;
    this.next++;
    this.counts[kind]++;
    return kind;
  }

  /** The injector's stream, for the defects' own random choices. */
  get random(): SeededRandom {
    return this.rng;
  }
}

const DATE_PREFIX = /^(\d{4})([-/])(\d{2})\2(\d{2})/;

/**
 * Spoils `cells` in place (all kinds except `duplicate`, which the writer handles by writing the line twice).
 * For JSON `missing_column` the timestamp cell becomes undefined, which drops the key.
 * @param kind the defect @param cells the row's cells @param layout the file layout @param rng the injector's stream
 * @example applyDirt('future_date', ['x', '2025-03-04 10:00:00'], layout, rng) // cells[1] => '2099-03-04 10:00:00'
 */
export function applyDirt(kind: DirtyKind, cells: Cell[], layout: FileLayout<unknown>, rng: SeededRandom): void {
  const roles = layout.roles;
  switch (kind) {
    case 'impossible_date': {
      const text = String(cells[roles.timestamp]);
      const m = DATE_PREFIX.exec(text);
      if (m) cells[roles.timestamp] = m[1]! + m[2]! + '02' + m[2]! + '30' + text.slice(m[0].length);
      break;
    }
    case 'future_date':
      cells[roles.timestamp] = String(cells[roles.timestamp]).replace(/^\d{4}/, '2099');
      break;
    case 'negative_duration':
      cells[roles.duration] = '-' + String(cells[roles.duration]);
      break;
    case 'rating_out_of_range':
      cells[roles.rating] = layout.format === 'csv' ? '7' : 7;
      break;
    case 'unknown_channel':
      cells[roles.channel] = layout.unknownChannel;
      break;
    case 'missing_column':
      if (layout.format === 'csv') cells.length = Math.max(1, cells.length - 2);
      else cells[roles.timestamp] = undefined;
      break;
    case 'padded_spaces':
      for (const column of roles.padded) {
        const value = cells[column];
        if (typeof value === 'string' && value !== '') cells[column] = (rng.bernoulli(0.5) ? '  ' : ' ') + value + '  ';
      }
      break;
    case 'full_width_digit': {
      const phone = String(cells[roles.phone] ?? '');
      const at = phone.length - 1 - rng.int(Math.min(8, phone.length));
      const code = phone.charCodeAt(at);
      if (code >= 48 && code <= 57) cells[roles.phone] = phone.slice(0, at) + String.fromCharCode(0xff10 + code - 48) + phone.slice(at + 1);
      break;
    }
    case 'duplicate':
      break;
  }
}
