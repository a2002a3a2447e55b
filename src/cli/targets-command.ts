/**
 * `servq targets list|set`: the improvement targets leadership sets (satisfaction ≥ 90 %, ASA ≤ 30 s …) and
 * their history, stored in the database (sql/000006; src/db/target-queries.ts) for the analyses to measure
 * against. `set` records a new version from a day on and keeps every earlier one, with who, when and why.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { systemActor } from '../db/batch-queries.js';
import type { Database } from '../db/session.js';
import { COMPARATORS, TARGET_METRICS, TARGET_UNITS, isTargetMetric, type Comparator } from '../db/target-metrics.js';
import type { TargetVersion } from '../db/target-queries.js';
// The query layer (Kysely: ~0.2 s to load) only when a command runs, not for every `servq` start-up.
const queries = () => import('../db/target-queries.js');
import { CliError } from './cli-error.js';
import { table, withDatabase, type GlobalOptions } from './context.js';

/** Runs `work` with the database open (the command's `withDatabase`; a test passes its own database). */
export type WithDatabase = <T>(work: (db: Database) => Promise<T>) => Promise<T>;

/** Today's date `YYYY-MM-DD` on this machine's clock and time zone: the default of `--at` and `--from`. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const SECONDS_PER: Readonly<Record<string, number>> = { s: 1, sec: 1, secs: 1, second: 1, seconds: 1, 秒: 1, m: 60, min: 60, mins: 60, minute: 60, minutes: 60, 分: 60, 分钟: 60, h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600, 小时: 3600 };

/**
 * A target value as typed, in the target's unit: a share as `95%` or `0.95`; seconds as `30`, `30s`, `2min`,
 * `1.5h`; NPS points as `40` or `+40`; a rate per 1,000 as `2.5`.
 * @throws CliError (exit 2) saying what the unit expects
 * @example parseTargetValue('92.5%', 'share') // => 0.925
 * @example parseTargetValue('2h', 'seconds') // => 7200
 */
export function parseTargetValue(text: string, unit: string): number {
  const t = text.normalize('NFKC').trim();
  const number = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
  if (unit === 'share') {
    const percent = /^(.*?)\s*%$/.exec(t);
    if (percent && number.test(percent[1]!)) return Number(percent[1]) / 100;
    if (number.test(t) && Number(t) >= 0 && Number(t) <= 1) return Number(t);
    const hint = number.test(t) && Number(t) > 1 && Number(t) <= 100 ? ` (did you mean ${t}%?)` : '';
    throw new CliError(`'${text}' is not a share: write a percent such as 95% or a proportion such as 0.95${hint}`, 2);
  }
  if (unit === 'seconds') {
    const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-z\u4e00-\u9fff]*)$/i.exec(t);
    const factor = m ? (m[2] === '' ? 1 : SECONDS_PER[m[2]!.toLowerCase()]) : undefined;
    if (m && factor !== undefined) return Number(m[1]) * factor;
    throw new CliError(`'${text}' is not a duration: write seconds (30), or with a unit (30s, 2min, 1.5h)`, 2);
  }
  if (number.test(t)) return Number(t);
  throw new CliError(`'${text}' is not a number${unit === 'points' ? ' of NPS points (−100 to +100)' : ''}`, 2);
}

/** A target as people read it: `>= 92.5 %`, `<= 30 s`, `>= 40 points`, `<= 2.5 per 1,000`. */
export function formatTarget(comparator: string, value: number, unit: string): string {
  const text =
    unit === 'share'
      ? `${Number((value * 100).toFixed(4))} %`
      : unit === 'seconds'
        ? `${value} s`
        : unit === 'points'
          ? `${value} points`
          : unit === 'per_1000'
            ? `${value} per 1,000`
            : `${value} ${unit}`;
  return `${comparator} ${text}`;
}

/** Where a version stands on `today`. */
function state(v: TargetVersion, today: string): string {
  if (v.superseded) return 'corrected';
  if (v.validFrom > today) return 'scheduled';
  if (v.validTo !== null && v.validTo <= today) return 'ended';
  return 'in effect';
}

