/**
 * The headline a quality manager reads first: the latest full quarter's KPIs against the previous quarter and
 * the improvement targets. `npm start` (servq demo) ends with it.
 */
import { sourceSpans } from '../db/metrics/data-span.js';
import type { Database } from '../db/session.js';
import { ANALYSES, latestFullQuarter, REQUEST_DEFAULTS, runAnalysis, type AnalyzeRequest } from '../analyze/index.js';
import { formatValue } from './analyze-command.js';
import { table } from './context.js';

/** Prints the latest full quarter's headline KPIs and targets; returns the quarter's label (null: no data). */
export async function printHeadline(db: Database, timeZone: string, now: Date): Promise<string | null> {
  const last = (await sourceSpans(db, timeZone)).map((s) => s.lastDay).filter((d): d is string => d !== null).sort().at(-1);
  if (!last) return null;
  const period = latestFullQuarter(last);
  const request: AnalyzeRequest = { ...REQUEST_DEFAULTS, period, by: [], filters: {}, timeZone, generatedAt: now };
  const kpis = await runAnalysis(db, ANALYSES['kpis']!, request);
  const targets = await runAnalysis(db, ANALYSES['targets']!, request);
  const change = (c: unknown, unit: unknown) => {
    const x = c as { change: number | null; qValue: number | null; status: string } | undefined;
    if (!x || x.status !== 'ok' || x.change === null) return '–';
    const mark = x.qValue !== null && x.qValue < 0.05 ? ' *' : '';
    return unit === 'share' ? `${x.change >= 0 ? '+' : ''}${(x.change * 100).toFixed(1)} pp${mark}` : `${x.change >= 0 ? '+' : ''}${formatValue(x.change, unit)}${mark}`;
  };
  const previous = (kpis.rows.find((r) => r['previous']) as { previous?: { period: string } } | undefined)?.previous?.period ?? 'previous';
  console.log(`\nHeadline KPIs, ${period.label} (the latest full quarter; * = significant change, BH-adjusted):`);
  console.log(
    table(
      ['KPI', 'value', '95% interval', `vs ${previous}`, 'n'],
      // ASA and AHT across channels mix seconds (phone) with hours (e-mail): they are shown per channel below.
      kpis.rows.filter((r) => r['metric'] !== 'asa_seconds' && r['metric'] !== 'aht_seconds').map((r) => [
        String(r['metric']),
        r['status'] === 'ok' ? formatValue(r['value'], r['unit']) : `(${r['status']})`,
        typeof r['lower'] === 'number' && typeof r['upper'] === 'number' ? `${formatValue(r['lower'], r['unit'])} – ${formatValue(r['upper'], r['unit'])}` : '',
        change(r['previous'], r['unit']),
        typeof r['n'] === 'number' ? Math.round(r['n']).toLocaleString('en-US') : '',
      ]),
    ),
  );
  // The standards leadership checks per channel (phone 60 s, chat 30 s, e-mail 2 h …), from the policies.
  const sla = await runAnalysis(db, ANALYSES['sla']!, { ...request, by: ['channel'] });
  const perChannel = sla.rows.filter((r) => r['metric'] === 'service_level' && r['status'] === 'ok');
  const asa = (channel: unknown) => sla.rows.find((r) => r['metric'] === 'asa_seconds' && r['channel'] === channel && r['status'] === 'ok')?.['value'];
  if (perChannel.length > 0) {
    console.log(
      `\nService level by channel (answered within the standard; abandons count as misses; ASA = mean wait of answered):\n  ${perChannel
        .map((r) => `${String(r['channel'])} ${formatValue(r['value'], 'share')} within ${formatValue(r['threshold_seconds'], 'seconds')} (ASA ${formatValue(asa(r['channel']), 'seconds')})`)
        .join(' · ')}`,
    );
  }
  if (targets.rows.length > 0) {
    console.log(`\nImprovement targets, ${period.label}:`);
    console.log(
      table(
        ['target', 'actual', 'target', 'status', 'trend / month', 'projected'],
        targets.rows.map((r) => [
          String(r['description'] ?? r['target']),
          r['status'] === 'ok' ? formatValue(r['value'], r['unit']) : `(${r['status']})`,
          `${String(r['comparator'])} ${formatValue(r['target_value'], r['unit'])}`,
          String(r['target_status'] ?? '–').replace('_', ' '),
          typeof r['trend_per_month'] === 'number' ? (r['unit'] === 'share' ? `${((r['trend_per_month'] as number) * 100).toFixed(2)} pp` : formatValue(r['trend_per_month'], r['unit'])) : '–',
          typeof r['projected_date'] === 'string' ? r['projected_date'] : '–',
        ]),
      ),
    );
  }
  return period.label;
}
