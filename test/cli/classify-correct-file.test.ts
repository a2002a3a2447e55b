/**
 * `servq classify correct --file` (src/cli/corrections-file.ts, src/cli/classify-runner.ts
 * runClassifyCorrectFile) on PGlite and, when TEST_DATABASE_URL is set, the server: a reviewed sheet (UTF-8,
 * or GB18030 with Chinese headers and labels, `sep=;`) records one review per row with the file, its SHA-256
 * and the line in `command`; a ticket id resolves to the complaint's current version; a file with an unknown
 * ticket, a ticket naming two complaints, a bad code, neither code and a repeated complaint is refused naming
 * each line and column and stores nothing; --skip-bad stores the good rows; usage errors exit 2.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerClassifyCommands } from '../../src/cli/classify-command.js';
import { runClassifyCorrect } from '../../src/cli/classify-runner.js';
import { readCorrectionsFile } from '../../src/cli/corrections-file.js';
import { withSession } from '../../src/db/session.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function load(t: OpenTestDatabase, name: string, csv: string, preset?: string): Promise<number> {
  const r = await ingestFile(t.db, tempFile(name, csv), {
    kind: 'complaints',
    hasher: new KeyedHasher(Buffer.alloc(32, 8)),
    timeZone: 'UTC',
    nowMs: Date.UTC(2026, 10, 1),
    maxRejectRate: 0,
    ...(preset ? { preset } : {}),
  });
  expect(r, JSON.stringify(r)).toMatchObject({ status: 'loaded', rowsRejected: 0 });
  return (r as { batchId: number }).batchId;
}

interface StoredReview {
  batch_id: number;
  line_no: number;
  category: string | null;
  root_cause: string | null;
  command: string;
  reason: string | null;
  reviewed_by: string;
}

/** Output of a run: stdout (console.log and process.stdout.write) and stderr (console.error) lines. */
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((m: unknown) => void out.push(String(m)));
  vi.spyOn(process.stdout, 'write').mockImplementation((m: unknown) => (out.push(String(m)), true));
  vi.spyOn(console, 'error').mockImplementation((m: unknown) => void err.push(String(m)));
  return { out, err };
}

const sha8 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 8);

