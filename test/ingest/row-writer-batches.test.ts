/**
 * The row writer's batched and memoised paths give exactly what one row at a time through the full parsers
 * gives: timestamps read from a column's templates (same date, another clock), phone keys completed a batch
 * of rows at a time (cache, then SIMD HMAC), row keys and duplicate candidates after them, across output
 * chunks and with rejected rows in between. Checked by decoding the binary COPY rows the writer produced.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvScanner } from '../../src/ingest/csv-scanner.js';
import { mapColumns } from '../../src/ingest/mapping.js';
import { buildRowPlan } from '../../src/ingest/row-plan.js';
import { RowWriter } from '../../src/ingest/row-writer.js';
import { H, writeRowKeyBytes } from '../../src/ingest/row-key.js';
import { parseTimestamp, partsToEpochMs } from '../../src/ingest/standardize/timestamp.js';
import { VocabularyTables } from '../../src/ingest/vocabulary-lookup.js';
import { ZoneOffsets } from '../../src/ingest/zone-offsets.js';
import { HASH_BATCH, KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { expectedRowsOf } from '../../src/ingest/ingest-file.js';
import { BloomFilter } from '../../src/ingest/bloom-filter.js';
import type { MappingProfile } from '../../src/ingest/profile.js';

const KEY = Buffer.alloc(32, 9);
const ZONE = 'Asia/Shanghai';
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

interface Loaded {
  /** Decoded rows by line: column → value (timestamps as epoch ms, uuids as hex, text as text). */
  readonly rows: Map<number, Record<string, unknown>>;
  readonly candidates: string[] | null;
  /** The raw bytes of each row's canonical part (for recomputing row keys). */
  readonly canonical: Map<number, Buffer>;
}

/** Runs `csv` (with header) through a calls RowWriter and decodes every binary COPY row it wrote. */
function load(csv: string, zone = ZONE, kind: 'calls' | 'complaints' = 'calls', profile?: MappingProfile): Loaded {
  const headers = csv.slice(0, csv.indexOf('\n')).split(',');
  const plan = buildRowPlan(kind, mapColumns(kind, headers, profile, true, undefined), headers, profile);
  const writer = new RowWriter({
    batchId: 7,
    plan,
    headerLine: 1,
    dayOrder: 'DMY',
    dayOrderFixed: true,
    zone: new ZoneOffsets(zone),
    minEpochMs: Date.UTC(2000, 0, 1),
    maxEpochMs: Date.UTC(2030, 0, 1),
    hasher: new KeyedHasher(KEY),
    vocabulary: new VocabularyTables(undefined),
    rejectReplacementChars: false,
    expectedRows: 1000,
  });
  new CsvScanner(44, writer).scan(Buffer.from(csv), true);
  writer.finish();
  const columns = /\(([^)]*)\)/.exec(plan.copySql)![1]!.split(', ');
  const types = columnTypes(columns);
  const rows = new Map<number, Record<string, unknown>>();
  const canonical = new Map<number, Buffer>();
  for (const chunk of writer.out.take()) {
    let p = 0;
    while (p < chunk.length) {
      const count = chunk.readInt16BE(p);
      p += 2;
      const row: Record<string, unknown> = {};
      let canonicalStart = -1;
      let canonicalEnd = -1;
      for (let i = 0; i < count; i++) {
        const name = columns[i]!;
        if (i === 2) canonicalStart = p;
        const length = chunk.readInt32BE(p);
        p += 4;
        if (length >= 0) row[name] = decode(chunk, p, length, types[i]!);
        else row[name] = null;
        p += Math.max(0, length);
        if (name === 'customer_key') canonicalEnd = p;
      }
      const line = row['line_no'] as number;
      rows.set(line, row);
      canonical.set(line, Buffer.from(chunk.subarray(canonicalStart, canonicalEnd)));
    }
  }
  return { rows, candidates: writer.duplicateCandidates, canonical };
}

function columnTypes(columns: readonly string[]): string[] {
  return columns.map((c) =>
    c === 'batch_id' || c === 'line_no'
      ? 'int8'
      : c.endsWith('_at') || c === 'followup_at'
        ? 'timestamp'
        : c.endsWith('_seconds')
          ? 'float8'
          : c === 'transferred' || c === 'resolved_first_contact'
            ? 'bool'
            : c === 'customer_key' || c === 'row_key'
              ? 'uuid'
              : 'text',
  );
}

