/**
 * Mapping profiles are checked whole: a misspelled key, vocabulary section, rated item, field or column is
 * an error naming the nearest valid names, never silently ignored.
 */
import { describe, expect, it } from 'vitest';
import { readProfile } from '../../src/ingest/profile.js';
import { mapColumns } from '../../src/ingest/mapping.js';
import { editDistance, nearestNames } from '../../src/ingest/nearest-name.js';
import { tempFile } from '../helpers/files.js';

const profile = (json: unknown) => tempFile('profile.json', JSON.stringify(json));

describe('readProfile', () => {
  it('accepts a valid profile', () => {
    expect(readProfile(profile({ columns: { 呼入日期: 'started_at' }, vocabulary: { channel: { 热线: 'phone' }, root_cause: { 流程: 'process' } }, scales: { overall: 'scale10' } }))).toMatchObject({
      columns: { 呼入日期: 'started_at' },
    });
  });

  it('names the nearest valid key for a misspelled top-level key', () => {
    expect(() => readProfile(profile({ column: { a: 'started_at' } }))).toThrow(/unknown key 'column' \(did you mean 'columns'\?\)/);
  });

  it('rejects an unknown vocabulary section and an unknown rated item, with the nearest names', () => {
    expect(() => readProfile(profile({ vocabulary: { chanel: { 热线: 'phone' } } }))).toThrow(/vocabulary: unknown section 'chanel' \(did you mean 'channel'\?\)/);
    expect(() => readProfile(profile({ scales: { overal: 'scale10' } }))).toThrow(/scales: unknown rated item 'overal' \(did you mean 'overall'\?\)/);
  });
});

describe('mapColumns with a profile', () => {
  it('rejects a profile column that matches no header, naming the nearest header', () => {
    expect(() => mapColumns('calls', ['Call Start', 'Medium'], { columns: { 'Call Strat': 'started_at' } })).toThrow(
      /names column 'Call Strat' \(did you mean 'Call Start'\?\) for 'started_at', but the file has no such column/,
    );
  });

  it('rejects a misspelled field with the nearest field name', () => {
    expect(() => mapColumns('calls', ['x', 'start_time'], { columns: { x: 'wait_second' } })).toThrow(/not a calls field \(did you mean 'wait_seconds'/);
  });
});

describe('nearestNames', () => {
  it('computes edit distances and picks the closest names', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(nearestNames('chanel', ['channel', 'category', 'status'])).toEqual(['channel']);
    expect(nearestNames('zzzzzz', ['channel', 'status'])).toHaveLength(1);
  });
});
