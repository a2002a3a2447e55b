/**
 * What a pipeline is: a name, a default schedule, the parameters its steps read (resolved against the tick
 * it runs for), and ordered steps. Declarations live in `pipelines/` and hold no business logic: each step
 * is one of the step factories in `steps.ts`, which call `src/`.
 */
import { parsePeriod, periodOf, previousPeriod, type Period } from '../analyze/period.js';
import type { Database } from '../db/session.js';
import type { ServqConfig } from './config.js';

/** A period relative to the run's reference time (the tick it was scheduled for, or now for a manual run). */
export type PeriodRule = 'previous-day' | 'previous-week' | 'previous-month' | 'previous-quarter' | 'previous-year';

export const PERIOD_RULES: readonly PeriodRule[] = ['previous-day', 'previous-week', 'previous-month', 'previous-quarter', 'previous-year'];

/** The resolved parameters of one run, stored with it (`pipeline_run.params`). */
export interface RunParams {
  /** The period the steps work on, e.g. '2026-Q3' (absent for pipelines without one, e.g. daily-ingest). */
  readonly period?: string;
  /** The instant the run's parameters were resolved against (ISO). */
  readonly reference: string;
  readonly timeZone: string;
}

/** What a step reports: counts for the run history, one line for people, and whether anything needs a look. */
export interface StepResult {
  /** 'warning': the step finished, but something needs attention (a refused file, a period without data). */
  readonly status?: 'succeeded' | 'warning';
  readonly counts: Readonly<Record<string, number | string>>;
  readonly detail: string;
}

export interface StepContext {
  readonly db: Database;
  readonly config: ServqConfig;
  readonly pipeline: string;
  readonly runId: number;
  readonly params: RunParams;
  /** Aborted by SIGTERM/SIGINT: a step stops at its next safe point, rolling back what is not committed. */
  readonly signal: AbortSignal;
  /** One line of progress for the log. */
  log(message: string): void;
  /** "Now" (tests inject it). */
  now(): Date;
}

export interface Step {
  /** Short name for the run history, e.g. 'ingest inbox', 'report quarterly'. */
  readonly name: string;
  run(context: StepContext): Promise<StepResult>;
}

export interface PipelineDefinition {
  readonly name: string;
  readonly description: string;
  /** Default cron expression (five fields), read in the configured time zone; `servq.config.json` may override it. */
  readonly schedule: string;
  /** The period the steps work on, relative to the run's tick (a manual run's --period overrides it). */
  readonly period?: PeriodRule;
  readonly steps: readonly Step[];
}

/** Declares a pipeline (a typed identity: the declaration files read as data). */
export function definePipeline(definition: PipelineDefinition): PipelineDefinition {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(definition.name)) throw new Error(`pipeline name '${definition.name}': use lower-case letters, digits and -`);
  if (definition.steps.length === 0) throw new Error(`pipeline ${definition.name}: no steps`);
  return definition;
}

/** The calendar day (YYYY-MM-DD) of `instant` in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const GRAIN_OF: Readonly<Record<PeriodRule, 'day' | 'week' | 'month' | 'quarter' | 'year'>> = {
  'previous-day': 'day',
  'previous-week': 'week',
  'previous-month': 'month',
  'previous-quarter': 'quarter',
  'previous-year': 'year',
};

/**
 * The full period before the one holding `reference` (in `timeZone`): the quarterly report scheduled for
 * 2026-10-01 07:00 Asia/Shanghai reports 2026-Q3, and so does its catch-up run on 2026-10-03.
 */
export function resolvePeriodRule(rule: PeriodRule, reference: Date, timeZone: string): Period {
  return previousPeriod(periodOf(localDay(reference, timeZone), GRAIN_OF[rule]));
}

/**
 * The run's parameters: the declared period rule resolved against `reference`, or `periodOverride` (a manual
 * run's --period, any period `servq analyze` takes).
 * @throws RangeError for an override that is not a period
 */
export function resolveParams(definition: PipelineDefinition, reference: Date, timeZone: string, periodOverride?: string): RunParams {
  const base = { reference: reference.toISOString(), timeZone };
  if (periodOverride !== undefined) {
    const period = parsePeriod(periodOverride);
    if (definition.period === undefined) throw new RangeError(`period: ${definition.name} works on no period (it takes what is there); leave --period out`);
    const grain = GRAIN_OF[definition.period];
    if (period.grain !== grain) throw new RangeError(`period: ${definition.name} works on a ${grain} (its ${definition.period}); '${periodOverride}' is a ${period.grain === 'range' ? 'range of days' : period.grain}`);
    return { ...base, period: period.label };
  }
  if (definition.period === undefined) return base;
  return { ...base, period: resolvePeriodRule(definition.period, reference, timeZone).label };
}
