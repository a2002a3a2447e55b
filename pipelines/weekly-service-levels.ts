/** Monday morning: last week's service levels and KPIs as JSON and CSV files for dashboards and e-mail. */
import { definePipeline } from '../src/pipeline/define.js';
import { analysis, refreshRollups } from '../src/pipeline/steps.js';

export default definePipeline({
  name: 'weekly-service-levels',
  description: "last ISO week's service level by channel and priority, and the KPIs, as JSON + CSV under outputs/",
  schedule: '0 6 * * 1',
  period: 'previous-week',
  steps: [refreshRollups(), analysis('sla', { by: ['channel', 'priority'] }), analysis('kpis')],
});
