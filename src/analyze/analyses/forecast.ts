/**
 * `servq analyze forecast`: contact volume for the period after the requested one (the next quarter after a
 * quarter, the next month, week or day, or as many days after a range), per day and per ISO week, with 95 %
 * prediction intervals, and how accurate the same model has been.
 *
 * Stages:
 *   1. read     contacts per group and day over up to 156 weeks ending with the period (cut to the loaded
 *               data), and the forecast days already loaded (then they are scored, never trained on);
 *   2. daily    Holt-Winters with an additive weekly season and no trend term (the level follows the trend) →
 *               each day from the end of the history to the end of the next period;
 *   3. weekly   complete ISO weeks: Holt-Winters with a yearly (52-week) season once there are two years of
 *               weeks, simple exponential smoothing before that;
 *   4. accuracy rolling-origin backtest against the seasonal-naive forecast (same weekday last week; same
 *               week last year, or last week without a yearly season): MAE, MAPE, MASE, interval coverage;
 *               and the holdout score on the forecast days already loaded.
 */
import { backtest, holtWintersForecaster, type BacktestResult, type AccuracyMetrics } from '../../analysis/backtest.js';
import { forecast as holtWintersForecast, holtWinters, type HoltWintersOptions } from '../../analysis/holt-winters/index.js';
import type { InsufficientResult } from '../../analysis/result.js';
import { contactDaySeries } from '../../db/metrics/contact-day-series.js';
import type { AnalysisDefinition } from '../analysis.js';
import type { MetricRow, MetricUnit } from '../document.js';
import { addDays, daysBetween, periodOf, rangePeriod, type Period } from '../period.js';
import { completeWeeks, daysOf, historyWindow, seriesBy, seriesByGroup, sumOver, weekdayOf, withKeys, type Group } from './series-history.js';

/** History length: 156 weeks ending with the period's last day. */
export const FORECAST_HISTORY_DAYS = 1092;
/** Fewest days of history for a daily forecast (four weekly cycles). */
export const FORECAST_MIN_DAYS = 28;
/** Fewest complete weeks for a weekly forecast without a yearly season. */
export const FORECAST_MIN_WEEKS = 8;
/** Backtest: up to this many origins, a week apart. */
export const BACKTEST_ORIGINS = 8;
/** Prediction-interval coverage. */
export const FORECAST_LEVEL = 0.95;
/**
 * The daily model: additive weekly season, no trend term. A fitted trend extrapolated over a quarter swung
 * with every seasonal bump and was less accurate in backtests; the level adapts to a slow trend instead.
 */
export const DAILY_MODEL: HoltWintersOptions = { period: 7, seasonal: 'additive', trend: false };
const DAILY_MODEL_NAME = 'holt-winters-additive-no-trend';
const WEEKS_PER_YEAR = 52;

/**
 * The period after `p`: the next calendar period of its grain, or as many days after a range.
 * @example nextPeriod(parsePeriod('2025-Q4')) // => { label: '2026-Q1', from: '2026-01-01', to: '2026-04-01', grain: 'quarter' }
 */
export function nextPeriod(p: Period): Period {
  return p.grain === 'range' ? rangePeriod(p.to, addDays(p.to, daysBetween(p.from, p.to) - 1)) : periodOf(p.to, p.grain);
}

/**
 * Forecast of a daily volume series by {@link DAILY_MODEL} (R `HoltWinters(x, beta = FALSE)` with frequency 7 and
 * `predict(…, prediction.interval = TRUE, level = 0.95)`), counts and bounds floored at 0.
 * @param history contacts per day, oldest first, no gaps (a day without contacts is 0).
 * @param horizon days to forecast (integer ≥ 1).
 * @returns mean, lower and upper per day, the fitted α and γ and the residual standard deviation (contacts);
 *   `insufficient` with fewer than {@link FORECAST_MIN_DAYS} days.
 * @example forecastDailyVolume(Array(28).fill(10), 2) // => { status: 'ok', mean: [10, 10], lower: [10, 10], upper: [10, 10], … }
 */
