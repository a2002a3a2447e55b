/**
 * Improvement targets as data, with history (sql/000006): the statements behind `servq targets list|set`
 * and the targets the analyses measure against. One exported function per query.
 *
 * A target (`target_id`) measures one metric of `TARGET_METRICS` against a value with a comparator, from a
 * day on. Setting a new value records a new version: nothing recorded is deleted or changed, except that
 * `valid_to` is maintained so each row reads on its own — the version in effect before the new one's
 * `valid_from` is closed there, and a version corrected on its own `valid_from` gets an empty interval
 * (`valid_to = valid_from`). Days are calendar dates `YYYY-MM-DD` in and out (read with `to_char`, because
 * pg and PGlite parse `date` columns differently).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './session.js';
import type { Tables } from './tables.js';

export { COMPARATORS, isTargetMetric, TARGET_METRICS, TARGET_UNITS, type Comparator, type TargetMetric, type TargetMetricSpec, type TargetUnit } from './target-metrics.js';
import { COMPARATORS, isTargetMetric, TARGET_METRICS, TARGET_UNITS, type Comparator, type TargetMetricSpec, type TargetUnit } from './target-metrics.js';
import { kyselyOf } from './kysely-dialect.js';

/** One recorded version of a target. */
export interface TargetVersion {
  /** The order versions were recorded in (sql/000006). */
  readonly versionId: number;
  readonly targetId: string;
  readonly description: string;
  readonly metric: string;
  readonly comparator: Comparator;
  /** In `unit`: a share is 0–1. */
  readonly targetValue: number;
  readonly unit: string;
  /** First day in effect, `YYYY-MM-DD`. */
  readonly validFrom: string;
  /** First day no longer in effect (exclusive), or null while open. */
  readonly validTo: string | null;
  readonly recordedAt: Date;
  readonly recordedBy: string | null;
  readonly reason: string | null;
  /** A later version for the same target and `validFrom` corrected this one (its interval is empty). */
  readonly superseded: boolean;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDay(fn: string, name: string, day: string): void {
  const m = DAY.exec(day);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  const ok = date !== undefined && date.getUTCFullYear() === Number(m![1]) && date.getUTCMonth() === Number(m![2]) - 1 && date.getUTCDate() === Number(m![3]);
  if (!ok) throw new RangeError(`${fn}: ${name} must be a calendar date YYYY-MM-DD, got '${day}'`);
}

type Db = Kysely<Tables> | Transaction<Tables>;

function versions(db: Db) {
  return db
    .selectFrom('improvement_target')
    .select([
      'version_id',
      'target_id',
      'description',
      'metric',
      'comparator',
      'target_value',
      'unit',
      sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('valid_from'),
      sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to'),
      'recorded_at',
      'recorded_by',
      'reason',
      sql<boolean>`coalesce(valid_to = valid_from, false)`.as('superseded'),
    ]);
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof versions>['execute']>>[number];

function toVersion(r: VersionRow): TargetVersion {
  return {
    versionId: Number(r.version_id),
    targetId: r.target_id,
    description: r.description,
    metric: r.metric,
    comparator: r.comparator as Comparator,
    targetValue: Number(r.target_value),
    unit: r.unit,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    recordedAt: new Date(r.recorded_at),
    recordedBy: r.recorded_by,
    reason: r.reason,
    superseded: r.superseded,
  };
}

/**
 * The version of each target in effect on a day: the one whose [validFrom, validTo) holds it (should rows
 * entered by hand overlap, the latest validFrom, then the latest recorded).
 * @param date calendar day `YYYY-MM-DD`
 * @returns one version per target in effect, ordered by target id (targets not yet or no longer in effect are absent)
 * @throws RangeError when `date` is not a calendar date
 * @example await targetsInEffect(db, '2026-03-31') // => [{ targetId: 'feedback_handled_24h', metric: 'share_handled_within_24h', comparator: '>=', targetValue: 0.95, … }, …]
 */
export async function targetsInEffect(db: Database, date: string): Promise<TargetVersion[]> {
  checkDay('targetsInEffect', 'date', date);
  const rows = await versions(kyselyOf(db))
    .distinctOn('target_id')
    .where(sql<boolean>`valid_from <= ${date}::date AND (valid_to IS NULL OR valid_to > ${date}::date)`)
    .orderBy('target_id')
    .orderBy(sql`improvement_target.valid_from`, 'desc')
    .orderBy('version_id', 'desc')
    .execute();
  return rows.map(toVersion);
}

export interface ListTargetsOptions {
  /** The versions in effect on this day (`YYYY-MM-DD`); see `targetsInEffect`. */
  readonly at?: string;
  /** Every recorded version, corrected ones included, by target, validFrom and order recorded. */
  readonly history?: boolean;
}

/**
 * Targets for `servq targets list`: in effect on a day (`at`), every version (`history`), or by default the
 * latest live version of each target (which may start in the future: a change already scheduled).
 * @throws TypeError when both `at` and `history` are given; RangeError when `at` is not a calendar date
 * @example await listTargets(db, { history: true }) // => every version of every target
 */
export async function listTargets(db: Database, options: ListTargetsOptions = {}): Promise<TargetVersion[]> {
  if (options.at !== undefined && options.history) {
    throw new TypeError('listTargets: give either at (the targets in effect on a day) or history (every version), not both');
  }
  if (options.at !== undefined) return targetsInEffect(db, options.at);
  if (options.history) {
    const rows = await versions(kyselyOf(db)).orderBy('target_id').orderBy(sql`improvement_target.valid_from`).orderBy('version_id').execute();
    return rows.map(toVersion);
  }
  return latestVersions(kyselyOf(db));
}

async function latestVersions(db: Db, targetId?: string): Promise<TargetVersion[]> {
  let query = versions(db)
    .distinctOn('target_id')
    .where(sql<boolean>`(valid_to IS NULL OR valid_to > valid_from)`)
    .orderBy('target_id')
    .orderBy(sql`improvement_target.valid_from`, 'desc')
    .orderBy('version_id', 'desc');
  if (targetId !== undefined) query = query.where('target_id', '=', targetId);
  return (await query.execute()).map(toVersion);
}

/**
 * The latest live version of one target (the one `set` inherits metric, comparator, unit and description
 * from), or undefined for a target never set.
 * @example await findTarget(db, 'satisfaction') // => { targetId: 'satisfaction', metric: 'csat', targetValue: 0.9, … }
 */
export async function findTarget(db: Database, targetId: string): Promise<TargetVersion | undefined> {
  return (await latestVersions(kyselyOf(db), targetId))[0];
}

export interface SetTargetInput {
  /** Lower-case letters, digits and `_`, starting with a letter (e.g. `satisfaction`). */
  readonly targetId: string;
  /** Required for a new target; for an existing one it must be the target's metric (default: that). */
  readonly metric?: string;
  /** Default: the target's current comparator, else the metric's usual one. */
  readonly comparator?: Comparator;
  /** In the metric's unit: a share is 0–1, seconds ≥ 0, NPS points −100…100, a rate per 1,000 ≥ 0. */
  readonly targetValue: number;
  /** Must be the metric's unit when given. */
  readonly unit?: string;
  /** Default: the target's current description, else the metric's meaning. */
  readonly description?: string;
  /** First day in effect, `YYYY-MM-DD`. */
  readonly validFrom: string;
  /** Who (e.g. `user@host`; the database role is appended). */
  readonly recordedBy?: string;
  readonly reason?: string;
}

export interface SetTargetResult {
  readonly target: TargetVersion;
  /** The version in effect on `validFrom` before this one (corrected or closed by it), if any. */
  readonly previous: TargetVersion | undefined;
}

const TARGET_ID = /^[a-z][a-z0-9_]{0,62}$/;

function checkValue(value: number, unit: TargetUnit): string | undefined {
  if (!Number.isFinite(value)) return 'a finite number';
  if (unit === 'share' && !(value >= 0 && value <= 1)) return 'a share from 0 to 1';
  if (unit === 'points' && !(value >= -100 && value <= 100)) return 'NPS points from −100 to +100';
  if ((unit === 'seconds' || unit === 'per_1000') && !(value >= 0)) return `a number ≥ 0 (${TARGET_UNITS[unit]})`;
  return undefined;
}

/**
 * Records a new version of a target, in one transaction under a table lock (two `set`s never interleave):
 * the version in effect before `validFrom` is closed at `validFrom`; a live version with the same
 * `validFrom` is corrected (kept, with an empty interval); the new version runs until the next later
 * version's `validFrom`, or stays open.
 * @throws RangeError for an invalid id, day, metric, comparator, unit or value, or a new target without a
 *   metric, or a metric other than the target's
 * @example await setTarget(db, { targetId: 'satisfaction', targetValue: 0.92, validFrom: '2026-07-01', reason: 'board decision' })
 * // => { target: { targetId: 'satisfaction', metric: 'csat', comparator: '>=', targetValue: 0.92, validFrom: '2026-07-01', validTo: null, … }, previous: { targetValue: 0.9, … } }
 */
export async function setTarget(db: Database, input: SetTargetInput): Promise<SetTargetResult> {
  const fn = 'setTarget';
  if (!TARGET_ID.test(input.targetId)) {
    throw new RangeError(`${fn}: a target id is lower-case letters, digits and _ starting with a letter (at most 63), got '${input.targetId}'`);
  }
  checkDay(fn, 'validFrom', input.validFrom);
  if (input.comparator !== undefined && !COMPARATORS.includes(input.comparator)) {
    throw new RangeError(`${fn}: comparator must be one of ${COMPARATORS.join(' ')}, got '${String(input.comparator)}'`);
  }
  if (input.metric !== undefined && !isTargetMetric(input.metric)) {
    throw new RangeError(`${fn}: unknown metric '${input.metric}'; one of: ${Object.keys(TARGET_METRICS).join(', ')}`);
  }
  return kyselyOf(db).transaction().execute(async (trx) => {
    // Sets are rare and the table is small: one lock keeps the valid_to bookkeeping consistent.
    await sql`LOCK TABLE improvement_target IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const current = (await latestVersions(trx, input.targetId))[0];
    const metricName = input.metric ?? current?.metric;
    if (metricName === undefined) {
      throw new RangeError(`${fn}: no target '${input.targetId}' yet; to create it give its metric, one of: ${Object.keys(TARGET_METRICS).join(', ')}`);
    }
    if (current !== undefined && metricName !== current.metric) {
      throw new RangeError(`${fn}: target '${input.targetId}' measures ${current.metric}, not ${metricName}; a target for another metric needs another id`);
    }
    // A target entered by hand may name a metric servq does not compute; its unit then stays as recorded.
    const spec: TargetMetricSpec | undefined = isTargetMetric(metricName) ? TARGET_METRICS[metricName] : undefined;
    const unit = spec?.unit ?? current?.unit;
    if (input.unit !== undefined && input.unit !== unit) {
      throw new RangeError(`${fn}: ${metricName} is measured in ${unit ?? '?'}, not ${input.unit}`);
    }
    if (unit !== undefined && Object.hasOwn(TARGET_UNITS, unit)) {
      const expected = checkValue(input.targetValue, unit as TargetUnit);
      if (expected) throw new RangeError(`${fn}: ${metricName} needs ${expected}, got ${input.targetValue}`);
    } else if (!Number.isFinite(input.targetValue)) {
      throw new RangeError(`${fn}: the value must be a finite number, got ${input.targetValue}`);
    }
    const comparator = input.comparator ?? current?.comparator ?? spec?.comparator ?? '>=';
    const description = input.description?.trim() || current?.description || spec?.meaning || metricName;

    const live = await versions(trx)
      .where('target_id', '=', input.targetId)
      .where(sql<boolean>`(valid_to IS NULL OR valid_to > valid_from)`)
      .orderBy(sql`improvement_target.valid_from`)
      .execute();
    const same = live.find((v) => v.valid_from === input.validFrom);
    const before = live.filter((v) => v.valid_from < input.validFrom).at(-1);
    const after = live.find((v) => v.valid_from > input.validFrom);
    const previous = same ?? (before && (before.valid_to === null || before.valid_to > input.validFrom) ? before : undefined);
    if (same) {
      await trx.updateTable('improvement_target').set({ valid_to: sql`valid_from` }).where('version_id', '=', same.version_id).execute();
    } else if (previous) {
      await trx.updateTable('improvement_target').set({ valid_to: input.validFrom }).where('version_id', '=', previous.version_id).execute();
    }
    const inserted = await trx
      .insertInto('improvement_target')
      .values({
        target_id: input.targetId,
        description,
        metric: metricName,
        comparator,
        target_value: input.targetValue,
        unit: unit ?? '',
        valid_from: input.validFrom,
        valid_to: after?.valid_from ?? null,
        recorded_by: sql<string>`coalesce(${input.recordedBy ?? null}::text || ' as ', '') || current_user`,
        reason: input.reason ?? null,
      })
      .returning('version_id')
      .executeTakeFirstOrThrow();
    const target = (await versions(trx).where('version_id', '=', inserted.version_id).execute()).map(toVersion)[0]!;
    return { target, previous: previous && toVersion(previous) };
  });
}
