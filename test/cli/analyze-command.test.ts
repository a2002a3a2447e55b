/**
 * `servq analyze` as a person and a script meet it, through the built CLI (`npm run build` first): the list,
 * the JSON document's documented fields, CSV with formula-looking text neutralised, the table, an unknown
 * analysis or dimension (exit 2, naming the valid ones), an empty period (exit 1, naming the loaded span),
 * and `servq targets` feeding `analyze targets`.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { tempFile } from '../helpers/files.js';
import { runServq } from '../helpers/servq-process.js';
import { processTargets } from '../helpers/process-targets.js';

const CALLS = [
  'call_id,start_time,channel,status,wait_time,talk_time,agent,team',
  ...Array.from({ length: 40 }, (_, i) => `C${i},2026-05-${String(1 + (i % 28)).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')},${i % 4 === 0 ? 'chat' : 'phone'},${i % 10 === 0 ? 'abandoned' : 'answered'},${(i * 7) % 120},${100 + i},A${i % 3},=HYPERLINK("x")`),
  '',
].join('\n');

describe.each(processTargets('analyze-command'))('servq analyze on $name', (target) => {
  it('lists, prints JSON, CSV and a table, and refuses what it cannot do with the reason', async () => {
    const env = await target.fresh();
    const list = await runServq(['analyze', '--list'], env);
    expect(list.code).toBe(0);
    for (const name of ['kpis', 'sla', 'surveys', 'complaints', 'targets', 'scorecards', 'training']) expect(list.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));

    const none = await runServq(['analyze', 'sla'], env);
    expect(none).toMatchObject({ code: 1 });
    expect(none.stderr).toMatch(/no data loaded yet: load exports with servq ingest/);

    expect((await runServq(['ingest', 'calls', tempFile('calls.csv', CALLS), '--time-zone', 'UTC', '--no-progress'], env)).code).toBe(0);
    const json = await runServq(['analyze', 'sla', '--period', '2026-05', '--time-zone', 'UTC', '--format', 'json', '--min-n', '5'], env);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as Record<string, unknown> & { rows: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['analysis', 'period', 'filters', 'by', 'variants', 'generatedAt', 'dataBatches', 'notes', 'rows']);
    expect(doc).toMatchObject({ analysis: 'sla', period: { label: '2026-05', from: '2026-05-01', to: '2026-05-31', timeZone: 'UTC' }, by: ['channel'], dataBatches: [1] });
    const sl = doc.rows.find((r) => r['metric'] === 'service_level' && r['channel'] === 'phone')!;
    expect(Object.keys(sl).slice(0, 8)).toEqual(['channel', 'metric', 'value', 'n', 'lower', 'upper', 'status', 'unit']);
    expect(sl).toMatchObject({ status: 'ok', unit: 'share', n: 30 });
    expect(sl['previous']).toMatchObject({ period: '2026-04', status: 'insufficient' });

    const csv = await runServq(['analyze', 'sla', '--period', '2026-05', '--time-zone', 'UTC', '--format', 'csv', '--by', 'team'], env);
    expect(csv.code, csv.stderr).toBe(0);
    const records = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(records[0]!['team']).toBe(`'=HYPERLINK("x")`); // a spreadsheet shows it, never runs it
    expect(Object.keys(records[0]!).slice(0, 8)).toEqual(['team', 'metric', 'value', 'n', 'lower', 'upper', 'status', 'unit']);

    const table = await runServq(['analyze', 'sla', '--period', '2026-05', '--time-zone', 'UTC', '--filter', 'channel=phone'], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^sla — 2026-05 \(2026-05-01 to 2026-05-31, UTC\), filters channel=phone/);
    expect(table.stdout).toMatch(/^phone\s+service_level\s+\d+\.\d%/m);
    expect(table.stdout).toMatch(/abandon rule 'missed'/);

    const dim = await runServq(['analyze', 'sla', '--period', '2026-05', '--by', 'colour'], env);
    expect(dim.code).toBe(2);
    expect(dim.stderr).toMatch(/^servq: sla: unknown dimension 'colour'; valid: channel, team, region, agent, queue, priority, day, week, month, quarter, year$/m);
    const unknown = await runServq(['analyze', 'slaa'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown analysis 'slaa'; choose one of: kpis, sla/);
    const badZone = await runServq(['analyze', 'sla', '--time-zone', 'Mars/Base'], env);
    expect(badZone).toMatchObject({ code: 2 });
    expect(badZone.stderr).toMatch(/--time-zone: 'Mars\/Base' is not a time-zone name/);
    const badPeriod = await runServq(['analyze', 'sla', '--period', '2026-13'], env);
    expect(badPeriod).toMatchObject({ code: 2 });
    expect(badPeriod.stderr).toMatch(/--period: no month 13/);
    const empty = await runServq(['analyze', 'sla', '--period', '2025-Q1', '--time-zone', 'UTC'], env);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^servq: sla: no contacts between 2025-01-01 and 2025-03-31 \(UTC\); loaded data spans 2026-05-01 to 2026-05-28$/m);

    const set = await runServq(['targets', 'set', 'phone_sl', '70%', '--metric', 'service_level_phone', '--from', '2026-01-01'], env);
    expect(set.code, set.stderr).toBe(0);
    const targets = await runServq(['analyze', 'targets', '--period', '2026-05', '--time-zone', 'UTC', '--format', 'json', '--min-n', '5'], env);
    expect(targets.code, targets.stderr).toBe(0);
    const phone = (JSON.parse(targets.stdout) as { rows: Record<string, unknown>[] }).rows.find((r) => r['target'] === 'phone_sl');
    expect(phone).toMatchObject({ metric: 'service_level_phone', target_value: 0.7, comparator: '>=', status: 'ok' });
    expect(['met', 'at_risk', 'missed']).toContain(phone!['target_status']);
  }, 120_000);
});
