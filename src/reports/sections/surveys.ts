/**
 * Survey items (top-two-box share per item with its interval and last quarter) and the key-driver quadrant:
 * each item's importance (its share of the items model's R², LMG) against its performance.
 */
import { formatValue } from '../format.js';
import { t } from '../labels.js';
import type { Block, ReportInputs, Section } from '../report.js';
import { intervalBars } from '../specs/interval-bars.js';
import { quadrant } from '../specs/quadrant.js';
import { changeReading, comparisonOf, documentNotes, missingNote, okValue, rowsOf, str, variantLines, mostMoved, shareBar } from './rows.js';

export function surveysSection(inputs: ReportInputs): Section {
  const lang = inputs.lang;
  const title = t(lang, 'surveys');
  const blocks: Block[] = [];
  const surveys = inputs.documents['surveys'];
  const items = rowsOf(surveys, 'top2_share').filter((r) => okValue(r) !== null).sort((a, b) => okValue(b)! - okValue(a)!);
  if (items.length > 0) {
    const moved = mostMoved(items);
    blocks.push({
      kind: 'chart',
      id: 'survey-items',
      title: lang === 'zh' ? '各题项前两档比例' : 'Survey items: top-two-box share',
      spec: intervalBars(
        items.map((r) => shareBar(r, str(r, 'item') ?? '–', lang)),
        { groupTitle: t(lang, 'item'), valueTitle: t(lang, 'share'), format: '%', previousLabel: comparisonOf(items[0])?.period ?? '' },
      ),
      alt: items.map((r) => `${str(r, 'item')} ${formatValue(okValue(r), 'share')}`).join(', '),
      reading: changeReading(lang, moved, `${lang === 'zh' ? '题项' : 'Item'} ${str(moved, 'item')}`) ?? '',
      variants: variantLines(surveys, ['top2_share']),
    });
  } else {
    blocks.push(missingNote(lang, inputs, 'surveys'));
  }
  const drivers = inputs.documents['drivers'];
  const importance = rowsOf(drivers, 'importance').filter((r) => r['model'] === 'items' && okValue(r) !== null);
  const performance = rowsOf(drivers, 'performance').filter((r) => r['model'] === 'items');
  const points = importance.flatMap((r) => {
    const p = performance.find((x) => x['driver'] === r['driver']);
    return p && okValue(p) !== null ? [{ label: str(r, 'driver') ?? '–', importance: okValue(r)!, performance: okValue(p)!, quadrant: str(r, 'quadrant') ?? '–' }] : [];
  });
  if (points.length > 0) {
    const improve = points.filter((p) => p.quadrant === 'improve').map((p) => p.label);
    const r2 = rowsOf(drivers, 'r_squared').find((r) => r['model'] === 'items');
    blocks.push({
      kind: 'chart',
      id: 'key-drivers',
      title: lang === 'zh' ? '关键驱动因素象限' : 'Key-driver quadrant',
      spec: quadrant(points, { importanceTitle: t(lang, 'importance'), performanceTitle: t(lang, 'performance'), quadrantTitle: t(lang, 'quadrant') }),
      alt: points.map((p) => `${p.label}: ${formatValue(p.importance, 'share')} / ${formatValue(p.performance, 'share')} (${p.quadrant})`).join('; '),
      reading:
        lang === 'zh'
          ? `题项模型解释满意度方差的 ${formatValue(okValue(r2), 'share')}；重要但表现偏低、应优先改进：${improve.join('、') || '无'}。`
          : `The items explain ${formatValue(okValue(r2), 'share')} of the variance in satisfaction; important but under-performing, to improve first: ${improve.join(', ') || 'none'}.`,
      variants: variantLines(drivers, ['importance', 'performance', 'r_squared']),
    });
    blocks.push(...documentNotes(drivers));
  } else {
    blocks.push(missingNote(lang, inputs, 'drivers'));
  }
  return { id: 'surveys', title, blocks };
}