describe.each(TEST_DATABASES)('servq classify correct --file ($name)', ({ name, open }) => {
  let t: OpenTestDatabase;
  let first: number;
  let later: number;
  let vendor: number;
  const withDb = <T>(work: (db: OpenTestDatabase['db']) => Promise<T>) => work(t.db);
  const run = (file: string, o: { reason?: string; skipBad?: boolean; json?: boolean } = {}, command = `servq classify correct --file ${file.split('/').pop()}`) =>
    runClassifyCorrect(undefined, { file, ...o }, { dataDir: '' }, command, withDb);
  const reviews = async (like = '%') =>
    (await withSession(t.db, (s) => s.query<StoredReview>(`SELECT batch_id, line_no, category, root_cause, command, reason, reviewed_by FROM complaint_label_review WHERE command LIKE $1 ORDER BY review_id`, [like]))).rows;

  beforeAll(async () => {
    t = await open();
    // Lines 2–7: T1…T6; T2 is exported again (resolved) in a later file of the same system; T3 also exists in a
    // Freshdesk export (another source system): two current complaints.
    first = await load(
      t,
      'complaints.csv',
      [
        'ticket_id,created_at,category,root_cause,description',
        'T1,2026-05-01 10:00,technical,technical_support,宽带掉线',
        'T2,2026-05-02 10:00,,,账单多扣费',
        'T3,2026-05-03 10:00,service,staff_attitude,客服态度差',
        'T4,2026-05-04 10:00,,,今天天气不错',
        'T5,2026-05-05 10:00,product,product_quality,套餐与宣传不符',
        'T6,2026-05-06 10:00,,,光猫故障',
        '',
      ].join('\n'),
    );
    later = await load(t, 'complaints-later.csv', 'ticket_id,created_at,updated_at,category,description\nT2,2026-05-02 10:00,2026-05-09 10:00,product,账单多扣费，已退款\n');
    vendor = await load(t, 'freshdesk.csv', 'Ticket ID,Created time,Description\nT3,2026-05-03 11:00,客服态度差\n', 'freshdesk');
  });
  afterAll(async () => {
    await t?.dispose();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('records every row of a UTF-8 file, with the file, its SHA-256 and the line in command; a ticket id names the current version', async () => {
    const path = tempFile(
      'corrections.csv',
      Buffer.concat([BOM, Buffer.from(`complaint,category,root_cause,reason,description\r\n${first}:2,other,,not technical,x\r\nT2,product,product_quality,,y\r\n  T4 ,Service,process,"asked twice, no answer",z\r\n`)]),
    );
    const { out, err } = capture();
    expect(await run(path, { reason: 'QA March' })).toBe(0);
    vi.restoreAllMocks();
    expect(err).toEqual([]);
    const stored = await reviews('%corrections.csv%');
    const sha = sha8(path);
    expect(stored.map(({ reviewed_by: _, ...r }) => r)).toEqual([
      { batch_id: first, line_no: 2, category: 'other', root_cause: null, reason: 'not technical', command: `servq classify correct --file corrections.csv (sha256 ${sha}…, line 2)` },
      // T2: the version of the later export, which is current.
      { batch_id: later, line_no: 2, category: 'product', root_cause: 'product_quality', reason: 'QA March', command: `servq classify correct --file corrections.csv (sha256 ${sha}…, line 3)` },
      { batch_id: first, line_no: 5, category: 'service', root_cause: 'process', reason: 'asked twice, no answer', command: `servq classify correct --file corrections.csv (sha256 ${sha}…, line 4)` },
    ]);
    expect(stored[0]!.reviewed_by).toMatch(/^\S+@\S+ as \w+$/);
    const text = out.join('\n');
    expect(text).toMatch(/line\s+complaint\s+ticket\s+category\s+root cause/);
    expect(text).toContain(`${first}:2`);
    expect(text).toMatch(/technical → other\s+technical_support \(unchanged\)/);
    expect(text).toMatch(/T4\s+– → service\s+– → process/);
    expect(text).toContain(`corrections.csv (UTF-8, comma, sha256 ${sha}…): 3 correction(s) recorded`);
  });

  it('reads a GB18030 copy with Chinese headers and labels, a sep=; line, and prints JSON lines', async () => {
    const text = 'sep=;\r\n工单号;类别;根本原因;理由\r\nT5;服务;服务态度;复核\r\nT6;技术;;\r\n';
    const path = tempFile('复核结果.csv', iconv.encode(text, 'gb18030'));
    const file = await readCorrectionsFile(path);
    expect(file).toMatchObject({ encoding: 'gb18030', delimiter: 'semicolon', headerLine: 2, columns: { complaint: '工单号', category: '类别', root_cause: '根本原因', reason: '理由' } });
    const { out } = capture();
    expect(await run(path, { json: true }, 'servq classify correct --file exports/复核结果.csv --json')).toBe(0);
    vi.restoreAllMocks();
    const lines = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ file: '复核结果.csv', line: 3, status: 'recorded', batchId: first, lineNo: 6, ticketId: 'T5', category: 'service', rootCause: 'staff_attitude', reason: '复核' }),
      expect.objectContaining({ file: '复核结果.csv', line: 4, status: 'recorded', batchId: first, lineNo: 7, ticketId: 'T6', category: 'technical', rootCause: null, reason: null }),
    ]);
    expect(lines[0]!['was']).toMatchObject({ categoryGiven: 'product', rootCauseGiven: 'product_quality' });
    const stored = await reviews('%复核结果.csv%');
    expect(stored.map((r) => r.command)).toEqual([3, 4].map((n) => `servq classify correct --file exports/复核结果.csv --json (sha256 ${sha8(path)}…, line ${n})`));
  });

  const BAD = (batch: number) =>
    [
      'ticket_id,category,root_cause',
      'T1,product,', // 2 good
      'T404,product,', // 3 unknown ticket
      'T5,urgent,process', // 4 bad category
      `${batch}:2,other,other`, // 5 the same complaint as line 2 (T1)
      'T3,service,', // 6 names two current complaints
      'T6,,', // 7 neither given
      'T4,technical,staff', // 8 good ('staff' is a root-cause label ingest reads)
      '',
    ].join('\n');

  it('refuses a file with bad rows, naming each line and column, and stores nothing', async () => {
    const path = tempFile('bad.csv', BAD(first));
    const before = (await reviews()).length;
    const { out, err } = capture();
    expect(await run(path)).toBe(1);
    vi.restoreAllMocks();
    expect(out).toEqual([]);
    expect(err).toEqual([
      "bad.csv line 3: ticket_id (complaint): no current complaint 'T404' (give BATCH:LINE as servq classify review prints it, or a ticket id)",
      expect.stringMatching(/^bad\.csv line 4: category: 'urgent' is not a category: write service, product, technical or other/),
      `bad.csv line 5: ticket_id (complaint): complaint ${first}:2 is corrected on line 2 already`,
      `bad.csv line 6: ticket_id (complaint): ticket 'T3' names 2 current complaints (${first}:4, ${vendor}:2): give BATCH:LINE`,
      'bad.csv line 7: category: empty, and so is the root cause: give a category, a root cause or both',
      'servq: bad.csv: refused, nothing recorded: 5 of 7 row(s) are bad (listed above); correct them, or record the other 2 with --skip-bad',
    ]);
    expect((await reviews()).length).toBe(before);
  });

  it('with --skip-bad records the good rows and still lists the bad', async () => {
    const path = tempFile('bad-skip.csv', BAD(first));
    const { out, err } = capture();
    expect(await run(path, { skipBad: true, json: true })).toBe(0);
    vi.restoreAllMocks();
    expect(err).toHaveLength(5);
    const lines = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l['status'] === 'rejected').map((l) => l['line'])).toEqual([3, 4, 5, 6, 7]);
    expect(lines.filter((l) => l['status'] === 'recorded').map((l) => [l['line'], l['ticketId'], l['category'], l['rootCause']])).toEqual([
      [2, 'T1', 'product', null],
      [8, 'T4', 'technical', 'staff_attitude'],
    ]);
    expect((await reviews('%bad-skip.csv%')).map((r) => [r.batch_id, r.line_no, r.command.replace(/.*(line \d+)\)$/, '$1')])).toEqual([
      [first, 2, 'line 2'],
      [first, 5, 'line 8'],
    ]);
  });

  it('refuses, storing nothing, a file of bad rows only even with --skip-bad', async () => {
    const { err } = capture();
    expect(await run(tempFile('none.csv', 'complaint,category\nT404,service\n'), { skipBad: true })).toBe(1);
    vi.restoreAllMocks();
    expect(err.at(-1)).toBe('servq: none.csv: refused, nothing recorded: no row of 1 can be recorded (listed above)');
    expect(await reviews('%none.csv%')).toEqual([]);
  });

  it('names what is wrong with a file it cannot read, and with the arguments (exit 2)', async () => {
    await expect(run(tempFile('no-codes.csv', 'complaint,reason\nT1,x\n'))).rejects.toMatchObject({
      name: 'CliError',
      exitCode: 1,
      message: "no-codes.csv: no column for category (e.g. category, 类别, 投诉类别 …) or root_cause (e.g. root_cause, 根本原因, 原因 …); the header on line 1 has: 'complaint', 'reason'",
    });
    await expect(run(tempFile('header-only.csv', 'complaint,category\n'))).rejects.toThrow('header-only.csv: no rows under the header on line 1');
    await expect(run(tempFile('book.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])))).rejects.toThrow(/^book\.xlsx: this looks like a ZIP archive/);
    const usage = { name: 'CliError', exitCode: 2 };
    await expect(runClassifyCorrect('T1', { file: 'x.csv' }, { dataDir: '' }, 'servq', withDb)).rejects.toMatchObject({ ...usage, message: expect.stringContaining('exactly one of the complaint') });
    await expect(runClassifyCorrect(undefined, {}, { dataDir: '' }, 'servq', withDb)).rejects.toMatchObject({ ...usage, message: expect.stringContaining('(neither given)') });
    await expect(runClassifyCorrect(undefined, { file: 'x.csv', category: 'other' }, { dataDir: '' }, 'servq', withDb)).rejects.toMatchObject(usage);
    await expect(runClassifyCorrect('T1', { category: 'other', skipBad: true }, { dataDir: '' }, 'servq', withDb)).rejects.toMatchObject(usage);
  });

  it(`declares 'correct' with an optional complaint, --file, --skip-bad and an example file in its help`, async () => {
    const program = new Command('servq').option('--database-url <url>').option('--data-dir <dir>').exitOverride();
    registerClassifyCommands(program);
    const global = name === 'postgres' ? ['--database-url', t.env['DATABASE_URL']!] : ['--data-dir', t.env['SERVQ_DATA_DIR']!];
    await expect(program.parseAsync([...global, 'classify', 'correct'], { from: 'user' })).rejects.toMatchObject({ name: 'CliError', exitCode: 2 });
    const correct = program.commands.find((c) => c.name() === 'classify')!.commands.find((c) => c.name() === 'correct')!;
    let help = '';
    correct.configureOutput({ writeOut: (s) => void (help += s) });
    correct.outputHelp();
    expect(help).toContain('[complaint]');
    expect(help).toContain('--file <file>');
    expect(help).toContain('--skip-bad');
    expect(help).toContain('complaint,category,root_cause,reason');
  });
});
