/**
 * The ways a caller may state the offered traffic, shared by erlangC and erlangA, and their checks.
 * Internal to src/analysis/erlang.
 */

/** Offered traffic: give exactly one of `trafficErlangs`, `arrivals` + `intervalSeconds`, or `arrivalRatePerSecond`. */
export interface TrafficOptions {
  /** Offered load A = λ·h in erlangs (≥ 0). */
  readonly trafficErlangs?: number;
  /** Contacts arriving in one interval (≥ 0; need not be an integer, e.g. a forecast); with `intervalSeconds`. */
  readonly arrivals?: number;
  /** Length of the interval the `arrivals` fall in, in seconds (> 0), e.g. 1800 for half-hours. */
  readonly intervalSeconds?: number;
  /** Arrival rate λ in contacts per second (≥ 0). */
  readonly arrivalRatePerSecond?: number;
  /** Mean handling time h (talk + hold + after-contact work) in seconds (> 0). */
  readonly ahtSeconds: number;
}

/** The traffic resolved to a rate and a load. */
export interface ResolvedTraffic {
  /** λ, contacts per second. */
  readonly ratePerSecond: number;
  /** A = λ·h, erlangs. */
  readonly trafficErlangs: number;
  readonly ahtSeconds: number;
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Throws a RangeError naming `fn` unless `value` is a finite number satisfying `ok`. */
export function checkNumber(fn: string, name: string, value: unknown, ok: (x: number) => boolean, expected: string): number {
  if (!isFiniteNumber(value) || !ok(value)) {
    throw new RangeError(`${fn}: ${name} must be ${expected}, got ${String(value)}`);
  }
  return value;
}

export const nonNegative = (x: number): boolean => x >= 0;
export const positive = (x: number): boolean => x > 0;

/** Resolves and checks the traffic options of `fn`. */
export function resolveTraffic(fn: string, options: TrafficOptions): ResolvedTraffic {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${fn}: expected an options object, got ${String(options)}`);
  }
  const aht = checkNumber(fn, 'ahtSeconds', options.ahtSeconds, positive, 'a finite number of seconds > 0');
  const given = [
    options.trafficErlangs !== undefined,
    options.arrivals !== undefined || options.intervalSeconds !== undefined,
    options.arrivalRatePerSecond !== undefined,
  ].filter(Boolean).length;
  if (given !== 1) {
    throw new TypeError(
      `${fn}: give exactly one of trafficErlangs, arrivals + intervalSeconds, or arrivalRatePerSecond, got ${given}`,
    );
  }
  if (options.trafficErlangs !== undefined) {
    const a = checkNumber(fn, 'trafficErlangs', options.trafficErlangs, nonNegative, 'a finite number ≥ 0');
    return { ratePerSecond: a / aht, trafficErlangs: a, ahtSeconds: aht };
  }
  if (options.arrivalRatePerSecond !== undefined) {
    const rate = checkNumber(fn, 'arrivalRatePerSecond', options.arrivalRatePerSecond, nonNegative, 'a finite number ≥ 0');
    return { ratePerSecond: rate, trafficErlangs: rate * aht, ahtSeconds: aht };
  }
  const arrivals = checkNumber(fn, 'arrivals', options.arrivals, nonNegative, 'a finite number ≥ 0');
  const interval = checkNumber(fn, 'intervalSeconds', options.intervalSeconds, positive, 'a finite number of seconds > 0');
  // A = arrivals·h/T evaluated in this order so that 100 calls × 180 s / 1800 s is exactly 10 erlangs.
  return { ratePerSecond: arrivals / interval, trafficErlangs: (arrivals * aht) / interval, ahtSeconds: aht };
}
