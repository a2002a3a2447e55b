/**
 * Typed access to the descriptive-statistics fixtures: descriptive.json (R 4.2, from descriptive.R) and
 * descriptive.scipy.json (SciPy, from descriptive.py). Non-finite numbers are stored as strings.
 * The tests read the JSON themselves; this module only types and decodes it.
 */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** Decodes a fixture number ("NaN", "Infinity", "-Infinity" are strings in JSON). */
export function num(v: JsonNumber): number {
  if (typeof v === 'number') return v;
  return v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity;
}

export function nums(v: readonly JsonNumber[]): number[] {
  return v.map(num);
}

export interface RFixture {
  readonly version: string;
  readonly probs: readonly JsonNumber[];
  readonly datasets: Readonly<Record<string, readonly JsonNumber[]>>;
  readonly quantileExtra: Readonly<Record<string, readonly JsonNumber[]>>;
  readonly quantile: readonly { call: string; dataset: string; type: number; quantiles: JsonNumber[] }[];
  readonly randomQuantile: readonly { call: string; x: JsonNumber[]; p: JsonNumber[]; type: number; quantiles: JsonNumber[] }[];
  readonly describe: readonly {
    dataset: string;
    n: number;
    sum: JsonNumber;
    mean: JsonNumber;
    min: JsonNumber;
    max: JsonNumber;
    q7: JsonNumber[];
    q6: JsonNumber[];
    iqr: JsonNumber;
    variance?: JsonNumber;
    sd?: JsonNumber;
    se?: JsonNumber;
    ci95?: JsonNumber[];
    ci90?: JsonNumber[];
    ci99?: JsonNumber[];
  }[];
  readonly describeHuge: { mean: JsonNumber; sdR: JsonNumber; sdScaled: JsonNumber; sum: JsonNumber };
  readonly histogram: readonly HistogramCase[];
  readonly randomHistogram: readonly (HistogramCase & { x: JsonNumber[] })[];
  readonly pretty: readonly { call: string; lo: JsonNumber; hi: JsonNumber; n: number; minN: number; breaks: JsonNumber[] }[];
}

export interface HistogramCase {
    label: string;
    call: string;
    bins?: string;
    givenBreaks?: JsonNumber[];
    right: boolean;
    breaks: JsonNumber[];
    counts: JsonNumber[];
    density: JsonNumber[];
    mids: JsonNumber[];
    equidist: boolean;
}

export interface ScipyFixture {
  readonly version: string;
  readonly cases: readonly {
    dataset: string;
    n: number;
    skewness?: JsonNumber;
    excessKurtosis?: JsonNumber;
    mean?: JsonNumber;
    variance?: JsonNumber;
    exactSkewness?: number;
    exactExcessKurtosis?: number;
  }[];
}

/** |a − b| ≤ rel·|b| (+ abs), with equal non-finite values (NaN = NaN, ±Infinity) accepted. */
export function close(a: number, b: number, rel: number, abs = 0): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= rel * Math.abs(b) + abs;
}
