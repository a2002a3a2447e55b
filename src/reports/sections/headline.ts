/**
 * The report's first section: one tile per headline KPI (value, change against the previous period with its
 * significance, the improvement target and its status where one is set, the last twelve months as a
 * sparkline), then the same figures as a table with their 95 % intervals.
 */
import { formatValue } from '../format.js';
import { metricLabel, t, type Lang } from '../labels.js';
import type { ReportInputs, Section, Tile } from '../report.js';
import { sparkline } from '../specs/sparkline.js';
import { axisFormat, changeReading, comparisonOf, deltaText, isSignificant, missingNote, num, okValue, rowsOf, str, tableBlock, variantLines, type Row } from './rows.js';

/** Target metric → KPI when the inputs do not say (the targets analysis's own map is passed by report-inputs). */
const DEFAULT_TARGET_KPIS: Readonly<Record<string, string>> = { share_handled_within_24h: 'handled_within_24h', csat: 'csat', csat_transparency: 'transparency_satisfied' };
/** ASA and AHT across channels mix seconds (phone) with hours (e-mail): shown per channel, not as a tile. */
const NOT_TILED = new Set(['asa_seconds', 'aht_seconds']);

export function headlineSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const kpis = inputs.documents['kpis'];
  if (!kpis) return { id: 'headline', title: t(lang, 'headline'), blocks: [missingNote(lang, inputs, 'kpis')] };
  const targets = rowsOf(inputs.documents['targets']);
  const rows = rowsOf(kpis).filter((r) => !NOT_TILED.has(String(r['metric'])));
  const kpiOf = inputs.targetKpis ?? DEFAULT_TARGET_KPIS;
  const tiles = rows.map((r) => tile(lang, r, targets.find((x) => kpiOf[String(x['metric'])] === r['metric']), monthlySeries(inputs, String(r['metric']))));
  const previous = comparisonOf(rows[0])?.period ?? '';
  const table = tableBlock(
    'headline-kpis',
    t(lang, 'headline'),
    rowsOf(kpis),
    [
      { key: 'metric', label: t(lang, 'metric'), value: (r) => String(r['metric']), text: (r) => metricLabel(lang, String(r['metric'])) },
      { key: 'value', label: inputs.period.label, numeric: true, value: (r) => okValue(r), text: (r) => formatValue(okValue(r), r['unit'], lang) },
      { key: 'lower', label: t(lang, 'lower'), numeric: true, value: (r) => num(r, 'lower'), text: (r) => formatValue(num(r, 'lower'), r['unit'], lang) },
      { key: 'upper', label: t(lang, 'upper'), numeric: true, value: (r) => num(r, 'upper'), text: (r) => formatValue(num(r, 'upper'), r['unit'], lang) },
      { key: 'previous', label: previous, numeric: true, value: (r) => comparisonOf(r)?.value ?? null, text: (r) => formatValue(comparisonOf(r)?.value, r['unit'], lang) },
      { key: 'change', label: t(lang, 'vsPrevious', { period: previous }), numeric: true, value: (r) => comparisonOf(r)?.change ?? null, text: (r) => `${deltaText(lang, r) ?? '–'}${isSignificant(comparisonOf(r)) ? ' *' : ''}` },
      { key: 'q_value', label: 'q', numeric: true, value: (r) => comparisonOf(r)?.qValue ?? null, text: (r) => { const q = comparisonOf(r)?.qValue; return q === null || q === undefined ? '–' : q.toPrecision(2); } },
      { key: 'n', label: t(lang, 'n'), numeric: true, value: (r) => num(r, 'n'), text: (r) => formatValue(num(r, 'n'), 'count') },
    ],
    { reading: t(lang, 'mark'), variants: variantLines(kpis, rowsOf(kpis).map((r) => String(r['metric']))) },
  );
  const sl = rowsOf(kpis, 'service_level')[0];
  const reading = changeReading(lang, sl);
  return { id: 'headline', title: t(lang, 'headline'), blocks: [{ kind: 'tiles', id: 'headline-tiles', tiles }, ...(reading ? [{ kind: 'note' as const, text: reading }] : []), table] };
}

function tile(lang: Lang, r: Row, target: Row | undefined, series: { date: string; value: number }[]): Tile {
  const unit = r['unit'];
  const status = str(target, 'target_status');
  return {
    label: metricLabel(lang, String(r['metric'])),
    value: r['status'] === 'ok' ? formatValue(num(r, 'value'), unit, lang) : '–',
    target: target ? `${str(target, 'comparator') === '<=' ? '≤' : '≥'} ${formatValue(num(target, 'target_value'), unit, lang)}` : null,
    delta: deltaText(lang, r),
    significant: isSignificant(comparisonOf(r)),
    status: status === 'met' || status === 'at_risk' || status === 'missed' ? status : null,
    sparkline: series.length >= 2 ? sparkline(series, axisFormat(unit) === '%' ? '.1%' : ',.0f') : null,
    note: r['status'] === 'ok' ? null : str(r, 'reason'),
  };
}

/** The metric month by month over the twelve months ending with the period (ok rows only). */
export function monthlySeries(inputs: ReportInputs, metric: string): { date: string; value: number }[] {
  return rowsOf(inputs.monthly, metric)
    .filter((r) => r['status'] === 'ok' && typeof r['month'] === 'string')
    .map((r) => ({ date: `${String(r['month'])}-01`, value: num(r, 'value')! }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}
