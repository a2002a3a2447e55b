/**
 * What a report is before it is rendered: sections of blocks (KPI tiles, charts, tables, notes), every text
 * already written in the report's language and every number already formatted. Builders
 * (`quarterly-report.ts`, `scorecard-report.ts`, `data-quality-report.ts`) make one from analysis documents;
 * renderers (`render/`) turn one into HTML, PDF, SVG, PNG and CSV files. Nothing here reads a clock, a file or a
 * database: the same inputs give the same report.
 */
import type { AnalysisDocument } from '../analyze/document.js';
import type { Lang } from './labels.js';

export type ReportKind = 'quarterly' | 'monthly' | 'scorecard' | 'data-quality';
export const REPORT_KINDS: readonly ReportKind[] = ['quarterly', 'monthly', 'scorecard', 'data-quality'];

/** A Vega-Lite specification (validated against the Vega-Lite schema in the tests). */
export type VegaLiteSpec = Readonly<Record<string, unknown>>;

export interface Tile {
  readonly label: string;
  /** The value as printed (e.g. '61.2%'), or a dash when there is none. */
  readonly value: string;
  /** e.g. '≥ 90.0%'. */
  readonly target: string | null;
  /** Against the previous period, e.g. '-5.0 pp'; a significance mark is separate. */
  readonly delta: string | null;
  readonly significant: boolean;
  /** 'met' | 'at_risk' | 'missed' or null when the KPI has no target. */
  readonly status: 'met' | 'at_risk' | 'missed' | null;
  /** The KPI month by month (a small chart), or null. */
  readonly sparkline: VegaLiteSpec | null;
  readonly note: string | null;
}

export interface TilesBlock {
  readonly kind: 'tiles';
  readonly id: string;
  readonly tiles: readonly Tile[];
}

export interface ChartBlock {
  readonly kind: 'chart';
  /** File name stem: `<id>.vl.json`, `<id>.svg`, `<id>.png`. */
  readonly id: string;
  readonly title: string;
  readonly spec: VegaLiteSpec;
  /** Alternative text for readers who cannot see the chart. */
  readonly alt: string;
  /** One sentence written from the numbers. */
  readonly reading: string;
  /** The definitions of the metrics shown (printed under the chart). */
  readonly variants: readonly string[];
}

export interface TableColumn {
  readonly key: string;
  readonly label: string;
  readonly numeric: boolean;
}

export interface TableBlock {
  readonly kind: 'table';
  /** File name stem: `<id>.csv`. */
  readonly id: string;
  readonly title: string;
  readonly columns: readonly TableColumn[];
  /** Cells as printed. */
  readonly rows: readonly Readonly<Record<string, string>>[];
  /** The same cells as values for the CSV (numbers unformatted). */
  readonly values: readonly Readonly<Record<string, string | number | null>>[];
  readonly reading: string | null;
  readonly variants: readonly string[];
}

export interface NoteBlock {
  readonly kind: 'note';
  readonly text: string;
}

export type Block = TilesBlock | ChartBlock | TableBlock | NoteBlock;

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
}

export interface ReportPeriod {
  readonly label: string;
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
}

/** What the manifest records about the data a report used. */
export interface ReportProvenance {
  readonly batches: readonly number[];
  /** Rows loaded per source in the batches used. */
  readonly rows: Readonly<Record<string, number>>;
  readonly dataQualityStatus: 'ok' | 'warnings' | 'failed_files';
  /** Metric → definition, over every analysis used. */
  readonly variants: Readonly<Record<string, string>>;
  readonly filters: Readonly<Record<string, readonly string[]>>;
  readonly analyses: readonly string[];
}

export interface Report {
  readonly kind: ReportKind;
  readonly lang: Lang;
  readonly title: string;
  readonly subtitle: string;
  readonly period: ReportPeriod;
  /** ISO time the report is stamped with: an input, never the clock. */
  readonly madeAt: string;
  readonly sections: readonly Section[];
  /** At a glance: the first reading of each section that has one, for the first page. */
  readonly summary: readonly { readonly section: string; readonly text: string }[];
  readonly provenance: ReportProvenance;
}

/** Per source kind: what ingest read, loaded, rejected and set aside as duplicates; why rows were rejected. */
export interface DataQualitySummary {
  readonly sources: readonly {
    readonly kind: string;
    readonly batches: number;
    readonly rowsRead: number;
    readonly rowsLoaded: number;
    readonly rowsRejected: number;
    readonly rowsDuplicate: number;
  }[];
  readonly topReasons: readonly { readonly kind: string; readonly code: string; readonly rows: number; readonly example: string }[];
  readonly refusedFiles: readonly { readonly batchId: number; readonly kind: string; readonly file: string; readonly error: string }[];
  readonly batches: readonly {
    readonly batchId: number;
    readonly kind: string;
    readonly file: string;
    readonly rowsRead: number;
    readonly rowsLoaded: number;
    readonly rowsRejected: number;
    readonly rowsDuplicate: number;
    readonly encoding: string | null;
  }[];
}

/** Everything a report is built from (gathered from the database by `src/analyze/report-inputs.ts`). */
export interface ReportInputs {
  readonly kind: ReportKind;
  readonly lang: Lang;
  readonly period: ReportPeriod;
  readonly madeAt: string;
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /** Analysis name → its document (null when it failed or had no data; the reason in `errors`). */
  readonly documents: Readonly<Record<string, AnalysisDocument | null>>;
  readonly errors: Readonly<Record<string, string>>;
  /** Analyses whose sources have no data in the period (their message in `errors`): printed as "no data", not as a failure. */
  readonly emptyPeriod?: readonly string[];
  /** Target metric → the KPI it measures, for targets over all channels (to put a target on its KPI's tile). */
  readonly targetKpis?: Readonly<Record<string, string>>;
  /** `kpis` by month over the twelve months ending with the period (sparklines, trend lines). */
  readonly monthly: AnalysisDocument | null;
  readonly dataQuality: DataQualitySummary;
}
