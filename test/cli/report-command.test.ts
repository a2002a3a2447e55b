/**
 * `servq report` through the built CLI (`npm run build` first), on a small export — most analyses have too little
 * data, which the report must say rather than fail on: the folder and its files, the same bytes from a second
 * run with the same --made-at, an unknown report or bad time (exit 2), a period without data (exit 1, naming
 * the loaded span).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tempFile } from '../helpers/files.js';
import { processTargets } from '../helpers/process-targets.js';
import { runServq } from '../helpers/servq-process.js';
import { parseMadeAt } from '../../src/cli/report-command.js';

const CALLS = [
  'call_id,start_time,channel,status,wait_time,talk_time,agent,team',
  ...Array.from({ length: 60 }, (_, i) => `C${i},2026-05-${String(1 + (i % 28)).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')},${i % 4 === 0 ? 'chat' : 'phone'},${i % 10 === 0 ? 'abandoned' : 'answered'},${(i * 7) % 120},${100 + i},A${i % 3},<script>alert(1)</script>`),
  '',
].join('\n');

describe('--made-at', () => {
  it('takes an ISO time with its offset on a real day, nothing the machine would read in its own zone', () => {
    expect(parseMadeAt('2026-04-01T08:00:00Z').toISOString()).toBe('2026-04-01T08:00:00.000Z');
    expect(parseMadeAt('2026-04-01T16:00:00+08:00').toISOString()).toBe('2026-04-01T08:00:00.000Z');
    for (const bad of ['2026-04-01T08:00:00', '2026-04-01', '2026-02-30T08:00:00Z', 'yesterday']) expect(() => parseMadeAt(bad), bad).toThrow(/--made-at: expected an ISO time with its offset/);
  });
});

describe.each(processTargets('report-command'))('servq report on $name', (target) => {
  it('writes the report folder from little data, the same bytes twice, and refuses what it cannot do', async () => {
    const env = await target.fresh();
    expect((await runServq(['ingest', 'calls', tempFile('calls.csv', CALLS), '--time-zone', 'UTC', '--no-progress'], env)).code).toBe(0);
    const out = tempDir();
    const args = ['report', 'quarterly', '--period', '2026-Q2', '--time-zone', 'UTC', '--made-at', '2026-07-01T06:00:00Z', '--out', out, '--json'];
    const first = await runServq(args, env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ report: 'quarterly', folder: join(out, 'quarterly-2026-Q2'), period: '2026-Q2' });
    const folder = join(out, 'quarterly-2026-Q2');
    const manifest = readFileSync(join(folder, 'manifest.json'), 'utf8');
    const parsed = JSON.parse(manifest) as { period: unknown; language: string; batches: number[]; files: { name: string }[]; rowsLoaded: Record<string, number> };
    expect(parsed).toMatchObject({ period: { label: '2026-Q2', from: '2026-04-01', to: '2026-06-30', timeZone: 'UTC' }, language: 'en', batches: [1], rowsLoaded: { calls: 60 } });
    expect(parsed.files.map((f) => f.name)).toContain('report.pdf');
    expect(readdirSync(folder).sort()).toEqual(['charts', 'manifest.json', 'report.html', 'report.pdf', 'tables']);
    // Survey and complaint parts say why they are empty; the team name from the file is text, not a script.
    const html = readFileSync(join(folder, 'report.html'), 'utf8');
    expect(html).toMatch(/No data for this part in the period: no survey responses between 2026-04-01 and 2026-06-30/);
    expect(html).not.toContain('<script>alert(1)');
    const again = await runServq(args, env);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(folder, 'manifest.json'), 'utf8')).toBe(manifest);
    expect(readdirSync(out)).toEqual(['quarterly-2026-Q2']); // no staging or old folder left behind

    const quality = await runServq(['report', 'data-quality', '--period', '2026-Q2', '--time-zone', 'UTC', '--out', out], env);
    expect(quality.code, quality.stderr).toBe(0);
    const batches = readFileSync(join(out, 'data-quality-2026-Q2', 'tables', 'data-quality-batches.csv'), 'utf8');
    expect(batches).toBe('batch,source,file,encoding,rows_read,rows_loaded,rows_rejected,rows_duplicate\n1,calls,calls.csv,utf-8,60,60,0,0\n');

    const unknown = await runServq(['report', 'yearly'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown report 'yearly'; choose one of: quarterly, monthly, scorecard, data-quality");
    const badTime = await runServq(['report', 'scorecard', '--made-at', 'yesterday'], env);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--made-at: expected an ISO time with its offset');
    const typo = await runServq(['report', 'scorecard', '--period', '2026-Q2', '--time-zone', 'UTC', '--filter', 'chanel=phone', '--out', out], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--filter: unknown dimension 'chanel'; valid: .*channel/);
    const month = await runServq(['report', 'quarterly', '--period', '2026-05'], env);
    expect(month.code).toBe(2);
    expect(month.stderr).toContain('--period 2026-05: the quarterly report is for a quarter (e.g. 2026-Q1); for a month use servq report monthly');
    const empty = await runServq(['report', 'quarterly', '--period', '2025-Q1', '--time-zone', 'UTC', '--out', out], env);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(
      'report quarterly: no contacts, survey responses or complaints between 2025-01-01 and 2025-03-31 (UTC); loaded: contacts 2026-05-01 to 2026-05-28, survey responses none, complaints none',
    );
    // After the data too, though staffing plans a later quarter from the history (it wrote a report of notes).
    const later = await runServq(['report', 'quarterly', '--period', '2026-Q4', '--time-zone', 'UTC', '--out', out], env);
    expect(later.code).toBe(1);
    expect(later.stderr).toContain(
      'report quarterly: no contacts, survey responses or complaints between 2026-10-01 and 2026-12-31 (UTC); loaded: contacts 2026-05-01 to 2026-05-28, survey responses none, complaints none',
    );
    expect(readdirSync(out)).not.toContain('quarterly-2026-Q4');
  });
});
