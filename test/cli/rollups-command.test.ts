/**
 * The daily rollups through the CLI, as a user meets them: a load notes its days, the first `servq analyze`
 * builds the rollups (saying so on stderr) and gives the same document as the rows (SERVQ_ROLLUPS=off), and
 * `servq rollups` shows the zone, the rows and what a later change leaves pending until `--refresh`.
 */
import { describe, expect, it } from 'vitest';
import { tempFile } from '../helpers/files.js';
import { runServq } from '../helpers/servq-process.js';
import { processTargets } from '../helpers/process-targets.js';

const CALLS = [
  'call_id,start_time,channel,status,wait_time,talk_time,agent,team,caller',
  ...Array.from({ length: 60 }, (_, i) => `C${i},2026-05-${String(1 + (i % 28)).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')},${i % 4 === 0 ? 'chat' : 'phone'},${i % 10 === 0 ? 'abandoned' : 'answered'},${(i * 7) % 120},${100 + i},A${i % 3},T${i % 2},1380000${i % 9}`),
  '',
].join('\n');

/** The document without the time it was made. */
function rowsOf(stdout: string): unknown {
  const doc = JSON.parse(stdout) as Record<string, unknown>;
  delete doc['generatedAt'];
  return doc;
}

describe.each(processTargets('rollups-command'))('servq rollups on $name', (target) => {
  it('builds the rollups at the first analysis, gives the rows\' numbers, and shows what is pending', async () => {
    const env = { ...(await target.fresh()), SERVQ_TIME_ZONE: 'UTC' };
    expect((await runServq(['ingest', 'calls', tempFile('calls.csv', CALLS), '--no-progress'], env)).code).toBe(0);
    const before = JSON.parse((await runServq(['rollups', '--json'], env)).stdout) as { zones: { zone: string; builtAt: string | null }[]; pending: unknown[] };
    expect(before.zones).toEqual([{ zone: 'UTC', builtAt: null }]);
    expect(before.pending.length).toBeGreaterThan(0);

    const args = ['analyze', 'kpis', '--period', '2026-05', '--format', 'json', '--min-n', '5', '--by', 'team'];
    const rows = await runServq(args, { ...env, SERVQ_ROLLUPS: 'off' });
    expect(rows.code, rows.stderr).toBe(0);
    expect(rows.stderr).not.toMatch(/daily rollups/);
    const first = await runServq(args, env);
    expect(first.code, first.stderr).toBe(0);
    expect(rowsOf(first.stdout)).toEqual(rowsOf(rows.stdout));

    const built = JSON.parse((await runServq(['rollups', '--json'], env)).stdout) as { zones: { builtAt: string | null }[]; pending: unknown[]; rows: Record<string, number> };
    expect(built.zones[0]!.builtAt).not.toBeNull();
    expect(built.pending).toEqual([]);
    expect(built.rows['contact_day_rollup']).toBeGreaterThan(0);
    expect(built.rows['contact_agent_day_rollup']).toBeGreaterThanOrEqual(built.rows['contact_day_rollup']!);

    // Removing the batch leaves its days pending (the rows are read meanwhile); --refresh settles them.
    expect((await runServq(['batches', 'remove', '1', '--reason', 'test'], env)).code).toBe(0);
    const table = await runServq(['rollups'], env);
    expect(table.stdout).toMatch(/^UTC\s/m);
    expect(table.stdout).toMatch(/^Pending \(the analyses read the rows/m);
    expect(table.stdout).toMatch(/^contacts\s+2026-0[45]/m);
    const refreshed = await runServq(['rollups', '--refresh', '--json'], env);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    const after = JSON.parse(refreshed.stdout) as { refreshed: unknown; pending: unknown[]; rows: Record<string, number> };
    expect(after.pending).toEqual([]);
    expect(after.rows['contact_day_rollup']).toBe(0);
  }, 120_000);
});
