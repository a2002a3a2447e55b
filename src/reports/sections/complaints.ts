/**
 * Complaints: Pareto charts by category and by root cause, the handling standards (first reply within 30 min,
 * handled within 24 h, follow-up within 48 h …) against last quarter with their intervals, and the response and
 * resolution time distribution (median, 90th percentile, mean).
 */
import { formatValue } from '../format.js';
import { metricLabel, t } from '../labels.js';
import type { Block, ReportInputs, Section } from '../report.js';
import { intervalBars } from '../specs/interval-bars.js';
import { pareto } from '../specs/pareto.js';
import { quantileDots } from '../specs/quantile-dots.js';
import { changeReading, comparisonOf, missingNote, num, okValue, rowsOf, str, tableBlock, variantLines, mostMoved, shareBar } from './rows.js';

const STANDARDS = ['first_reply_within_30min', 'first_response_within_standard', 'handled_within_24h', 'followup_within_48h'] as const;
const DURATIONS = ['first_response', 'resolution'] as const;

export function complaintsSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const title = t(lang, 'complaints');
  const doc = inputs.documents['complaints'];
  if (!doc || doc.rows.length === 0) return { id: 'complaints', title, blocks: [missingNote(lang, inputs, 'complaints')] };
  const blocks: Block[] = [];
  for (const of of ['category', 'root_cause'] as const) {
    const rows = rowsOf(doc, 'pareto_share').filter((r) => r['pareto_of'] === of).sort((a, b) => (num(a, 'rank') ?? 0) - (num(b, 'rank') ?? 0));
    if (rows.length === 0) continue;
    const bars = rows.map((r) => ({ label: str(r, of) ?? '–', share: num(r, 'value') ?? 0, cumulative: num(r, 'cumulative_share') ?? 0, n: num(r, 'n') ?? 0 }));
    const vital = bars.findIndex((b) => b.cumulative >= 0.8) + 1;
    const head = bars.slice(0, Math.max(1, vital)).map((b) => b.label).join(', ');
    blocks.push({
      kind: 'chart',
      id: `complaints-pareto-${of.replace('_', '-')}`,
      title: `${t(lang, 'complaints')}: ${t(lang, of)} (Pareto)`,
      spec: pareto(bars, { labelTitle: t(lang, of), shareTitle: t(lang, 'share'), cumulativeTitle: t(lang, 'cumulative') }),
      alt: bars.map((b) => `${b.label} ${formatValue(b.share, 'share')}`).join(', '),
      reading:
        lang === 'zh'
          ? `${vital} 个${t(lang, of)}（${head}）占投诉的 ${formatValue(bars[Math.max(0, vital - 1)]!.cumulative, 'share')}。`
          : `${vital} ${of === 'category' ? 'categor' + (vital === 1 ? 'y' : 'ies') : 'root cause' + (vital === 1 ? '' : 's')} (${head}) account for ${formatValue(bars[Math.max(0, vital - 1)]!.cumulative, 'share')} of complaints.`,
      variants: [],
    });
  }
  const standards = STANDARDS.flatMap((m) => rowsOf(doc, m).slice(0, 1)).filter((r) => okValue(r) !== null);
  if (standards.length > 0) {
    const worst = mostMoved(standards);
    blocks.push({
      kind: 'chart',
      id: 'complaints-handling-standards',
      title: lang === 'zh' ? '投诉处理时效达标率' : 'Complaint handling standards met',
      spec: intervalBars(
        standards.map((r) => shareBar(r, metricLabel(lang, String(r['metric'])), lang)),
        { groupTitle: ' ', valueTitle: t(lang, 'share'), format: '%', previousLabel: comparisonOf(standards[0])?.period ?? '' },
      ),
      alt: standards.map((r) => `${metricLabel(lang, String(r['metric']))} ${formatValue(okValue(r), 'share')}`).join(', '),
      reading: changeReading(lang, worst) ?? '',
      variants: variantLines(doc, [...STANDARDS]),
    });
  }
  const durations = DURATIONS.map((d) => ({ d, median: rowsOf(doc, `${d}_median_seconds`)[0], p90: rowsOf(doc, `${d}_p90_seconds`)[0], mean: rowsOf(doc, `${d}_mean_seconds`)[0] }));
  const measureName = (d: string) => t(lang, d === 'first_response' ? 'firstResponse' : 'resolution').replace(/ \(.*\)|（.*）/, '');
  const statNames = lang === 'zh' ? (['中位数', '均值', '第 90 百分位'] as const) : (['median', 'mean', '90th percentile'] as const);
  const dots = durations.flatMap((x) =>
    ([[x.median, statNames[0]], [x.mean, statNames[1]], [x.p90, statNames[2]]] as const).flatMap(([r, statistic]) => {
      const v = okValue(r);
      // A log axis has no place for 0 (a complaint answered within the second): left out of the chart, kept in the table.
      return v !== null && v > 0 ? [{ measure: measureName(x.d), statistic, hours: v / 3600, text: formatValue(v, 'seconds', lang) }] : [];
    }),
  );
  if (dots.length > 0) {
    const resolution = durations.find((x) => x.d === 'resolution')!;
    blocks.push({
      kind: 'chart',
      id: 'complaints-durations-chart',
      title: lang === 'zh' ? '首次响应与解决时长分布（中位数、均值、第 90 百分位）' : 'First response and resolution times: median, mean, 90th percentile',
      spec: quantileDots(dots, { hoursTitle: lang === 'zh' ? '小时（对数刻度）' : 'hours (log scale)', statistics: statNames }),
      alt: dots.map((d) => `${d.measure} ${d.statistic} ${d.text}`).join(', '),
      reading:
        okValue(resolution.median) !== null && okValue(resolution.p90) !== null
          ? lang === 'zh'
            ? `一半的投诉在 ${formatValue(okValue(resolution.median), 'seconds', lang)} 内解决，但十分之一超过 ${formatValue(okValue(resolution.p90), 'seconds', lang)}。`
            : `Half the complaints were resolved within ${formatValue(okValue(resolution.median), 'seconds', lang)}, but one in ten took longer than ${formatValue(okValue(resolution.p90), 'seconds', lang)}.`
          : '',
      variants: variantLines(doc, ['resolution', 'estimate:quantile']),
    });
  }
  blocks.push(
    tableBlock(
      'complaints-durations',
      lang === 'zh' ? '首次响应与解决时长分布' : 'First response and resolution times',
      durations,
      [
        { key: 'measure', label: ' ', value: (x) => x.d, text: (x) => t(lang, x.d === 'first_response' ? 'firstResponse' : 'resolution').replace(/ \(.*\)|（.*）/, '') },
        { key: 'median_seconds', label: lang === 'zh' ? '中位数' : 'Median', numeric: true, value: (x) => okValue(x.median), text: (x) => formatValue(okValue(x.median), 'seconds', lang) },
        { key: 'p90_seconds', label: lang === 'zh' ? '第 90 百分位' : '90th percentile', numeric: true, value: (x) => okValue(x.p90), text: (x) => formatValue(okValue(x.p90), 'seconds', lang) },
        { key: 'mean_seconds', label: lang === 'zh' ? '均值' : 'Mean', numeric: true, value: (x) => okValue(x.mean), text: (x) => formatValue(okValue(x.mean), 'seconds', lang) },
        { key: 'n', label: t(lang, 'n'), numeric: true, value: (x) => num(x.median, 'n'), text: (x) => formatValue(num(x.median, 'n'), 'count') },
      ],
      { variants: variantLines(doc, ['resolution']) },
    ),
  );
  return { id: 'complaints', title, blocks };
}
