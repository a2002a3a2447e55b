/**
 * The sections that are tables of findings: complaint themes (terms rising against last quarter, with example
 * texts), complaint segments (k-means profiles), the decision tree's rules for dissatisfaction, training
 * effects (difference in differences).
 */
import { formatChange, formatValue } from '../format.js';
import { t } from '../labels.js';
import type { Block, ReportInputs, Section } from '../report.js';
import { documentNotes, missingNote, num, okValue, rowsOf, str, tableBlock, variantLines } from './rows.js';

const THEMES_SHOWN = 12;
/** Example texts are cut: a report is not the place for whole complaint descriptions. */
const EXAMPLE_CHARS = 80;

export function themesSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const title = t(lang, 'themes');
  const doc = inputs.documents['themes'];
  const rows = rowsOf(doc, 'theme').slice(0, THEMES_SHOWN);
  if (rows.length === 0) return { id: 'themes', title, blocks: [missingNote(lang, inputs, 'themes')] };
  const top = rows[0]!;
  return {
    id: 'themes',
    title,
    blocks: [
      tableBlock(
        'complaint-themes',
        title,
        rows,
        [
          { key: 'rank', label: '#', numeric: true, value: (r) => num(r, 'rank') },
          { key: 'term', label: t(lang, 'term'), value: (r) => str(r, 'term') },
          { key: 'count_now', label: inputs.period.label, numeric: true, value: (r) => num(r, 'count_now') },
          { key: 'share_now', label: t(lang, 'shareNow'), numeric: true, value: (r) => num(r, 'share_now'), text: (r) => formatValue(num(r, 'share_now'), 'share') },
          { key: 'share_before', label: t(lang, 'shareBefore'), numeric: true, value: (r) => num(r, 'share_before'), text: (r) => formatValue(num(r, 'share_before'), 'share') },
          { key: 'examples', label: t(lang, 'examples'), value: (r) => { const e = str(r, 'examples') ?? ''; return e.length > EXAMPLE_CHARS ? `${e.slice(0, EXAMPLE_CHARS)}…` : e; } },
        ],
        {
          reading:
            lang === 'zh'
              ? `上升最明显的词语是“${str(top, 'term')}”：${formatValue(num(top, 'share_before'), 'share')} → ${formatValue(num(top, 'share_now'), 'share')} 的投诉提及。`
              : `The theme rising most is '${str(top, 'term')}': mentioned in ${formatValue(num(top, 'share_now'), 'share')} of complaints against ${formatValue(num(top, 'share_before'), 'share')} before.`,
          variants: variantLines(doc, ['theme']),
        },
      ),
      ...documentNotes(doc),
    ],
  };
}

export function segmentsSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const title = t(lang, 'segments');
  const doc = inputs.documents['segments'];
  const segments = rowsOf(doc, 'complaints').filter((r) => r['segment'] !== undefined);
  if (segments.length === 0) return { id: 'segments', title, blocks: [missingNote(lang, inputs, 'segments')] };
  const of = (segment: unknown, metric: string) => rowsOf(doc, metric).find((r) => r['segment'] === segment);
  const chosen = rowsOf(doc, 'mean_silhouette').find((r) => r['chosen'] === true);
  return {
    id: 'segments',
    title,
    blocks: [
      tableBlock(
        'complaint-segments',
        title,
        segments,
        [
          { key: 'segment', label: t(lang, 'segment'), value: (r) => str(r, 'segment') },
          { key: 'complaints', label: t(lang, 'complaintsCount'), numeric: true, value: (r) => num(r, 'value') },
          { key: 'share', label: t(lang, 'share'), numeric: true, value: (r) => okValue(of(r['segment'], 'share')), text: (r) => formatValue(okValue(of(r['segment'], 'share')), 'share') },
          { key: 'top_category', label: t(lang, 'topCategory'), value: (r) => str(r, 'top_category'), text: (r) => `${str(r, 'top_category') ?? '–'} (${formatValue(num(r, 'top_category_share'), 'share')})` },
          { key: 'top_channel', label: t(lang, 'topChannel'), value: (r) => str(r, 'top_channel'), text: (r) => `${str(r, 'top_channel') ?? '–'} (${formatValue(num(r, 'top_channel_share'), 'share')})` },
          { key: 'first_response_median_seconds', label: t(lang, 'firstResponse'), numeric: true, value: (r) => okValue(of(r['segment'], 'first_response_median_seconds')), text: (r) => formatValue(okValue(of(r['segment'], 'first_response_median_seconds')), 'seconds', lang) },
          { key: 'resolution_median_seconds', label: t(lang, 'resolution'), numeric: true, value: (r) => okValue(of(r['segment'], 'resolution_median_seconds')), text: (r) => formatValue(okValue(of(r['segment'], 'resolution_median_seconds')), 'seconds', lang) },
        ],
        {
          reading: chosen ? (lang === 'zh' ? `k-means 选出 ${str(chosen, 'k')} 个细分（平均轮廓系数 ${formatValue(okValue(chosen), 'ratio')}）。` : `k-means chose ${str(chosen, 'k')} segments (mean silhouette ${formatValue(okValue(chosen), 'ratio')}).`) : null,
          variants: variantLines(doc, ['mean_silhouette', 'complaints']),
        },
      ),
      ...documentNotes(doc),
    ],
  };
}