function decode(buf: Buffer, p: number, length: number, type: string): unknown {
  switch (type) {
    case 'int8':
      return Number(buf.readBigInt64BE(p));
    case 'timestamp':
      return Number(buf.readBigInt64BE(p)) / 1000 + PG_EPOCH_MS;
    case 'float8':
      return buf.readDoubleBE(p);
    case 'bool':
      return buf[p] === 1;
    case 'uuid':
      return buf.toString('hex', p, p + length);
    default:
      return buf.toString('utf8', p, p + length);
  }
}

/** What the full parser makes of a start time: epoch ms, or null when the row must be rejected. */
function expectedEpoch(text: string, zone: ZoneOffsets): number | null {
  const parts = parseTimestamp(text, 'DMY');
  if (parts === null) return null;
  return parts.hasOffset ? partsToEpochMs(parts, 0) : zone.toUtc(partsToEpochMs(parts, 0));
}

function phoneKey(digits: string): string {
  return createHmac('sha256', KEY).update(`phone:${digits}`).digest('hex').slice(0, 32);
}

const two = (n: number) => String(n).padStart(2, '0');

describe('timestamps read through a column template', () => {
  const shapes = [
    (date: readonly [number, number, number], clock: string) => `${date[0]}-${two(date[1])}-${two(date[2])} ${clock}`,
    (date: readonly [number, number, number], clock: string) => `${date[0]}/${two(date[1])}/${two(date[2])} ${clock}`,
    (date: readonly [number, number, number], clock: string) => `${date[0]}-${two(date[1])}-${two(date[2])}T${clock}+08:00`,
    (date: readonly [number, number, number], clock: string) => `${date[0]}-${two(date[1])}-${two(date[2])}T${clock}-03:30`,
    (date: readonly [number, number, number], clock: string) => `${date[0]}-${two(date[1])}-${two(date[2])}T${clock}Z`,
    (date: readonly [number, number, number], clock: string) => `${two(date[2])}/${two(date[1])}/${date[0]} ${clock}`,
    (date: readonly [number, number, number], clock: string) => `${two(date[2])}.${two(date[1])}.${date[0]} ${clock}`,
    // Not template shapes: AM/PM after the clock changes what its hour means; fractions; short clocks.
    (date: readonly [number, number, number], clock: string) => `${date[0]}-${two(date[1])}-${two(date[2])} ${clock} AM`,
    (date: readonly [number, number, number], clock: string) => `${date[0]}-${two(date[1])}-${two(date[2])} ${clock} PM`,
    (date: readonly [number, number, number], clock: string) => `${date[0]}-${two(date[1])}-${two(date[2])} ${clock}.000`,
    (date: readonly [number, number, number], clock: string) => `${date[0]}-${two(date[1])}-${two(date[2])} ${clock.slice(0, 5)}`,
  ];
  // Few dates, so values share templates often: month ends (2024-02-30 is no date), and in Europe/Berlin the
  // days clocks go forward (2024-03-31, 02:00–03:00 does not exist) and back (2024-10-27, 02:00–03:00 twice).
  const cases = [
    { zone: 'Asia/Shanghai', dates: [[2024, 1, 29], [2024, 2, 29], [2024, 2, 30]] as const },
    { zone: 'Europe/Berlin', dates: [[2024, 3, 31], [2024, 10, 27], [2024, 3, 30]] as const },
  ];
  for (const { zone, dates } of cases) {
    it(`equal the full parser for every shape and clock, valid or not (${zone})`, () => {
      const row = fc.record({
        shape: fc.nat(shapes.length - 1),
        date: fc.constantFrom(...dates),
        hour: fc.integer({ min: 0, max: 25 }),
        minute: fc.constantFrom(0, 7, 59, 60, 99),
        second: fc.constantFrom(0, 30, 59, 60),
      });
      fc.assert(
        fc.property(fc.array(row, { minLength: 30, maxLength: 80 }), (drawn) => {
          const texts = drawn.map((r) => shapes[r.shape]!(r.date, `${two(r.hour)}:${two(r.minute)}:${two(r.second)}`));
          const csv = `start_time,channel,phone\n${texts.map((t) => `${t},phone,13800000000`).join('\n')}\n`;
          const { rows } = load(csv, zone);
          const zoneOffsets = new ZoneOffsets(zone);
          texts.forEach((text, i) => {
            const expected = expectedEpoch(text, zoneOffsets);
            const got = rows.get(i + 2);
            if (expected === null) expect(got, text).toBeUndefined();
            else expect(got?.['started_at'], text).toBe(expected);
          });
        }),
      );
    });
  }
});

