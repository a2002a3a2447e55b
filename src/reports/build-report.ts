/**
 * Report builders: analysis documents in, a `Report` out (sections of tiles, charts, tables and notes in the
 * report's language). Which analyses each report reads is `REPORT_ANALYSES`; `src/analyze/report-inputs.ts`
 * runs them, and `render/` writes the files.
 *
 * Stages: (1) sections from the documents, each a pure function of the inputs (a part without data becomes a
 * note saying why); (2) the provenance — batches, rows, metric variants, data-quality status — for the manifest.
 */
import { t } from './labels.js';
import type { Report, ReportInputs, ReportKind, Section } from './report.js';
import { complaintsSection } from './sections/complaints.js';
import { controlSection } from './sections/control.js';
import { dataQualitySection, dataQualityStatus } from './sections/data-quality.js';
import { headlineSection } from './sections/headline.js';
import { scorecardsSection, staffingSection } from './sections/people.js';
import { serviceLevelSection } from './sections/service-level.js';
import { surveysSection } from './sections/surveys.js';
import { targetsSection } from './sections/targets.js';
import { segmentsSection, themesSection, trainingSection, treeSection } from './sections/text-and-models.js';
import { trendsSection } from './sections/trends.js';

/** The analyses each report is built from (run with the report's period and filters). */
export const REPORT_ANALYSES: Readonly<Record<ReportKind, readonly string[]>> = {
  quarterly: ['kpis', 'sla', 'targets', 'trend', 'forecast', 'control', 'complaints', 'surveys', 'drivers', 'themes', 'segments', 'tree', 'scorecards', 'training', 'staffing'],
  monthly: ['kpis', 'sla', 'targets', 'trend', 'forecast', 'control', 'complaints', 'surveys', 'drivers', 'themes', 'scorecards', 'staffing'],
  scorecard: ['targets', 'kpis'],
  'data-quality': [],
};

/** Whether the report shows month-by-month series (sparklines, monthly trends): read `kpis` by month. */
export function wantsMonthly(kind: ReportKind): boolean {
  return kind === 'quarterly' || kind === 'monthly';
}

function sectionsOf(inputs: ReportInputs): Section[] {
  switch (inputs.kind) {
    case 'quarterly':
      return [headlineSection(inputs), serviceLevelSection(inputs), targetsSection(inputs), trendsSection(inputs), controlSection(inputs), complaintsSection(inputs), surveysSection(inputs), themesSection(inputs), segmentsSection(inputs), treeSection(inputs), scorecardsSection(inputs), trainingSection(inputs), staffingSection(inputs), dataQualitySection(inputs)];
    case 'monthly':
      return [headlineSection(inputs), serviceLevelSection(inputs), targetsSection(inputs), trendsSection(inputs), controlSection(inputs), complaintsSection(inputs), surveysSection(inputs), themesSection(inputs), scorecardsSection(inputs), staffingSection(inputs), dataQualitySection(inputs)];
    case 'scorecard':
      return [targetsSection(inputs)];
    case 'data-quality':
      return [dataQualitySection(inputs, { batches: true })];
  }
}

/** A section's first sentence written from its numbers (a chart's or table's reading, else the headline's note). */
function firstReading(section: Section, legend: string): string | null {
  for (const b of section.blocks) {
    if (b.kind === 'chart' && b.reading) return b.reading;
    if (b.kind === 'table' && b.reading && b.reading !== legend) return b.reading;
    if (b.kind === 'note' && section.id === 'headline') return b.text;
  }
  return null;
}

const TITLE = { quarterly: 'quarterlyTitle', monthly: 'monthlyTitle', scorecard: 'scorecardTitle', 'data-quality': 'dataQualityTitle' } as const;

/** The report of `inputs.kind` from its inputs. */
export function buildReport(inputs: ReportInputs): Report {
  const lang = inputs.lang;
  const docs = Object.values(inputs.documents).filter((d) => d !== null);
  const batches = [...new Set([...docs.flatMap((d) => d.dataBatches), ...(inputs.monthly?.dataBatches ?? []), ...(inputs.kind === 'data-quality' ? inputs.dataQuality.batches.map((b) => b.batchId) : [])])].sort((a, b) => a - b);
  const variants: Record<string, string> = {};
  for (const d of docs) for (const [k, v] of Object.entries(d.variants)) variants[`${d.analysis}.${k}`] = v;
  const used = new Set(batches);
  const rows: Record<string, number> = {};
  for (const b of inputs.dataQuality.batches) if (used.has(b.batchId)) rows[b.kind] = (rows[b.kind] ?? 0) + b.rowsLoaded;
  const p = inputs.period;
  const sections = sectionsOf(inputs);
  return {
    kind: inputs.kind,
    lang,
    title: t(lang, TITLE[inputs.kind]),
    subtitle: t(lang, 'periodLine', { period: p.label, from: p.from, to: p.to, tz: p.timeZone }),
    period: p,
    madeAt: inputs.madeAt,
    sections,
    summary: sections.length > 1 ? sections.flatMap((section) => {
      const text = firstReading(section, t(lang, 'mark'));
      return text ? [{ section: section.title, text }] : [];
    }) : [],
    provenance: {
      batches,
      rows,
      dataQualityStatus: dataQualityStatus(inputs.dataQuality),
      variants,
      filters: inputs.filters,
      analyses: Object.keys(inputs.documents).sort(),
    },
  };
}
