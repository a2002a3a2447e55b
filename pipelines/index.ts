/**
 * The declared pipelines: what runs, when. Each file declares one (name, default schedule, period, ordered
 * steps from src/pipeline/steps.ts); `servq.config.json` can change a schedule, its time zone, or turn one
 * off. To add a pipeline, add a file and list it here.
 */
import type { PipelineDefinition } from '../src/pipeline/define.js';
import dailyIngest from './daily-ingest.js';
import weeklyServiceLevels from './weekly-service-levels.js';
import monthlyReport from './monthly-report.js';
import quarterlyReport from './quarterly-report.js';

export const PIPELINES: readonly PipelineDefinition[] = [dailyIngest, weeklyServiceLevels, monthlyReport, quarterlyReport];