export function forecastDailyVolume(
  history: readonly number[],
  horizon: number,
): { readonly status: 'ok'; readonly mean: number[]; readonly lower: number[]; readonly upper: number[]; readonly alpha: number; readonly gamma: number | null; readonly residualSd: number } | InsufficientResult {
  if (history.length < FORECAST_MIN_DAYS) {
    return { status: 'insufficient', method: DAILY_MODEL_NAME, reason: `a daily forecast needs at least ${FORECAST_MIN_DAYS} days of history, got ${history.length}` };
  }
  const model = holtWinters(history, DAILY_MODEL);
  const f = holtWintersForecast(model, horizon, { level: FORECAST_LEVEL });
  if (model.status !== 'ok' || f.status !== 'ok') return { status: 'insufficient', method: DAILY_MODEL_NAME, reason: f.status === 'ok' ? 'model failed' : f.reason };
  const sd = f.standardError[0] ?? 0;
  return {
    status: 'ok',
    mean: f.mean.map((v) => Math.max(0, v)),
    lower: f.lower.map((v) => Math.max(0, v)),
    upper: f.upper.map((v) => Math.max(0, v)),
    alpha: model.alpha,
    gamma: model.gamma,
    residualSd: sd,
  };
}

const ACCURACY: readonly { readonly metric: string; readonly unit: MetricUnit; readonly read: (m: AccuracyMetrics) => number | null }[] = [
  { metric: 'mae', unit: 'count', read: (m) => m.mae },
  { metric: 'mape', unit: 'share', read: (m) => m.mape },
  { metric: 'mase', unit: 'ratio', read: (m) => m.mase },
  { metric: 'interval_coverage', unit: 'share', read: (m) => m.coverage },
];

/** Accuracy rows of one evaluation: the model's and the baseline's, each metric. */
function accuracyRows(
  group: Group,
  series: string,
  evaluation: 'backtest' | 'holdout',
  models: { readonly model: string; readonly baseline: string },
  result: BacktestResult | InsufficientResult,
  extra: Readonly<Record<string, string | number | boolean | null>>,
): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const [name, isModel] of [[models.model, true], [models.baseline, false]] as const) {
    const g = withKeys(group, { series, evaluation, model: name });
    for (const a of ACCURACY) {
      if (result.status !== 'ok') {
        rows.push({ group: g, metric: a.metric, value: null, n: null, status: 'insufficient', unit: a.unit, reason: result.reason });
        continue;
      }
      const m = isModel ? result.overall.model : result.overall.seasonalNaive;
      const value = a.read(m);
      const mine = result.overall.model.mase;
      const theirs = result.overall.seasonalNaive.mase;
      rows.push({
        group: g,
        metric: a.metric,
        value,
        n: m.count,
        status: value === null ? 'insufficient' : 'ok',
        unit: a.unit,
        ...(value === null ? { reason: a.metric === 'interval_coverage' ? 'no interval' : 'undefined for these actuals' } : {}),
        extra: {
          ...extra,
          origins: result.origins.length,
          horizon: result.horizon,
          ...(isModel && a.metric === 'mase' ? { beats_baseline: mine !== null && theirs !== null ? mine < theirs : null } : {}),
        },
      });
    }
  }
  return rows;
}

/** Rolling-origin backtest with as many origins (≤ 8) as the history allows; `insufficient` when not even one. */
function rollingBacktest(series: readonly number[], options: HoltWintersOptions, horizon: number, step: number, period: number, minTrain: number) {
  const origins = Math.min(BACKTEST_ORIGINS, Math.floor((series.length - horizon - minTrain) / step) + 1);
  return backtest(series, holtWintersForecaster(options), { horizon, origins: Math.max(1, origins), step, period, minTrain, level: FORECAST_LEVEL });
}

