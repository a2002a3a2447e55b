/**
 * The dimensions a metric can be grouped or filtered by, as SQL over each fact source. One list, so that
 * `--by` and `--filter` accept the same names everywhere and an unknown name is answered with the valid ones
 * for that source. Calendar grains (day, week, month, quarter, year) are dimensions too, computed in the
 * deployment's time zone: `--by channel,month` gives one row per channel and month.
 *
 * Each expression is written against the alias its query uses: `c` for contact_current, `r` for
 * survey_response_current (with `rc`, the contact a survey rates, when the query joins it), `k` for
 * complaint_current. Expressions are fixed strings chosen by name, never text from the command line.
 */

/** The fact sources a metric reads. */
export type MetricSource = 'contacts' | 'surveys' | 'complaints';

/** The calendar grains, usable as dimensions (ISO weeks: `2026-W05`; quarters: `2026-Q3`). */
export const GRAIN_DIMENSIONS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type GrainDimension = (typeof GRAIN_DIMENSIONS)[number];

/** Whether `name` is a calendar grain (a function of the local day alone). */
export function isGrain(name: string): name is GrainDimension {
  return (GRAIN_DIMENSIONS as readonly string[]).includes(name);
}

/** Each source's time column, in its alias. */
export const TIME_EXPRESSION: Readonly<Record<MetricSource, string>> = {
  contacts: 'c.started_at',
  surveys: 'r.answered_at',
  complaints: 'k.received_at',
};

/** Non-calendar dimensions per source: name → SQL expression (text). */
export const DIMENSION_EXPRESSIONS: Readonly<Record<MetricSource, Readonly<Record<string, string>>>> = {
  contacts: {
    channel: 'c.channel',
    team: 'c.team',
    region: 'c.region',
    agent: 'c.agent_code',
    queue: 'c.queue',
    priority: 'c.priority',
  },
  surveys: {
    channel: 'r.channel',
    team: 'r.team',
    region: 'r.region',
    agent: 'r.agent_code',
    method: 'r.method',
    // From the contact the answer rates, where the ids match (null otherwise).
    queue: 'rc.queue',
    priority: 'rc.priority',
  },
  complaints: {
    channel: 'k.channel',
    team: 'k.team',
    region: 'k.region',
    agent: 'k.agent_code',
    category: 'k.category',
    root_cause: 'k.root_cause',
    urgency: 'k.urgency',
    impact: 'k.impact',
    ticket_status: 'k.status',
  },
};

/** The dimensions (calendar grains included) a source can be grouped by, in a stable order. */
export function dimensionsOf(source: MetricSource): readonly string[] {
  return [...Object.keys(DIMENSION_EXPRESSIONS[source]), ...GRAIN_DIMENSIONS];
}

/** Calendar grain → SQL over a local timestamp `T`. */
const GRAIN_FORMAT: Readonly<Record<GrainDimension, string>> = {
  day: "to_char(T, 'YYYY-MM-DD')",
  week: `to_char(date_trunc('week', T), 'IYYY-"W"IW')`,
  month: "to_char(T, 'YYYY-MM')",
  quarter: `to_char(T, 'YYYY-"Q"Q')`,
  year: "to_char(T, 'YYYY')",
};

/**
 * The SQL text of dimension `name` over `source`; `zoneParam` is the placeholder of the time-zone parameter
 * (e.g. `$1`). Returns undefined for a name the source does not have.
 */
export function dimensionSql(source: MetricSource, name: string, zoneParam: string): string | undefined {
  const plain = DIMENSION_EXPRESSIONS[source][name];
  if (plain !== undefined) return plain;
  return grainSql(name, `(${TIME_EXPRESSION[source]} AT TIME ZONE ${zoneParam})`);
}

/**
 * The SQL text of calendar grain `name` over `localTimestamp` (a local `timestamp` expression: a fact's time at
 * the zone, or a rollup's day), or undefined when `name` is not a grain.
 */
export function grainSql(name: string, localTimestamp: string): string | undefined {
  if (!isGrain(name)) return undefined;
  return GRAIN_FORMAT[name].replace('T', localTimestamp);
}

/** Whether a survey query needs the rated contact joined for these dimensions. */
export function needsRatedContact(names: readonly string[]): boolean {
  return names.some((n) => DIMENSION_EXPRESSIONS.surveys[n]?.startsWith('rc.') === true);
}