export interface TargetsListOptions {
  readonly at?: string;
  readonly history?: boolean;
  readonly json?: boolean;
}

/**
 * `servq targets list`: the targets in effect on `--at` (default today), or with `--history` every version.
 * @param today the default day (a parameter: no hidden clock)
 */
export async function runTargetsList(o: TargetsListOptions, withDb: WithDatabase, today: string): Promise<void> {
  if (o.at !== undefined && o.history) throw new CliError('give --at or --history, not both', 2);
  const at = o.at ?? today;
  const { rows, latest } = await withDb(async (db) => ({
    rows: await (await queries()).listTargets(db, o.history ? { history: true } : { at }),
    latest: o.history ? [] : await (await queries()).listTargets(db),
  }));
  if (o.json) {
    for (const v of rows) process.stdout.write(`${JSON.stringify(v)}\n`);
    return;
  }
  if (rows.length === 0) {
    console.log(o.history ? 'no targets yet: add one with servq targets set' : `no targets in effect on ${at}`);
  } else if (o.history) {
    console.log(
      table(
        ['target', 'metric', 'target value', 'from', 'to', 'state', 'recorded (UTC)', 'by', 'reason'],
        rows.map((v) => [
          v.targetId,
          v.metric,
          formatTarget(v.comparator, v.targetValue, v.unit),
          v.validFrom,
          v.validTo ?? '-',
          state(v, today),
          v.recordedAt.toISOString().slice(0, 16).replace('T', ' '),
          v.recordedBy ?? '-',
          v.reason ?? '',
        ]),
      ),
    );
  } else {
    console.log(`targets in effect on ${at}:`);
    console.log(
      table(
        ['target', 'metric', 'target value', 'from', 'until', 'description'],
        rows.map((v) => [v.targetId, v.metric, formatTarget(v.comparator, v.targetValue, v.unit), v.validFrom, v.validTo ?? '-', v.description]),
      ),
    );
  }
  const scheduled = latest.filter((v) => v.validFrom > at);
  if (scheduled.length > 0) {
    const list = scheduled.map((v) => `${v.targetId} ${formatTarget(v.comparator, v.targetValue, v.unit)} from ${v.validFrom}`).join(', ');
    console.log(`scheduled after ${at}: ${list} (servq targets list --history)`);
  }
}

export interface TargetsSetOptions {
  readonly metric?: string;
  readonly comparator?: Comparator;
  readonly unit?: string;
  readonly from?: string;
  readonly description?: string;
  readonly reason?: string;
  readonly json?: boolean;
}

/**
 * `servq targets set TARGET VALUE`: records a new version from `--from` (default today).
 * @param today the default day (a parameter: no hidden clock)
 * @throws CliError (exit 2) for an unknown target without --metric, a value the unit does not allow, …
 */
export async function runTargetsSet(targetId: string, valueText: string, o: TargetsSetOptions, withDb: WithDatabase, today: string): Promise<void> {
  const validFrom = o.from ?? today;
  const { target, previous } = await withDb(async (db) => {
    const { findTarget, setTarget } = await queries();
    const current = await findTarget(db, targetId);
    // An existing target's own metric decides the unit (a different --metric is refused by setTarget).
    const metric = current?.metric ?? o.metric;
    if (metric === undefined) {
      throw new CliError(`no target '${targetId}' yet; to create it, name its metric with --metric (servq targets set --help lists them)`, 2);
    }
    const unit = isTargetMetric(metric) ? TARGET_METRICS[metric].unit : current?.unit ?? '';
    const targetValue = parseTargetValue(valueText, unit);
    try {
      return await setTarget(db, {
        targetId,
        targetValue,
        validFrom,
        recordedBy: systemActor(),
        ...(o.metric !== undefined ? { metric: o.metric } : {}),
        ...(o.comparator !== undefined ? { comparator: o.comparator } : {}),
        ...(o.unit !== undefined ? { unit: o.unit } : {}),
        ...(o.description !== undefined ? { description: o.description } : {}),
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
      });
    } catch (error) {
      if (error instanceof RangeError) throw new CliError(error.message.replace(/^setTarget: /, ''), 2);
      throw error;
    }
  });
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ target, previous: previous ?? null })}\n`);
    return;
  }
  const now = formatTarget(target.comparator, target.targetValue, target.unit);
  const was = previous ? `${formatTarget(previous.comparator, previous.targetValue, previous.unit)} → ` : 'new target: ';
  const until = target.validTo === null ? '' : ` until ${target.validTo} (a later version starts then)`;
  const corrected = previous?.validFrom === target.validFrom ? `; corrects the value recorded ${previous.recordedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  console.log(`${target.targetId} (${target.metric}): ${was}${now} from ${target.validFrom}${until}${corrected}`);
  console.log(`recorded by ${target.recordedBy ?? '?'}${target.reason ? `: ${target.reason}` : ''}; earlier versions are kept (servq targets list --history)`);
}

