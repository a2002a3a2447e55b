/**
 * Control charts of the period's days (service-level misses as a p-chart, ASA and weekday-adjusted volume as
 * XmR charts), with the days a Western Electric rule flagged.
 */
import { formatValue } from '../format.js';
import { metricLabel, t } from '../labels.js';
import type { Block, ReportInputs, Section } from '../report.js';
import { controlChart } from '../specs/control-chart.js';
import { axisFormat, missingNote, num, rowsOf, str, variantLines } from './rows.js';

export function controlSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const title = t(lang, 'control');
  const doc = inputs.documents['control'];
  const charts = rowsOf(doc, 'control_limits');
  if (!doc || charts.length === 0) return { id: 'control', title, blocks: [missingNote(lang, inputs, 'control')] };
  const blocks: Block[] = charts.map((c) => {
    const metric = String(c['chart']);
    const days = rowsOf(doc, metric).filter((r) => typeof r['day'] === 'string' && num(r, 'value') !== null);
    const unit = c['unit'];
    const flagged = days.filter((r) => r['out_of_control'] === true);
    const points = days.map((r) => ({ date: String(r['day']), value: num(r, 'value')!, centre: num(r, 'centre') ?? num(c, 'value')!, lower: num(r, 'lower') ?? num(c, 'lower')!, upper: num(r, 'upper') ?? num(c, 'upper')!, flagged: r['out_of_control'] === true, signals: str(r, 'signals') ?? '' }));
    const label = metricLabel(lang, metric);
    // The axis says its unit: seconds and counts are not self-evident from the numbers.
    const unitName = unit === 'seconds' ? (lang === 'zh' ? '秒' : 'seconds') : unit === 'count' ? (lang === 'zh' ? '次/天' : 'per day') : null;
    return {
      kind: 'chart' as const,
      id: `control-${metric.replaceAll('_', '-')}`,
      title: `${label} (${str(c, 'type')}-chart)`,
      spec: controlChart(points, { valueTitle: unitName ? `${label} (${unitName})` : label, dateTitle: t(lang, 'day'), format: axisFormat(unit), flaggedLabel: t(lang, 'flagged') }),
      alt: `${label}: ${days.length} days, centre ${formatValue(num(c, 'value'), unit, lang)}, ${flagged.length} flagged`,
      reading:
        lang === 'zh'
          ? `${label}：${days.length} 天中有 ${flagged.length} 天被判异常，中心线 ${formatValue(num(c, 'value'), unit, lang)}。`
          : `${label}: ${flagged.length} of ${days.length} days flagged out of control; centre line ${formatValue(num(c, 'value'), unit, lang)}.`,
      variants: variantLines(doc, [metric, 'limits']),
    };
  });
  return { id: 'control', title, blocks };
}
