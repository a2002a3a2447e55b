/**
 * The values of the first rows confirm or overrule what headers say (mapping-evidence.ts): two aliases for one
 * field are settled by which column's values read as it; a required field named only by a phrase must show it.
 */
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../src/ingest/inspect.js';
import { decideLayout, type IngestOptions } from '../../src/ingest/ingest-file.js';
import { probeFile } from '../../src/ingest/probe.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { tempFile } from '../helpers/files.js';

const options = (kind: IngestOptions['kind']): IngestOptions => ({ kind, hasher: new KeyedHasher(Buffer.alloc(32, 9)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1) });

async function layoutOf(kind: IngestOptions['kind'], lines: string[]) {
  const file = tempFile('evidence.csv', `${lines.join('\n')}\n`);
  return decideLayout(await probeFile(file), 'evidence.csv', options(kind));
}

describe('value evidence', () => {
  it('keeps the alias whose values read as the field when two aliases name it ("Solved at" times, "Resolution time" minutes)', async () => {
    const layout = await layoutOf('complaints', ['ticket_id,created_at,Solved at,Resolution time', 'A,2026-03-01 09:00,2026-03-01 10:00,60', 'B,2026-03-01 11:00,2026-03-02 11:00,1440']);
    expect(layout.mapping.columns.get('resolved_at')).toBe(2);
    expect(layout.mapping.unmapped).toContain('Resolution time');
    expect(layout.mapping.notes.join(' ')).toContain("the values of 'Solved at' read as resolved_at, those of 'Resolution time' do not");
  });

  it('still refuses two aliases of one field when the values do not settle it', async () => {
    await expect(layoutOf('complaints', ['ticket_id,created_at,Solved at,resolution_time', 'A,2026-03-01 09:00,2026-03-01 10:00,2026-03-01 10:05', 'B,2026-03-01 11:00,2026-03-02 11:00,2026-03-02 11:01'])).rejects.toThrow(
      /columns 3 \('Solved at'\) and 4 \('resolution_time'\) both map to 'resolved_at'/,
    );
  });

  it('does not take a person ("Submitter") for the answer time, and stops with the reason when no other column says it', async () => {
    await expect(layoutOf('surveys', ['Response ID,Submitter,Rating', 'R1,Mei Lin,5', 'R2,Li Na,4'])).rejects.toThrow(/no column for 'answered_at'/);
  });

  it('drops a required field read only by phrase whose values disown it, naming the values', async () => {
    await expect(layoutOf('calls', ['Call Start,Channel', 'north,phone', 'south,phone'])).rejects.toThrow(
      /no column for 'started_at': column 'Call Start' not mapped to 'started_at': 2 of 2 sampled values \('north', 'south'\) cannot be read as started_at/,
    );
    const report = await inspectFile(tempFile('calls.csv', 'Call Start,Channel\nnorth,phone\nsouth,phone\n'), options('calls'));
    expect(report.verdict).toMatchObject({ action: 'refuse' });
    expect(report.verdict.reasons.join(' ')).toContain('started_at');
  });
});
