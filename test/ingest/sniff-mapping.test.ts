import { describe, expect, it } from 'vitest';
import { mapColumns, MappingError } from '../../src/ingest/mapping.js';
import { sniffCsv, sniffFormat } from '../../src/ingest/sniff.js';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('sniffCsv', () => {
  it.each([
    [',', 44],
    ['\t', 9],
    [';', 59],
    ['|', 124],
  ])('finds the %j delimiter from the header names', (d, byte) => {
    const layout = sniffCsv(b(['来电时间', '渠道', '坐席工号', '通话时长'].join(d) + '\n2026-01-05 09:00:00' + d + '电话' + d + 'A1' + d + '90\n'), 'calls');
    expect(layout.delimiter).toBe(byte);
    expect(layout.headerLine).toBe(1);
    expect(layout.score).toBe(4);
  });

  it('finds a header below a title line', () => {
    const layout = sniffCsv(b('呼叫记录导出 2026年1月\n\nstart_time,channel,agent\n2026-01-05 09:00,phone,A1\n'), 'calls');
    expect(layout.headerLine).toBe(3);
    expect(layout.headers).toEqual(['start_time', 'channel', 'agent']);
  });

  it('tells JSON, NDJSON and CSV apart', () => {
    expect(sniffFormat(b(' [{"a":1}]'), 'x.json')).toBe('json');
    expect(sniffFormat(b('{"a":1}\n{"a":2}\n'), 'x.ndjson')).toBe('ndjson');
    expect(sniffFormat(b('a,b\n'), 'x.csv')).toBe('csv');
  });
});

describe('mapColumns', () => {
  it('maps English and Chinese aliases, case and unit suffixes aside', () => {
    const m = mapColumns('calls', ['Start Time', '渠道', '坐席工号', '等待时长(秒)', 'Remark']);
    expect(Object.fromEntries(m.columns)).toEqual({ started_at: 0, channel: 1, agent_code: 2, wait_seconds: 3 });
    expect(m.unmapped).toEqual(['Remark']);
  });

  it('names the missing required field, what was found, and the fix', () => {
    expect(() => mapColumns('calls', ['日期x', '渠道'])).toThrow(MappingError);
    expect(() => mapColumns('calls', ['日期x', '渠道'])).toThrow(/no column for 'started_at'.*found: 日期x, 渠道.*--map FILE/);
  });

  it('refuses a duplicated header and two columns feeding one field', () => {
    expect(() => mapColumns('calls', ['渠道', 'start_time', '渠道'])).toThrow(/appears twice \(columns 1 and 3\)/);
    expect(() => mapColumns('calls', ['start_time', '来电时间', 'channel'])).toThrow(/both map to 'started_at'/);
  });

  it('uses a profile for unknown headers and checks its field names', () => {
    const m = mapColumns('calls', ['呼入日期', 'Medium'], { columns: { 呼入日期: 'started_at', Medium: 'channel' } });
    expect(m.used.map((u) => u.via)).toEqual(['profile', 'profile']);
    expect(() => mapColumns('calls', ['x'], { columns: { x: 'nonsense' } })).toThrow(/not a calls field/);
  });

  it('reads a date column and a time column as one timestamp, by name or by profile', () => {
    const byName = mapColumns('calls', ['日期', '时间', '渠道']);
    expect(Object.fromEntries(byName.columns)).toEqual({ started_at: 0, channel: 2 });
    expect(Object.fromEntries(byName.timeColumns)).toEqual({ started_at: 1 });
    const reversed = mapColumns('calls', ['time', 'date', 'channel']);
    expect(Object.fromEntries(reversed.columns)).toEqual({ started_at: 1, channel: 2 });
    expect(Object.fromEntries(reversed.timeColumns)).toEqual({ started_at: 0 });
    const byProfile = mapColumns('calls', ['呼入日', '呼入点', '渠道'], { columns: { 呼入日: 'started_at', 呼入点: 'started_at' } });
    expect(Object.fromEntries(byProfile.timeColumns)).toEqual({ started_at: 1 });
    // Two full timestamps for one field are still a conflict to resolve.
    expect(() => mapColumns('calls', ['start_time', '来电时间', 'channel'])).toThrow(/both map to 'started_at'/);
  });

  it('lets a profile take a field from the aliases that would compete for it', () => {
    const m = mapColumns('calls', ['日期', '时间', '渠道'], { columns: { 时间: 'started_at' } });
    expect(Object.fromEntries(m.columns)).toEqual({ started_at: 1, channel: 2 });
    expect(m.unmapped).toEqual(['日期']);
  });

  it('requires at least one rating column in a survey', () => {
    expect(() => mapColumns('surveys', ['评价时间', '渠道'])).toThrow(/no rating column/);
  });
});
