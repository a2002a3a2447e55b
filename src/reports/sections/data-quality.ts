/**
 * Data quality: per source, the rows the batches behind the report read, loaded, rejected and set aside as
 * duplicates; the most frequent reject reasons with an example; files refused whole.
 */
import { formatValue } from '../format.js';
import { t, type Lang } from '../labels.js';
import type { Block, DataQualitySummary, ReportInputs, Section } from '../report.js';
import { tableBlock } from './rows.js';

function sourceLabel(lang: Lang, kind: string): string {
  return kind === 'calls' ? t(lang, 'calls') : kind === 'surveys' ? t(lang, 'surveysSource') : kind === 'complaints' ? t(lang, 'complaintsSource') : kind;
}

/** ok: nothing rejected or refused; warnings: rows rejected; failed_files: a file was refused whole. */
export function dataQualityStatus(q: DataQualitySummary): 'ok' | 'warnings' | 'failed_files' {
  if (q.refusedFiles.length > 0) return 'failed_files';
  return q.sources.some((s) => s.rowsRejected > 0) ? 'warnings' : 'ok';
}

export function dataQualitySection(inputs: ReportInputs, options: { readonly batches: boolean } = { batches: false }): Section {
  const lang = inputs.lang;
  const q = inputs.dataQuality;
  const share = (part: number, whole: number) => (whole > 0 ? formatValue(part / whole, 'share') : '–');
  const blocks: Block[] = [
    tableBlock(
      'data-quality-sources',
      t(lang, 'dataQuality'),
      q.sources,
      [
        { key: 'source', label: t(lang, 'source'), value: (s) => s.kind, text: (s) => sourceLabel(lang, s.kind) },
        { key: 'batches', label: t(lang, 'batches'), numeric: true, value: (s) => s.batches },
        { key: 'rows_read', label: t(lang, 'rowsRead'), numeric: true, value: (s) => s.rowsRead, text: (s) => formatValue(s.rowsRead, 'count') },
        { key: 'rows_loaded', label: t(lang, 'rowsLoaded'), numeric: true, value: (s) => s.rowsLoaded, text: (s) => formatValue(s.rowsLoaded, 'count') },
        { key: 'rows_rejected', label: t(lang, 'rowsRejected'), numeric: true, value: (s) => s.rowsRejected, text: (s) => `${formatValue(s.rowsRejected, 'count')} (${share(s.rowsRejected, s.rowsRead)})` },
        { key: 'rows_duplicate', label: t(lang, 'rowsDuplicate'), numeric: true, value: (s) => s.rowsDuplicate, text: (s) => `${formatValue(s.rowsDuplicate, 'count')} (${share(s.rowsDuplicate, s.rowsRead)})` },
      ],
      {
        reading:
          lang === 'zh'
            ? `共读取 ${formatValue(q.sources.reduce((s, x) => s + x.rowsRead, 0), 'count')} 行，拒收 ${formatValue(q.sources.reduce((s, x) => s + x.rowsRejected, 0), 'count')} 行，${q.refusedFiles.length} 个文件被拒。`
            : `${formatValue(q.sources.reduce((s, x) => s + x.rowsRead, 0), 'count')} rows read, ${formatValue(q.sources.reduce((s, x) => s + x.rowsRejected, 0), 'count')} rejected, ${q.refusedFiles.length} file${q.refusedFiles.length === 1 ? '' : 's'} refused.`,
      },
    ),
  ];
  blocks.push(
    q.topReasons.length > 0
      ? tableBlock('data-quality-reject-reasons', lang === 'zh' ? '主要拒收原因' : 'Top reject reasons', q.topReasons, [
          { key: 'source', label: t(lang, 'source'), value: (r) => r.kind, text: (r) => sourceLabel(lang, r.kind) },
          { key: 'code', label: t(lang, 'reason'), value: (r) => r.code },
          { key: 'rows', label: t(lang, 'rows'), numeric: true, value: (r) => r.rows, text: (r) => formatValue(r.rows, 'count') },
          { key: 'example', label: t(lang, 'example'), value: (r) => r.example },
        ])
      : { kind: 'note', text: t(lang, 'noRejects') },
  );
  blocks.push(
    q.refusedFiles.length > 0
      ? tableBlock('data-quality-refused-files', lang === 'zh' ? '被拒文件' : 'Files refused', q.refusedFiles, [
          { key: 'batch', label: t(lang, 'batch'), numeric: true, value: (f) => f.batchId },
          { key: 'source', label: t(lang, 'source'), value: (f) => f.kind, text: (f) => sourceLabel(lang, f.kind) },
          { key: 'file', label: t(lang, 'file'), value: (f) => f.file },
          { key: 'error', label: t(lang, 'error'), value: (f) => f.error },
        ])
      : { kind: 'note', text: t(lang, 'noRefused') },
  );
  if (options.batches) {
    blocks.push(
      tableBlock('data-quality-batches', t(lang, 'batches'), q.batches, [
        { key: 'batch', label: t(lang, 'batch'), numeric: true, value: (b) => b.batchId },
        { key: 'source', label: t(lang, 'source'), value: (b) => b.kind, text: (b) => sourceLabel(lang, b.kind) },
        { key: 'file', label: t(lang, 'file'), value: (b) => b.file },
        { key: 'encoding', label: t(lang, 'encoding'), value: (b) => b.encoding },
        { key: 'rows_read', label: t(lang, 'rowsRead'), numeric: true, value: (b) => b.rowsRead, text: (b) => formatValue(b.rowsRead, 'count') },
        { key: 'rows_loaded', label: t(lang, 'rowsLoaded'), numeric: true, value: (b) => b.rowsLoaded, text: (b) => formatValue(b.rowsLoaded, 'count') },
        { key: 'rows_rejected', label: t(lang, 'rowsRejected'), numeric: true, value: (b) => b.rowsRejected, text: (b) => formatValue(b.rowsRejected, 'count') },
        { key: 'rows_duplicate', label: t(lang, 'rowsDuplicate'), numeric: true, value: (b) => b.rowsDuplicate, text: (b) => formatValue(b.rowsDuplicate, 'count') },
      ]),
    );
  }
  return { id: 'data-quality', title: t(lang, 'dataQuality'), blocks };
}
