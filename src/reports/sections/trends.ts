/**
 * Trends and forecast: the headline shares and the volume month by month over the last twelve months, the
 * daily contacts forecast for the next period with its 95 % prediction band (Holt–Winters), and the trend tests
 * (Sen slope, Mann–Kendall) of the trend analysis as a table.
 */
import { formatChange, formatValue } from '../format.js';
import { metricLabel, t } from '../labels.js';
import type { Block, ReportInputs, Section } from '../report.js';
import { lineBand, type LinePoint } from '../specs/line-band.js';
import { monthlySeries } from './headline.js';
import { missingNote, num, rowsOf, str, tableBlock, variantLines } from './rows.js';

const SHARES = ['service_level', 'fcr', 'csat', 'handled_within_24h'] as const;

export function trendsSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  // A change per year: signed, shares in percentage points (not a percent of the value).
  const signed = (v: number | null, unit: unknown) => (v === null ? '–' : formatChange(v, unit, lang));
  const title = t(lang, 'trends');
  const blocks: Block[] = [];
  const shares: LinePoint[] = SHARES.flatMap((m) => monthlySeries(inputs, m).map((p) => ({ date: p.date, value: p.value, lower: null, upper: null, series: metricLabel(lang, m) })));
  if (shares.length > 0) {
    const last = (m: string) => monthlySeries(inputs, m).at(-1);
    const first = (m: string) => monthlySeries(inputs, m)[0];
    const sl0 = first('service_level');
    const sl1 = last('service_level');
    blocks.push({
      kind: 'chart',
      id: 'trend-shares-monthly',
      title: lang === 'zh' ? '主要比例指标（按月）' : 'Headline shares, month by month',
      spec: lineBand(shares, { valueTitle: t(lang, 'share'), dateTitle: t(lang, 'month'), format: '%', step: 'month' }),
      alt: SHARES.map((m) => `${metricLabel(lang, m)}: ${monthlySeries(inputs, m).map((p) => `${p.date.slice(0, 7)} ${formatValue(p.value, 'share')}`).join(', ')}`).join('; '),
      reading:
        sl0 && sl1
          ? lang === 'zh'
            ? `服务水平从 ${sl0.date.slice(0, 7)} 的 ${formatValue(sl0.value, 'share')} 变为 ${sl1.date.slice(0, 7)} 的 ${formatValue(sl1.value, 'share')}。`
            : `Service level went from ${formatValue(sl0.value, 'share')} in ${sl0.date.slice(0, 7)} to ${formatValue(sl1.value, 'share')} in ${sl1.date.slice(0, 7)}.`
          : '',
      variants: variantLines(inputs.monthly, [...SHARES]),
    });
  }
  const forecast = inputs.documents['forecast'];
  const days = rowsOf(forecast, 'forecast_contacts').filter((r) => typeof r['day'] === 'string' && num(r, 'value') !== null);
  if (days.length > 0) {
    const points: LinePoint[] = days.map((r) => ({ date: String(r['day']), value: num(r, 'value'), lower: num(r, 'lower'), upper: num(r, 'upper'), series: t(lang, 'forecastContacts') }));
    const total = days.reduce((s, r) => s + num(r, 'value')!, 0);
    const mase = rowsOf(forecast, 'mase').find((r) => str(r, 'model') !== null && r['beats_baseline'] !== undefined) ?? rowsOf(forecast, 'mase')[0];
    const period = str(days[0], 'period') ?? '';
    blocks.push({
      kind: 'chart',
      id: 'forecast-contacts',
      title: `${t(lang, 'forecastContacts')} ${period}`,
      spec: lineBand(points, { valueTitle: t(lang, 'forecastContacts'), dateTitle: t(lang, 'day'), format: ',.0f', step: 'day', zero: true }),
      alt: `${t(lang, 'forecastContacts')} ${days[0]!['day']} – ${days.at(-1)!['day']}`,
      reading:
        lang === 'zh'
          ? `预计 ${period} 共 ${formatValue(total, 'count')} 次接触（日均 ${formatValue(total / days.length, 'count')}）${mase ? `；回测 MASE ${formatValue(num(mase, 'value'), 'ratio')}` : ''}。`
          : `About ${formatValue(total, 'count')} contacts are forecast for ${period} (${formatValue(total / days.length, 'count')} a day)${mase ? `; backtest MASE ${formatValue(num(mase, 'value'), 'ratio')} (below 1 beats the seasonal naive forecast)` : ''}.`,
      variants: variantLines(forecast, ['forecast_contacts', 'backtest']),
    });
  } else {
    blocks.push(missingNote(lang, inputs, 'forecast'));
  }
  const trend = inputs.documents['trend'];
  const slopes = rowsOf(trend, 'sen_slope');
  if (slopes.length > 0) {
    const mk = (series: unknown) => rowsOf(trend, 'mann_kendall_p').find((r) => r['series'] === series);
    blocks.push(
      tableBlock(
        'trend-tests',
        lang === 'zh' ? '趋势检验' : 'Trend tests',
        slopes,
        [
          { key: 'series', label: lang === 'zh' ? '序列' : 'Series', value: (r) => str(r, 'series') },
          { key: 'from', label: lang === 'zh' ? '起' : 'From', value: (r) => str(r, 'from') },
          { key: 'to', label: lang === 'zh' ? '止' : 'To', value: (r) => str(r, 'to') },
          { key: 'slope_per_year', label: lang === 'zh' ? '年变化（Sen 斜率）' : 'Change per year (Sen slope)', numeric: true, value: (r) => num(r, 'slope_per_year'), text: (r) => signed(num(r, 'slope_per_year'), r['unit']) },
          { key: 'relative_slope_per_year', label: lang === 'zh' ? '相对年变化' : 'Relative change per year', numeric: true, value: (r) => num(r, 'relative_slope_per_year'), text: (r) => formatValue(num(r, 'relative_slope_per_year'), 'share') },
          { key: 'direction', label: lang === 'zh' ? '方向' : 'Direction', value: (r) => str(mk(r['series']), 'direction') },
          { key: 'q_value', label: 'q (Mann–Kendall)', numeric: true, value: (r) => num(mk(r['series']), 'q_value'), text: (r) => { const q = num(mk(r['series']), 'q_value'); return q === null ? '–' : q.toPrecision(2); } },
        ],
        { variants: variantLines(trend, ['sen_slope', 'mann_kendall_p', 'history']) },
      ),
    );
  }
  if (blocks.length === 0) blocks.push(missingNote(lang, inputs, 'trend'));
  return { id: 'trends', title, blocks };
}
