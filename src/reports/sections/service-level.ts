/**
 * Service level by channel against each channel's standard (answered within T: phone 60 s, chat 30 s, e-mail
 * 2 h …), with the 95 % interval and last quarter, then the channel table (offered, service level, ASA,
 * abandon rate, AHT, FCR) with changes.
 */
import { formatValue } from '../format.js';
import { metricLabel, t } from '../labels.js';
import type { Block, ChartBlock, ReportInputs, Section } from '../report.js';
import { intervalBars } from '../specs/interval-bars.js';
import { changeReading, comparisonOf, deltaText, isSignificant, missingNote, okValue, rowsOf, str, tableBlock, variantLines, mostMoved, shareBar, withStandard } from './rows.js';

const TABLE_METRICS = ['contacts_offered', 'service_level', 'asa_seconds', 'abandon_rate', 'aht_seconds', 'fcr'] as const;

export function serviceLevelSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const doc = inputs.documents['sla'];
  const title = t(lang, 'serviceLevel');
  if (!doc || doc.rows.length === 0) return { id: 'service-level', title, blocks: [missingNote(lang, inputs, 'sla')] };
  const sl = rowsOf(doc, 'service_level').filter((r) => okValue(r) !== null);
  const blocks: Block[] = [];
  if (sl.length > 0) {
    const bars = sl.map((r) => shareBar(r, withStandard(r, 'channel', lang), lang, true));
    // The reading names the channel that moved most, significantly if any did.
    const moved = mostMoved(sl);
    const reading = changeReading(lang, moved, `${metricLabel(lang, 'service_level')} (${str(moved, 'channel')})`) ?? '';
    const chart: ChartBlock = {
      kind: 'chart',
      id: 'service-level-by-channel',
      title,
      spec: intervalBars(bars, { groupTitle: t(lang, 'channel'), valueTitle: metricLabel(lang, 'service_level'), format: '%', previousLabel: comparisonOf(sl[0])?.period ?? '' }),
      alt: `${title}: ${bars.map((b) => `${b.group} ${formatValue(b.value, 'share', lang)}`).join(', ')}`,
      reading,
      variants: variantLines(doc, ['service_level']),
    };
    blocks.push(chart);
  }
  const byPriority = rowsOf(inputs.documents['sla_by_priority'], 'service_level').filter((r) => okValue(r) !== null);
  if (byPriority.length > 0) {
    const bars = byPriority.map((r) => shareBar(r, withStandard(r, 'priority', lang), lang));
    const moved = mostMoved(byPriority);
    blocks.push({
      kind: 'chart',
      id: 'service-level-by-priority',
      title: lang === 'zh' ? '各优先级服务水平' : 'Service level by priority',
      spec: intervalBars(bars, { groupTitle: t(lang, 'priority'), valueTitle: metricLabel(lang, 'service_level'), format: '%', previousLabel: comparisonOf(byPriority[0])?.period ?? '' }),
      alt: bars.map((b) => `${b.group} ${formatValue(b.value, 'share', lang)}`).join(', '),
      reading: changeReading(lang, moved, `${metricLabel(lang, 'service_level')} (${str(moved, 'priority')})`) ?? '',
      variants: variantLines(inputs.documents['sla_by_priority'], ['service_level']),
    });
  }
  const channels = [...new Set(rowsOf(doc).map((r) => str(r, 'channel') ?? '–'))];
  const cell = (channel: string, metric: string) => rowsOf(doc, metric).find((r) => (str(r, 'channel') ?? '–') === channel);
  blocks.push(
    tableBlock(
      'service-level-table',
      title,
      channels,
      [
        { key: 'channel', label: t(lang, 'channel'), value: (c) => c },
        ...TABLE_METRICS.flatMap((m) => [
          { key: m, label: metricLabel(lang, m), numeric: true, value: (c: string) => okValue(cell(c, m)), text: (c: string) => formatValue(okValue(cell(c, m)), cell(c, m)?.['unit'], lang) },
          { key: `${m}_change`, label: t(lang, 'vsPrevious', { period: comparisonOf(cell(channels[0]!, m))?.period ?? '' }), numeric: true, value: (c: string) => comparisonOf(cell(c, m))?.change ?? null, text: (c: string) => `${deltaText(lang, cell(c, m)) ?? '–'}${isSignificant(comparisonOf(cell(c, m))) ? ' *' : ''}` },
        ]),
      ],
      { reading: t(lang, 'mark'), variants: variantLines(doc, [...TABLE_METRICS]) },
    ),
  );
  return { id: 'service-level', title, blocks };
}
