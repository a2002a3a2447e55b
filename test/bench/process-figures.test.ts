/**
 * The benchmark's process figures: GNU time's report and a process's CPU time from /proc, checked against
 * what Node reports for itself (`process.cpuUsage`, from getrusage).
 */
import { describe, expect, it } from 'vitest';
import { parseTimeReport } from '../../bench/measure-process.js';
import { processCpuSeconds } from '../../bench/backend-cpu.js';

describe('parseTimeReport', () => {
  it('reads peak RSS and user + system CPU from the last line, after an exit-status line', () => {
    expect(parseTimeReport('Command exited with non-zero status 1\n0.52 104448 0.40 0.05\n')).toEqual({ peakRssMB: 102, cpuSeconds: 0.45 });
    expect(parseTimeReport('6.04 160768 5.19 0.48\n')).toEqual({ peakRssMB: 157, cpuSeconds: 5.67 });
  });
  it('gives RSS without CPU for the older two-field report, and nothing for a report without figures', () => {
    expect(parseTimeReport('1.00 2048\n')).toEqual({ peakRssMB: 2, cpuSeconds: null });
    expect(parseTimeReport('Command terminated by signal 9\n')).toEqual({ peakRssMB: null, cpuSeconds: null });
  });
});

describe.skipIf(process.platform !== 'linux')('processCpuSeconds', () => {
  it("matches this process's own getrusage figure (to the /proc tick of 10 ms), and is null for a process that does not exist", () => {
    // Burn some CPU so the figure is not just start-up.
    let x = 0;
    for (let i = 0; i < 3e7; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    const before = process.cpuUsage();
    const fromProc = processCpuSeconds(process.pid)!;
    const after = process.cpuUsage();
    const own = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
    expect(fromProc).toBeGreaterThan(0);
    expect(fromProc).toBeGreaterThanOrEqual(own(before) - 0.03);
    expect(fromProc).toBeLessThanOrEqual(own(after) + 0.03);
    expect(processCpuSeconds(2 ** 22 + 12345)).toBeNull();
  });
});