export function treeSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const title = t(lang, 'tree');
  const doc = inputs.documents['tree'];
  const rules = rowsOf(doc, 'rule').sort((a, b) => (num(a, 'rank') ?? 0) - (num(b, 'rank') ?? 0));
  if (rules.length === 0) return { id: 'tree', title, blocks: [missingNote(lang, inputs, 'tree')] };
  const base = rowsOf(doc, 'share_not_satisfied')[0];
  const auc = rowsOf(doc, 'cv_auc')[0];
  const blocks: Block[] = [
    tableBlock(
      'tree-rules',
      title,
      rules,
      [
        { key: 'rank', label: '#', numeric: true, value: (r) => num(r, 'rank') },
        { key: 'rule', label: t(lang, 'rule'), value: (r) => str(r, 'rule') },
        { key: 'value', label: t(lang, 'share'), numeric: true, value: (r) => num(r, 'value'), text: (r) => formatValue(num(r, 'value'), 'share') },
        { key: 'n', label: t(lang, 'n'), numeric: true, value: (r) => num(r, 'n'), text: (r) => formatValue(num(r, 'n'), 'count') },
      ],
      {
        reading:
          lang === 'zh'
            ? `整体不满意比例 ${formatValue(okValue(base), 'share')}；交叉验证 AUC ${formatValue(okValue(auc), 'ratio')}。`
            : `Overall ${formatValue(okValue(base), 'share')} of responses are not satisfied; cross-validated AUC ${formatValue(okValue(auc), 'ratio')}.`,
        variants: variantLines(doc, ['rule', 'cv_auc']),
      },
    ),
    ...documentNotes(doc),
  ];
  return { id: 'tree', title, blocks };
}

export function trainingSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  // Effects are differences: signed, shares in percentage points.
  const signedEffect = (v: number | null, unit: unknown) => (v === null ? '–' : formatChange(v, unit, lang));
  const title = t(lang, 'training');
  const doc = inputs.documents['training'];
  const rows = rowsOf(doc);
  if (rows.length === 0) return { id: 'training', title, blocks: doc && doc.notes.length > 0 ? documentNotes(doc) : [missingNote(lang, inputs, 'training')] };
  return {
    id: 'training',
    title,
    blocks: [
      tableBlock(
        'training-effects',
        title,
        rows,
        [
          { key: 'course', label: lang === 'zh' ? '课程' : 'Course', value: (r) => str(r, 'course') },
          { key: 'metric', label: lang === 'zh' ? '指标' : 'Metric', value: (r) => str(r, 'metric') },
          { key: 'value', label: lang === 'zh' ? '效果' : 'Effect', numeric: true, value: (r) => okValue(r), text: (r) => signedEffect(okValue(r), r['unit']) },
          { key: 'lower', label: t(lang, 'lower'), numeric: true, value: (r) => num(r, 'lower'), text: (r) => signedEffect(num(r, 'lower'), r['unit']) },
          { key: 'upper', label: t(lang, 'upper'), numeric: true, value: (r) => num(r, 'upper'), text: (r) => signedEffect(num(r, 'upper'), r['unit']) },
          { key: 'status', label: t(lang, 'status'), value: (r) => str(r, 'status'), text: (r) => (r['status'] === 'ok' ? 'ok' : `${str(r, 'status')}: ${str(r, 'reason') ?? ''}`) },
        ],
        { variants: variantLines(doc, ['design', 'did_aht_seconds', 'pre_trend_p']) },
      ),
      ...documentNotes(doc),
    ],
  };
}
