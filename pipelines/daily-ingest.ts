/** Every night: load what landed in the inbox folders, then bring the daily rollups up to date. */
import { definePipeline } from '../src/pipeline/define.js';
import { ingestInbox, refreshRollups } from '../src/pipeline/steps.js';

export default definePipeline({
  name: 'daily-ingest',
  description: 'load the exports waiting in the inbox folders (then move them to done/ or failed/), refresh the daily rollups',
  schedule: '0 2 * * *',
  steps: [ingestInbox(), refreshRollups()],
});
