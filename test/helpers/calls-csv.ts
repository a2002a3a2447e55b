/** A deterministic, valid call-log CSV of `rows` rows (unique call ids), for process-level tests. */
import { writeFileSync } from 'node:fs';

const CHANNELS = ['phone', '电话', '在线客服', 'email', '微信'];

export function writeCallsCsv(path: string, rows: number): void {
  const lines = ['call_id,start_time,channel,status,wait_time,talk_time,agent,team,region,phone'];
  for (let i = 0; i < rows; i++) {
    const day = 1 + (i % 28);
    const second = i % 86_400;
    const time = `${String(Math.floor(second / 3600)).padStart(2, '0')}:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}`;
    lines.push(
      `K${i},2026-01-${String(day).padStart(2, '0')} ${time},${CHANNELS[i % 5]},${i % 9 === 0 ? '放弃' : '接通'},${i % 300},${(i * 7) % 900},A${i % 50},T${i % 6},华东,1380000${String(i % 10_000).padStart(4, '0')}`,
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/**
 * A plain call log as real logs are: timestamps at minute resolution over `days` days from 2026-01-01, so
 * many rows share a timestamp; call ids `${prefix}${i}` keep rows distinct.
 */
export function minuteCallsCsv(rows: number, prefix: string, days = 5): string {
  const lines = ['call_id,start_time,channel,status,wait_time,talk_time,agent,team,region,phone'];
  for (let i = 0; i < rows; i++) {
    const day = 1 + (i % days);
    const minute = Math.floor(i / days) % 1440;
    const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    lines.push(`${prefix}${i},2026-01-0${day} ${time},phone,接通,${i % 300},${(i * 7) % 900},A${i % 50},T${i % 6},华东,138${String(i % 100_000_000).padStart(8, '0')}`);
  }
  return `${lines.join('\n')}\n`;
}
