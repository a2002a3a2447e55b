/** The first morning of each month: last month's report and data-quality report. */
import { definePipeline } from '../src/pipeline/define.js';
import { refreshRollups, report } from '../src/pipeline/steps.js';

export default definePipeline({
  name: 'monthly-report',
  description: "last month's monthly report and data-quality report, in each configured language",
  schedule: '0 7 1 * *',
  period: 'previous-month',
  steps: [refreshRollups(), report('monthly'), report('data-quality')],
});