describe('phone keys and row keys completed in batches', () => {
  function callsCsv(rows: number, phoneOf: (i: number) => string, startOf: (i: number) => string): string {
    const lines = ['call_id,start_time,channel,agent,phone'];
    for (let i = 0; i < rows; i++) lines.push(`C${i},${startOf(i)},phone,A${i % 7},${phoneOf(i)}`);
    return `${lines.join('\n')}\n`;
  }

  it('equal HMAC-SHA-256 of the number, over many batches and output chunks, with repeats and rejects between', () => {
    const rows = 30 * HASH_BATCH + 17; // thirty full batches and a partial one
    // Repeated numbers (cache hits), none, 14 digits (past the cache's exact range), +86 prefixes, formatting.
    const phones = (i: number) =>
      i % 5 === 0
        ? '13800000000'
        : i % 11 === 0
          ? ''
          : i % 17 === 0
            ? `4${String(i).padStart(13, '7')}`
            : i % 19 === 0
              ? `+86 139-${String(i).padStart(4, '0')}-0000`
              : `139${String((i * 7919) % 100_000_000).padStart(8, '0')}`;
    const normalized = (phone: string) => {
      const digits = phone.replace(/\D/g, '');
      return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
    };
    // Every 13th row has an invalid start, so it is rejected after its phone was queued; every 5th repeats one number.
    const start = (i: number) => (i % 13 === 0 ? 'not a time' : `2024-01-08 ${two(8 + (Math.floor(i / 3600) % 12))}:${two(Math.floor(i / 60) % 60)}:${two(i % 60)}`);
    const { rows: loaded } = load(callsCsv(rows, phones, start));
    for (let i = 0; i < rows; i++) {
      const row = loaded.get(i + 2);
      if (i % 13 === 0) {
        expect(row).toBeUndefined();
        continue;
      }
      const phone = phones(i);
      expect(row?.['customer_key']).toBe(phone === '' ? null : phoneKey(normalized(phone)));
      expect(row?.['customer_key_source']).toBe(phone === '' ? null : 'phone');
    }
  });

  it('row keys are the hash of the completed canonical bytes, and repeats are candidates in row order', () => {
    const rows = 2 * HASH_BATCH + 50;
    // Every 25th row repeats the row before it exactly (same call id, time and number).
    const source = (i: number) => (i > 0 && i % 25 === 0 ? i - 1 : i);
    const csv = ['call_id,start_time,channel,phone'];
    for (let i = 0; i < rows; i++) {
      const j = source(i);
      csv.push(`C${j},2024-01-08 09:${two(Math.floor(j / 60) % 60)}:${two(j % 60)},phone,1390000${String(j).padStart(4, '0')}`);
    }
    const { rows: loaded, canonical, candidates } = load(`${csv.join('\n')}\n`);
    const expectedCandidates: string[] = [];
    for (let i = 0; i < rows; i++) {
      const line = i + 2;
      const bytes = canonical.get(line)!;
      const key = Buffer.alloc(16);
      writeRowKeyBytes(bytes, 0, bytes.length, key, 0);
      expect(loaded.get(line)?.['row_key']).toBe(key.toString('hex'));
      if (source(i) !== i) {
        expect(loaded.get(line)?.['row_key']).toBe(loaded.get(source(i) + 2)?.['row_key']);
        expectedCandidates.push(key.toString('hex'));
      }
    }
    expect(candidates).toEqual(expectedCandidates);
  });

  it('fill rows that cross into the next output chunk before it leaves', () => {
    // ~250 bytes a row: 6,000 rows make more than one 1 MiB chunk.
    const rows = 6000;
    const phones = (i: number) => `186${String((i * 104729) % 100_000_000).padStart(8, '0')}`;
    const csv = ['call_id,start_time,channel,queue,team,region,agent,phone'];
    for (let i = 0; i < rows; i++) csv.push(`C${i},2024-01-08 10:${two(Math.floor(i / 60) % 60)}:${two(i % 60)},phone,${'q'.repeat(60)},${'t'.repeat(60)},${'r'.repeat(60)},A${i},${phones(i)}`);
    const { rows: loaded } = load(`${csv.join('\n')}\n`);
    expect(loaded.size).toBe(rows);
    for (let i = 0; i < rows; i++) expect(loaded.get(i + 2)?.['customer_key']).toBe(phoneKey(phones(i)));
  });
});