export const forecast: AnalysisDefinition = {
  name: 'forecast',
  summary: 'Holt-Winters forecast of daily and weekly contacts for the period after the requested one, with intervals and backtests',
  sources: ['contacts'],
  async run(db, req) {
    const { by, notes } = seriesBy(req, 'the forecast runs over days and weeks');
    const window = await historyWindow(db, req, FORECAST_HISTORY_DAYS);
    notes.push(...window.notes);
    const next = nextPeriod(req.period);
    const target = { from: window.to, to: next.to };
    const horizon = daysBetween(target.from, target.to);
    const loadedTo = window.loaded?.to ?? target.from;
    const knownTo = loadedTo < target.to ? loadedTo : target.to;
    const ranges = window.days.length > 0 ? [{ key: 'history', from: window.from, to: window.to }, ...(knownTo > target.from ? [{ key: 'future', from: target.from, to: knownTo }] : [])] : [];
    const rows: MetricRow[] = [];
    const groups = ranges.length > 0 ? seriesByGroup(await contactDaySeries(db, { ranges, timeZone: req.timeZone, by, filters: req.filters }), by, 'day') : [];
    const inPeriod = (day: string) => day >= req.period.from && day < req.period.to;
    const observed = groups.reduce((sum, g) => sum + [...g.at].filter(([d]) => inPeriod(d)).reduce((s, [, v]) => s + (v['offered'] ?? 0), 0), 0);
    const futureDays = daysOf(target.from, target.to);
    const knownDays = futureDays.filter((d) => d < knownTo);
    const weeks = completeWeeks(window.from, window.to);
    const lastWeekEnd = weeks.at(-1)?.to ?? window.to;
    const futureWeeks = completeWeeks(lastWeekEnd, periodOf(addDays(target.to, -1), 'week').to);
    const seasonalWeeks = weeks.length >= 2 * WEEKS_PER_YEAR;
    const weeklyModel: HoltWintersOptions = seasonalWeeks ? { period: WEEKS_PER_YEAR, seasonal: 'additive', trend: false } : { season: false, trend: false };
    const weeklyNames = { model: seasonalWeeks ? 'holt-winters-additive-no-trend' : 'exponential-smoothing', baseline: seasonalWeeks ? 'seasonal-naive' : 'naive' };

    for (const { group, at } of groups) {
      req.progress?.(`forecast ${JSON.stringify(group)}`);
      const history = window.days.map((d) => at.get(d)?.['offered'] ?? 0);
      const actual = knownDays.map((d) => at.get(d)?.['offered'] ?? 0);
      const seriesGroup = withKeys(group, { series: 'contacts_per_day' });
      // Daily forecast (the horizon is at least the next period's length).
      const f = forecastDailyVolume(history, horizon);
      if (f.status !== 'ok') {
        rows.push({ group: seriesGroup, metric: 'forecast_contacts', value: null, n: history.length, status: 'insufficient', unit: 'count', reason: f.reason });
      } else {
        futureDays.forEach((day, i) => {
          rows.push({
            group: withKeys(group, { day }),
            metric: 'forecast_contacts',
            value: f.mean[i]!,
            n: history.length,
            lower: f.lower[i]!,
            upper: f.upper[i]!,
            status: 'ok',
            unit: 'count',
            extra: { weekday: weekdayOf(day), step: i + 1, period: day < req.period.to ? req.period.label : next.label, actual: i < actual.length ? actual[i]! : null },
          });
        });
        rows.push({ group: withKeys(seriesGroup, { model: DAILY_MODEL_NAME }), metric: 'residual_sd', value: f.residualSd, n: history.length, status: 'ok', unit: 'count', extra: { alpha: f.alpha, gamma: f.gamma, training_from: window.from, training_to: addDays(window.to, -1) } });
      }
      // Daily accuracy: rolling origins within the history; holdout on forecast days already loaded.
      const names = { model: DAILY_MODEL_NAME, baseline: 'seasonal-naive' };
      const bt = history.length >= FORECAST_MIN_DAYS ? rollingBacktest(history, DAILY_MODEL, horizon, 7, 7, FORECAST_MIN_DAYS) : insufficientHistory(history.length, FORECAST_MIN_DAYS, 'days');
      rows.push(...accuracyRows(group, 'contacts_per_day', 'backtest', names, bt, { step_days: 7 }));
      if (actual.length > 0 && history.length >= FORECAST_MIN_DAYS) {
        const holdout = backtest([...history, ...actual], holtWintersForecaster(DAILY_MODEL), { horizon: actual.length, origins: 1, period: 7, minTrain: FORECAST_MIN_DAYS, level: FORECAST_LEVEL });
        rows.push(...accuracyRows(group, 'contacts_per_day', 'holdout', names, holdout, { from: knownDays[0]!, to: knownDays.at(-1)! }));
      }
      // Weekly forecast.
      const weekly = weeks.map((w) => sumOver(at, daysOf(w.from, w.to))['offered'] ?? 0);
      const weeklyGroup = withKeys(group, { series: 'contacts_per_week' });
      const minWeeks = seasonalWeeks ? 2 * WEEKS_PER_YEAR : FORECAST_MIN_WEEKS;
      if (futureWeeks.length === 0) continue;
      if (weekly.length < minWeeks) {
        const reason = `a weekly forecast needs at least ${minWeeks} complete weeks, got ${weekly.length}`;
        rows.push({ group: weeklyGroup, metric: 'forecast_contacts_week', value: null, n: weekly.length, status: 'insufficient', unit: 'count', reason });
        continue;
      }
      const wf = holtWintersForecast(holtWinters(weekly, weeklyModel), futureWeeks.length, { level: FORECAST_LEVEL });
      if (wf.status !== 'ok') {
        rows.push({ group: weeklyGroup, metric: 'forecast_contacts_week', value: null, n: weekly.length, status: 'insufficient', unit: 'count', reason: wf.reason });
        continue;
      }
      futureWeeks.forEach((w, i) => {
        const complete = w.to <= loadedTo;
        rows.push({
          group: withKeys(group, { week: w.label }),
          metric: 'forecast_contacts_week',
          value: Math.max(0, wf.mean[i]!),
          n: weekly.length,
          lower: Math.max(0, wf.lower[i]!),
          upper: Math.max(0, wf.upper[i]!),
          status: 'ok',
          unit: 'count',
          extra: { week_from: w.from, step: i + 1, actual: complete ? (sumOver(at, daysOf(w.from, w.to))['offered'] ?? 0) : null },
        });
      });
      const wbt = rollingBacktest(weekly, weeklyModel, futureWeeks.length, 1, seasonalWeeks ? WEEKS_PER_YEAR : 1, minWeeks);
      rows.push(...accuracyRows(group, 'contacts_per_week', 'backtest', weeklyNames, wbt, { step_weeks: 1 }));
    }

    return {
      rows,
      variants: {
        history: `up to ${FORECAST_HISTORY_DAYS} days (156 weeks) ending on the period's last day, cut to the loaded contacts (here ${window.days.length > 0 ? `${window.from} to ${addDays(window.to, -1)}, ${window.days.length} days, ${weeks.length} complete weeks` : 'no loaded day'}); a day without a contact counts 0`,
        horizon: `every day from the end of the history to the end of the period after the requested one (${next.label}: ${next.from} to ${addDays(next.to, -1)}); here ${horizon} days${window.to < req.period.to ? ', including the rest of the requested period' : ''}`,
        forecast_contacts: `Holt-Winters (R HoltWinters; Winters 1960) with an additive weekly season and no trend term, parameters by least squares of one-step errors; 95 % prediction intervals (R predict.HoltWinters, Yar & Chatfield 1990); values and bounds floored at 0. Yearly effects (holidays, summer) are not in the daily model`,
        forecast_contacts_week: seasonalWeeks
          ? `complete ISO weeks, Holt-Winters with an additive yearly season (52 weeks), no trend term, 95 % intervals`
          : `complete ISO weeks, simple exponential smoothing (a yearly season needs ${2 * WEEKS_PER_YEAR} weeks), 95 % intervals; forecasts start with the first week not complete in the history`,
        backtest: `rolling origin (Tashman 2000): up to ${BACKTEST_ORIGINS} origins a step apart (7 days; 1 week), the last one horizon before the history's end, each refitted and forecasting the full horizon; baseline seasonal-naive (same weekday last week; weekly: same week last year, or last week's value without a yearly season); MAPE over non-zero actuals; MASE scaled by the in-sample seasonal-naive MAE (Hyndman & Koehler 2006); beats_baseline = MASE below the baseline's`,
        holdout: 'forecast days already in the loaded data (never used for fitting) scored as one origin, with the seasonal-naive forecast from the same history beside it',
      },
      notes,
      ranges,
      observed: { contacts: observed },
    };
  },
};

function insufficientHistory(got: number, need: number, unit: string): InsufficientResult {
  return { status: 'insufficient', method: 'rolling-origin', reason: `a backtest needs at least ${need} ${unit} of history, got ${got}` };
}