function parseDay(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  return value;
}

function parseMetric(value: string): string {
  if (!isTargetMetric(value)) throw new InvalidArgumentError(`expected one of: ${Object.keys(TARGET_METRICS).join(', ')}`);
  return value;
}

/** Adds `servq targets list|set` to the program; actions read the global options from `program.opts()`. */
export function registerTargetsCommand(program: Command): void {
  const targets = program.command('targets').description('the improvement targets the analyses measure against, with their history (default: list)');
  const withDb: WithDatabase = (work) => withDatabase(program.opts() as GlobalOptions, work);

  targets
    .command('list', { isDefault: true })
    .description('the targets in effect on a day (default today), or every version with --history')
    .option('--at <date>', 'the day (YYYY-MM-DD; default today)', parseDay)
    .option('--history', 'every version recorded: values, from/to, who set it, when and why')
    .option('--json', 'print one JSON object per target version')
    .addHelpText('after', `
Examples:
  servq targets
  servq targets list --at 2025-12-31
  servq targets list --history --json`)
    .action(async (options: TargetsListOptions) => {
      await runTargetsList(options, withDb, localToday());
    });

  const metrics = Object.entries(TARGET_METRICS)
    .map(([name, spec]) => `  ${name.padEnd(25)} ${spec.unit.padEnd(8)} ${spec.comparator.padEnd(2)}  ${spec.meaning}`)
    .join('\n');
  targets
    .command('set')
    .description('set a target from a day on (a new version; earlier ones are kept with who, when and why)')
    .argument('<target>', 'target id, e.g. satisfaction (servq targets list shows them); a new id needs --metric')
    .argument('<value>', 'the value: a share as 95% or 0.95; seconds as 30, 30s, 2min, 1.5h; NPS points as 40')
    .option('--metric <metric>', 'what the target measures (required for a new target; listed below)', parseMetric)
    .addOption(new Option('--comparator <op>', "how the value must compare (default: the target's, else the metric's)").choices([...COMPARATORS]))
    .addOption(new Option('--unit <unit>', "the value's unit; must be the metric's (a check)").choices(Object.keys(TARGET_UNITS)))
    .option('--from <date>', 'first day in effect (YYYY-MM-DD; default today)', parseDay)
    .option('--description <text>', "what the target is, in words (default: the target's, else the metric's meaning)")
    .option('--reason <text>', 'why (kept in the history with who and when)')
    .option('--json', 'print the new version (and the one it follows) as JSON')
    .addHelpText(
      'after',
      `
The version in effect before --from ends there; a value set again for the same day corrects it (both are
kept). Metrics (unit, usual comparator, meaning):
${metrics}
Examples:
  servq targets set satisfaction 92% --from 2026-07-01 --reason "2026 H2 plan"
  servq targets set asa_phone 30s --metric asa_seconds --description "phone ASA"
  servq targets set nps_target 40 --metric nps --from 2026-01-01`,
    )
    .action(async (targetId: string, value: string, options: TargetsSetOptions) => {
      await runTargetsSet(targetId, value, options, withDb, localToday());
    });
}
