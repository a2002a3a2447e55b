/**
 * The demo's contact-volume calendar: weekly and yearly seasonality and the trend of planted effect 4, plus the
 * intraday arrival profile of each channel. Pure functions of the date; the parameters live in
 * `PLANTED_EFFECTS.seasonality`.
 */
import { DAY_MS, parseLocalDate, weekdayMondayFirst } from './local-time.js';
import { PLANTED_EFFECTS } from './planted-effects.js';

/**
 * Chinese New Year (Spring Festival, 春节) dates 2019–2032, from the official lunar calendar.
 * @example CHINESE_NEW_YEAR[2026] // => '2026-02-17'
 */
export const CHINESE_NEW_YEAR: Readonly<Record<number, string>> = {
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
};

const S = PLANTED_EFFECTS.seasonality;
const WEEKDAY = [
  S.weekdayFactors.mon,
  S.weekdayFactors.tue,
  S.weekdayFactors.wed,
  S.weekdayFactors.thu,
  S.weekdayFactors.fri,
  S.weekdayFactors.sat,
  S.weekdayFactors.sun,
];
const WEEKDAY_MEAN = WEEKDAY.reduce((a, b) => a + b, 0) / 7;
const YEAR_MS = 365.25 * DAY_MS;

function gaussianBump(localDayMs: number, centreMs: number, sdDays: number): number {
  const d = (localDayMs - centreMs) / DAY_MS / sdDays;
  return Math.exp(-0.5 * d * d);
}

/**
 * The yearly-seasonal factor of a day: 1 + CNY bump + summer bump (nearest festival and summer of the
 * neighbouring years included so the bumps cross year boundaries).
 * @param localDayMs local midnight of the day
 * @example yearlyFactor(parseLocalDate('2025-01-26')) // => about 1.35
 */
export function yearlyFactor(localDayMs: number): number {
  const year = new Date(localDayMs).getUTCFullYear();
  let bump = 0;
  for (let y = year - 1; y <= year + 1; y++) {
    const cny = CHINESE_NEW_YEAR[y];
    if (cny !== undefined) {
      const peak = parseLocalDate(cny) + S.chineseNewYearBump.peakOffsetDays * DAY_MS;
      bump += S.chineseNewYearBump.height * gaussianBump(localDayMs, peak, S.chineseNewYearBump.sdDays);
    }
    const summer = Date.UTC(y, Number(S.summerBump.peakMonthDay.slice(0, 2)) - 1, Number(S.summerBump.peakMonthDay.slice(3)));
    bump += S.summerBump.height * gaussianBump(localDayMs, summer, S.summerBump.sdDays);
  }
  return 1 + bump;
}

/**
 * The weekday factor (Monday peak, weekend low), normalised to a weekly mean of 1.
 * @param localDayMs local midnight of the day
 * @example weekdayFactor(parseLocalDate('2025-01-06')) // => about 1.24 (a Monday)
 */
export function weekdayFactor(localDayMs: number): number {
  return WEEKDAY[weekdayMondayFirst(localDayMs)]! / WEEKDAY_MEAN;
}

/**
 * Expected relative volume of new contacts on a day: weekday × yearly × trend.
 * @param localDayMs local midnight of the day
 * @param periodStartMs local midnight of the first day of the period (trend origin)
 * @example dailyVolumeFactor(parseLocalDate('2026-01-05'), parseLocalDate('2025-01-01')) // => about 1.15 × 1.24 × yearly
 */
export function dailyVolumeFactor(localDayMs: number, periodStartMs: number): number {
  const years = (localDayMs - periodStartMs) / YEAR_MS;
  return weekdayFactor(localDayMs) * yearlyFactor(localDayMs) * Math.pow(1 + S.trendPerYear, years);
}

/**
 * Hourly arrival weights (hour 0–23) per channel: the phone line peaks mid-morning and mid-afternoon, chat and
 * app lean into the evening, e-mail arrives around the clock, on-site visits are booked in working hours.
 */
export const HOURLY_ARRIVALS = {
  phone: [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 8, 7.5, 5.5, 5, 6.5, 7, 6.5, 5.5, 4, 4, 3.5, 2.5, 1.5, 0.6],
  chat: [0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 1, 3, 5, 6, 6, 5, 5, 5.5, 6, 6, 5.5, 5, 6, 6.5, 6, 4, 1.5],
  social: [0.5, 0.3, 0.2, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 4, 4.5, 4.5, 4, 4, 4.5, 4.5, 4.5, 4.5, 4.5, 5, 5.5, 5, 3.5, 1.5],
  app: [0.8, 0.4, 0.2, 0.2, 0.2, 0.3, 0.8, 2, 3, 4, 4.5, 4.5, 4, 4, 4, 4, 4, 4, 4.5, 5.5, 6, 5.5, 4, 2],
  email: [1.5, 1, 0.8, 0.6, 0.6, 0.8, 1.2, 2, 3.5, 4.5, 4.5, 4, 3.5, 3.5, 4, 4, 4, 3.5, 3, 3, 3, 2.5, 2, 1.8],
  onsite: [0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 7, 6, 3, 4, 6, 6, 5, 3, 1, 0, 0, 0, 0, 0],
} as const;
