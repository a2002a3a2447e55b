/** The first morning of each quarter: last quarter's report and the leadership scorecard. */
import { definePipeline } from '../src/pipeline/define.js';
import { refreshRollups, report } from '../src/pipeline/steps.js';

export default definePipeline({
  name: 'quarterly-report',
  description: "last quarter's quarterly report and scorecard, in each configured language",
  schedule: '30 7 1 1,4,7,10 *',
  period: 'previous-quarter',
  steps: [refreshRollups(), report('quarterly'), report('scorecard')],
});
