/**
 * `servq report` as a library: build a report from analysis documents (`buildReport`), render it to files
 * (`renderReportFiles`). Pipelines and notebooks gather the inputs with `gatherReportInputs`
 * (`src/analyze/report-inputs.ts`) and call these.
 */
export { buildReport, REPORT_ANALYSES, wantsMonthly } from './build-report.js';
export { LANGS, type Lang } from './labels.js';
export { REPORT_KINDS, type Report, type ReportInputs, type ReportKind, type DataQualitySummary } from './report.js';
export { renderReportFiles, manifest, sha256, type ReportAssets, type ReportFile } from './render/report-files.js';
export { chartsOf } from './render/charts.js';
export { renderSvg, compileSpec } from './render/svg.js';
export { renderPng, type ReportFonts } from './render/png.js';
export { renderHtml } from './render/html.js';
export { renderPdf } from './render/pdf.js';
