/**
 * Improvement targets (the leadership scorecard and the quarterly report): each target's actual with its
 * interval against the target, status (met / at risk / missed), the trend per month and the projected date the
 * trend reaches the target.
 */
import { formatValue } from '../format.js';
import { t } from '../labels.js';
import type { Block, ReportInputs, Section } from '../report.js';
import { bullet } from '../specs/bullet.js';
import { missingNote, num, okValue, rowsOf, str, tableBlock, variantLines } from './rows.js';

export function targetsSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const title = t(lang, 'targets');
  const doc = inputs.documents['targets'];
  const rows = rowsOf(doc);
  if (!doc || rows.length === 0) return { id: 'targets', title, blocks: [missingNote(lang, inputs, 'targets')] };
  const status = (r: (typeof rows)[number]) => { const s = str(r, 'target_status'); return s === 'met' || s === 'at_risk' || s === 'missed' ? t(lang, s) : '–'; };
  const label = (r: (typeof rows)[number]) => str(r, 'description') ?? str(r, 'target') ?? '–';
  const trend = (r: (typeof rows)[number]) => { const v = num(r, 'trend_per_month'); return v === null ? '–' : r['unit'] === 'share' ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)} ${lang === 'zh' ? '个百分点' : 'pp'}` : formatValue(v, r['unit'], lang); };
  const shares = rows.filter((r) => r['unit'] === 'share' && okValue(r) !== null && num(r, 'target_value') !== null);
  const blocks: Block[] = [];
  const missed = rows.filter((r) => r['target_status'] === 'missed').length;
  const met = rows.filter((r) => r['target_status'] === 'met').length;
  const reading = lang === 'zh' ? `${rows.length} 个目标中 ${met} 个达成，${missed} 个未达成。` : `${met} of ${rows.length} targets met, ${missed} missed.`;
  if (shares.length > 0) {
    blocks.push({
      kind: 'chart',
      id: 'targets-bullet',
      title,
      spec: bullet(
        shares.map((r) => ({ label: label(r), actual: okValue(r)!, lower: num(r, 'lower'), upper: num(r, 'upper'), target: num(r, 'target_value')!, status: str(r, 'target_status') ?? '', statusLabel: status(r) })),
        { actualTitle: t(lang, 'actual'), targetTitle: t(lang, 'target'), statusTitle: t(lang, 'status'), format: '%', statusLabels: [t(lang, 'met'), t(lang, 'at_risk'), t(lang, 'missed')] },
      ),
      alt: shares.map((r) => `${label(r)}: ${formatValue(okValue(r), 'share')} / ${formatValue(num(r, 'target_value'), 'share')} (${status(r)})`).join('; '),
      reading,
      variants: variantLines(doc, ['target_status', 'trend_per_month', 'projected_date']),
    });
  }
  blocks.push(
    tableBlock(
      'targets-table',
      title,
      rows,
      [
        { key: 'target', label: t(lang, 'target'), value: (r) => str(r, 'target'), text: label },
        { key: 'actual', label: t(lang, 'actual'), numeric: true, value: (r) => okValue(r), text: (r) => formatValue(okValue(r), r['unit'], lang) },
        { key: 'target_value', label: t(lang, 'target'), numeric: true, value: (r) => num(r, 'target_value'), text: (r) => `${str(r, 'comparator') === '<=' ? '≤' : '≥'} ${formatValue(num(r, 'target_value'), r['unit'], lang)}` },
        { key: 'status', label: t(lang, 'status'), value: (r) => str(r, 'target_status'), text: status },
        { key: 'trend_per_month', label: t(lang, 'trendPerMonth'), numeric: true, value: (r) => num(r, 'trend_per_month'), text: trend },
        { key: 'projected_date', label: t(lang, 'projected'), value: (r) => str(r, 'projected_date'), text: (r) => str(r, 'projected_date') ?? '–' },
        { key: 'n', label: t(lang, 'n'), numeric: true, value: (r) => num(r, 'n'), text: (r) => formatValue(num(r, 'n'), 'count') },
      ],
      // Under the chart already when there is one.
      shares.length > 0 ? {} : { reading, variants: variantLines(doc, ['target_status', 'trend_per_month', 'projected_date']) },
    ),
  );
  return { id: 'targets', title, blocks };
}