describe('a chunk sealed inside a row', () => {
  it('completes the pending keys first, and a row rejected after its phone takes its pending key with it', () => {
    // A constant free text (6 kB, more than the room reserved at the row's start, which counts only the
    // record's own bytes) is masked and reserved for inside the row, before the customer key, so output
    // chunks are sealed mid-row; every 3rd complaint is answered before it was received (rejected after its
    // phone was queued).
    const profile: MappingProfile = { constants: { description: `${'长'.repeat(2000)} 13912345678` } };
    const rows = 5000;
    const phones = (i: number) => `137${String((i * 7919) % 100_000_000).padStart(8, '0')}`;
    // The rejected rows' ticket ids are longer, so the next row's fields sit elsewhere than theirs: a key
    // written into a rejected row's place would land inside the next row.
    // Row sizes vary (ticket ids of 1–500 bytes), so chunks do not all end at the same place in a row.
    const ticket = (i: number) => (i % 3 === 1 ? `T${i}-${'x'.repeat(40)}` : `T${i}-${'y'.repeat((i * 37) % 500)}`);
    const csv = ['ticket_id,received_at,first_response_at,phone'];
    for (let i = 0; i < rows; i++) {
      const received = `2024-01-08 09:${two(Math.floor(i / 60) % 60)}:${two(i % 60)}`;
      csv.push(`${ticket(i)},${received},${i % 3 === 1 ? '2024-01-07 09:00:00' : received},${phones(i)}`);
    }
    const { rows: loaded } = load(`${csv.join('\n')}\n`, ZONE, 'complaints', profile);
    const description = (loaded.get(2)?.['description'] as string | undefined) ?? '';
    expect(description.startsWith('长'.repeat(2000))).toBe(true);
    for (let i = 0; i < rows; i++) {
      const row = loaded.get(i + 2);
      if (i % 3 === 1) {
        expect(row).toBeUndefined();
        continue;
      }
      expect(row?.['ticket_id']).toBe(ticket(i));
      expect(row?.['description']).toBe(description);
      expect(row?.['customer_key']).toBe(phoneKey(phones(i)));
    }
    expect(loaded.size).toBe(rows - Math.ceil((rows - 1) / 3));
  });
});

describe('KeyedHasher batches', () => {
  it('equal bytesInto, message by message, at any batch size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 80 }), fc.array(fc.uint8Array({ maxLength: 49 }), { minLength: 1, maxLength: HASH_BATCH }), (key, messages) => {
        const hasher = new KeyedHasher(key);
        const prefix = Buffer.from('phone:');
        hasher.clearBatch();
        for (const m of messages) hasher.addToBatch(prefix, m, 0, m.length);
        hasher.runBatch();
        messages.forEach((m, i) => {
          const got = Buffer.alloc(16);
          hasher.batchBytesInto(i, got, 0);
          expect(got.toString('hex')).toBe(createHmac('sha256', key).update(Buffer.concat([prefix, m])).digest('hex').slice(0, 32));
        });
      }),
      { numRuns: 30 },
    );
  });

  it('refuses more than HASH_BATCH messages', () => {
    const hasher = new KeyedHasher(KEY);
    hasher.clearBatch();
    for (let i = 0; i < HASH_BATCH; i++) hasher.addToBatch(Buffer.from('p:'), Buffer.from(String(i)), 0, String(i).length);
    expect(() => hasher.addToBatch(Buffer.from('p:'), Buffer.from('x'), 0, 1)).toThrow(RangeError);
  });
});

describe('the duplicate filter sized from the file', () => {
  const probe = (head: string, bytes: number) => ({ head: Buffer.from(head), bytes }) as Parameters<typeof expectedRowsOf>[0];

  it('counts the rows of a file its head holds whole', () => {
    expect(expectedRowsOf(probe('a\n'.repeat(5000), 10_000))).toBe(5001);
  });

  it('scales the head’s line ends to the file, 10 % over', () => {
    expect(expectedRowsOf(probe(`${'x'.repeat(99)}\n`.repeat(10_000), 100_000_000))).toBe(1_100_000);
  });

  it('guesses a row every 40 bytes when the head holds no line end (one-line JSON)', () => {
    expect(expectedRowsOf(probe('x'.repeat(1 << 20), 40_000_000))).toBe(1_000_000);
  });

  it('keeps every key: no false negatives at a block count that is not a power of two', () => {
    const bloom = new BloomFilter(3_000); // 375 blocks
    const keys = Array.from({ length: 3_000 }, (_, i) => {
      const b = Buffer.from(`row ${i}`);
      writeRowKeyBytes(b, 0, b.length, new Uint8Array(16), 0);
      return [H[0]!, H[1]!, H[2]!, H[3]!] as const;
    });
    for (const k of keys) bloom.addAndTest(...k);
    for (const k of keys) expect(bloom.addAndTest(...k)).toBe(true);
  });
});
