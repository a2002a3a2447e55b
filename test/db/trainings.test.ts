/**
 * Trainings (sql/000006, src/db/training-queries.ts, src/cli/trainings-command.ts, src/demo/trainings.ts):
 * a file is read whatever its encoding, delimiter and header language; every row is imported, a repeat, or
 * rejected naming its line and column; a file with bad rows is refused whole unless --skip-bad; importing the
 * same trainings again changes nothing.
 */
import { Command } from 'commander';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withSession } from '../../src/db/session.js';
import { importTrainings, listTrainings } from '../../src/db/training-queries.js';
import {
  parseTrainingDay,
  readTrainingsFile,
  registerTrainingsCommand,
  rejectLines,
  runTrainingsImport,
  TrainingFileError,
} from '../../src/cli/trainings-command.js';
import { DEMO_COURSES, generateTrainings, trainingsCsv } from '../../src/demo/trainings.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('parseTrainingDay', () => {
  it('reads the date forms exports use', () => {
    const day = (text: string, order?: 'DMY' | 'MDY') => {
      const r = parseTrainingDay(text, order);
      return 'day' in r ? r.day : r.problem;
    };
    expect(day('2026-03-05')).toBe('2026-03-05');
    expect(day('2026/3/5')).toBe('2026-03-05');
    expect(day('2026.03.05')).toBe('2026-03-05');
    expect(day('2026-03-05 17:30')).toBe('2026-03-05');
    expect(day('2026/3/5 0:00:00')).toBe('2026-03-05');
    expect(day('2026年3月5日')).toBe('2026-03-05');
    expect(day('２０２６－０３－０５')).toBe('2026-03-05');
    expect(day('20260305')).toBe('2026-03-05');
    expect(day('05.03.2026')).toBe('2026-03-05');
    // Excel's serial day numbers: =DATE(2025,1,1) is 45658, =DATE(2026,3,5) is 46086 (1900 date system).
    expect(day('45658')).toBe('2025-01-01');
    expect(day('46086')).toBe('2026-03-05');
    expect(day('46086.75')).toBe('2026-03-05');
    expect(day('03/05/2026', 'DMY')).toBe('2026-05-03');
    expect(day('03/05/2026', 'MDY')).toBe('2026-03-05');
  });

  it('says why a text is not a day', () => {
    const problem = (text: string) => {
      const r = parseTrainingDay(text);
      return 'problem' in r ? r.problem : r.day;
    };
    expect(problem('2026-02-30')).toBe("'2026-02-30' is not a calendar date");
    expect(problem('03/05/2026')).toBe("'03/05/2026': day and month order unknown; write YYYY-MM-DD, or give --date-format DMY or MDY");
    expect(problem('1899-12-31')).toBe("'1899-12-31' is outside 1990–2099");
    expect(problem('12345')).toBe("'12345' is outside 1990–2099");
    expect(problem('next week')).toMatch(/^'next week' is not a date \(write YYYY-MM-DD/);
  });
});

describe('readTrainingsFile', () => {
  it('reads a UTF-8 file with a BOM, Chinese headers, CRLF, quotes and a column it does not use', async () => {
    const text = '工号,姓名,培训课程,完成日期\r\nA0101,张三,"投诉处理, 进阶",2026-03-05\r\n  A0102 ,李四,产品知识   进阶,2026/3/6\r\n\r\n';
    const file = await readTrainingsFile(tempFile('培训记录.csv', Buffer.concat([BOM, Buffer.from(text)])));
    expect(file).toMatchObject({
      fileName: '培训记录.csv',
      encoding: 'utf-8',
      delimiter: 'comma',
      headerLine: 1,
      columns: { agent_code: '工号', course: '培训课程', trained_on: '完成日期' },
      ignoredColumns: ['姓名'],
      rejected: [],
      repeats: [],
    });
    expect(file.encodingEvidence).toMatch(/byte-order mark/);
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(file.rows).toEqual([
      { agentCode: 'A0101', course: '投诉处理, 进阶', trainedOn: '2026-03-05', lineNo: 2 },
      { agentCode: 'A0102', course: '产品知识 进阶', trainedOn: '2026-03-06', lineNo: 3 },
    ]);
  });

  it('reads a GB18030 file (as Excel saves CSV on a Chinese Windows)', async () => {
    const text = '坐席工号,课程,培训日期\r\nA0103,沟通与共情,2026年4月1日\r\nA0104,沟通与共情,2026-04-01\r\n';
    const file = await readTrainingsFile(tempFile('gb.csv', iconv.encode(text, 'gb18030')));
    expect(file.encoding).toBe('gb18030');
    expect(file.rows.map((r) => [r.agentCode, r.course, r.trainedOn, r.lineNo])).toEqual([
      ['A0103', '沟通与共情', '2026-04-01', 2],
      ['A0104', '沟通与共情', '2026-04-01', 3],
    ]);
  });

  it("reads an Excel CSV with ';' (a sep= line or detected), English headers in any case, a title line, DD.MM.YYYY", async () => {
    const withSep = await readTrainingsFile(tempFile('sep.csv', 'sep=;\nAgent;Course;Completion Date;Score\nA0105;Product knowledge;05.03.2026;92,5\n'));
    expect(withSep).toMatchObject({ delimiter: 'semicolon', headerLine: 2, ignoredColumns: ['Score'] });
    expect(withSep.rows).toEqual([{ agentCode: 'A0105', course: 'Product knowledge', trainedOn: '2026-03-05', lineNo: 3 }]);
    const detected = await readTrainingsFile(tempFile('titled.csv', 'Trainings 2026 Q1;;\nAGENT_CODE;COURSE;DATE\nA0106;Empathy;46086\n'));
    expect(detected).toMatchObject({ delimiter: 'semicolon', headerLine: 2 });
    expect(detected.rows).toEqual([{ agentCode: 'A0106', course: 'Empathy', trainedOn: '2026-03-05', lineNo: 3 }]);
  });

  it('prefers the end date over a generic date, and the agent code over the agent column', async () => {
    const file = await readTrainingsFile(tempFile('both.csv', '坐席,工号,课程,培训日期,完成日期\n张三,A0107,投诉处理,2026-03-01,2026-03-05\n'));
    expect(file.columns).toEqual({ agent_code: '工号', course: '课程', trained_on: '完成日期' });
    expect(file.rows[0]).toMatchObject({ agentCode: 'A0107', trainedOn: '2026-03-05' });
  });

  it('names every bad row by line and column, and counts repeats', async () => {
    const text = [
      '工号,培训课程,完成日期',
      'A0101,投诉处理,2026-03-05',
      'A0102,,2026-03-05',
      'A0103,投诉处理,2026-02-30',
      ',投诉处理,03/05/2026',
      'A0101,投诉处理,2026/3/5',
      'A0104,投诉处理,2026-03-05,extra',
      'A0105,"投诉"处理,2026-03-05',
      '',
    ].join('\n');
    const file = await readTrainingsFile(tempFile('bad.csv', text));
    expect(file.rows.map((r) => r.lineNo)).toEqual([2]);
    expect(file.repeats).toEqual([{ lineNo: 6, firstLineNo: 2 }]);
    expect(rejectLines(file)).toEqual([
      'bad.csv line 3: 培训课程 (course): empty, but required',
      "bad.csv line 4: 完成日期 (trained_on): '2026-02-30' is not a calendar date",
      "bad.csv line 5: 工号 (agent_code): empty, but required; 完成日期 (trained_on): '03/05/2026': day and month order unknown; write YYYY-MM-DD, or give --date-format DMY or MDY",
      'bad.csv line 7: 4 fields where the header has 3 (an unquoted delimiter in a value?)',
      'bad.csv line 8: 培训课程 (course): text after the closing quote',
    ]);
    expect(file.rejected[0]).toMatchObject({ lineNo: 3, problems: [{ field: 'course', column: '培训课程', message: 'empty, but required' }], text: 'A0102,,2026-03-05' });
  });

  it('refuses a file it cannot read as trainings, naming the file and what is missing', async () => {
    await expect(readTrainingsFile(tempFile('names.csv', 'agent,name\nA0101,Zhang\n'))).rejects.toThrow(
      "names.csv: no column for course (e.g. course, 课程, 培训课程 …); trained_on (e.g. completed_on, date, 完成日期, 培训日期 …); the header on line 1 has: 'agent', 'name'",
    );
    await expect(readTrainingsFile(tempFile('twice.csv', 'agent,course,date,日期\nA0101,x,2026-01-01,2026-01-02\n'))).rejects.toThrow(
      "twice.csv line 1: columns 'date' and '日期' both name trained_on; keep one",
    );
    await expect(readTrainingsFile(tempFile('book.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])))).rejects.toThrow(
      /^book\.xlsx: this looks like a ZIP archive \(an \.xlsx workbook\?\); export the sheet as CSV/,
    );
    await expect(readTrainingsFile(tempFile('quote.csv', 'agent,course,date\nA0101,"open,2026-01-01\n'))).rejects.toThrow(/^quote\.csv line 2: unterminated quoted field .*; every line after it would be that one field's text: close the quote on line 2/);
    await expect(readTrainingsFile(tempFile('empty.csv', ''))).rejects.toThrow(TrainingFileError);
  });
});

describe('generateTrainings and trainingsCsv', () => {
  const agents = Array.from({ length: 40 }, (_, i) => `A${String(101 + i).padStart(4, '0')}`);
  const options = { seed: 20260101, agents, from: '2025-01-01', to: '2026-03-31' };

  it('trains a third of the agents in three courses, each held once in the middle of the period; same seed, same rows', () => {
    const rows = generateTrainings(options);
    expect(rows).toEqual(generateTrainings(options));
    expect(rows).toHaveLength(13);
    expect(new Set(rows.map((r) => r.agentCode)).size).toBe(13);
    expect(rows.every((r) => (DEMO_COURSES as readonly string[]).includes(r.course))).toBe(true);
    // 2025-01-01 … 2026-03-31 is 454 days: 40–60 % of it is 2025-06-30 … 2025-10-30.
    expect(rows.every((r) => r.trainedOn >= '2025-06-30' && r.trainedOn <= '2025-10-30')).toBe(true);
    const dayOf = new Map(rows.map((r) => [r.course, r.trainedOn]));
    expect(rows.every((r) => dayOf.get(r.course) === r.trainedOn)).toBe(true);
    expect(generateTrainings({ ...options, seed: 7 })).not.toEqual(rows);
    expect(generateTrainings({ ...options, agents: [] })).toEqual([]);
    expect(() => generateTrainings({ ...options, from: '2026-04-01' })).toThrow(/^generateTrainings: from \(2026-04-01\) must not be after to/);
  });

  it('writes a CSV that servq trainings import reads back exactly', async () => {
    const rows = generateTrainings(options);
    const csv = trainingsCsv(rows);
    expect(csv.split('\n')[0]).toBe('工号,培训课程,完成日期');
    const file = await readTrainingsFile(tempFile('demo-trainings.csv', csv));
    expect(file.rejected).toEqual([]);
    expect(file.rows.map(({ agentCode, course, trainedOn }) => ({ agentCode, course, trainedOn }))).toEqual(rows);
    expect(trainingsCsv([{ agentCode: 'A1', course: 'a, "b"', trainedOn: '2026-01-01' }])).toBe('工号,培训课程,完成日期\nA1,"a, ""b""",2026-01-01\n');
  });
});

describe.each(TEST_DATABASES)('trainings on $name', ({ name, open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  const withDb = <T>(work: (db: typeof t.db) => Promise<T>) => work(t.db);
  const quiet = () => ({
    log: vi.spyOn(console, 'log').mockImplementation(() => {}),
    error: vi.spyOn(console, 'error').mockImplementation(() => {}),
  });

  it('stores each agent, course and day once, with the first lineage; a second import adds nothing', async () => {
    const lineage = { fileName: 'a.csv', sha256: 'a'.repeat(64), importedBy: 'alice@host' };
    const rows = [
      { agentCode: 'A0101', course: '投诉处理', trainedOn: '2026-03-05', lineNo: 2 },
      { agentCode: 'A0102', course: '投诉处理', trainedOn: '2026-03-05', lineNo: 3 },
    ];
    expect(await importTrainings(t.db, rows, lineage)).toEqual({ inserted: 2, alreadyPresent: 0 });
    expect(await importTrainings(t.db, rows, lineage)).toEqual({ inserted: 0, alreadyPresent: 2 });
    const other = [{ agentCode: 'A0102', course: '投诉处理', trainedOn: '2026-03-05', lineNo: 9 }, { agentCode: 'A0103', course: '投诉处理', trainedOn: '2026-03-06', lineNo: 10 }];
    expect(await importTrainings(t.db, other, { fileName: 'b.csv', sha256: 'b'.repeat(64) })).toEqual({ inserted: 1, alreadyPresent: 1 });
    expect(await importTrainings(t.db, [], lineage)).toEqual({ inserted: 0, alreadyPresent: 0 });
    const stored = await listTrainings(t.db);
    expect(stored.map((r) => [r.agentCode, r.trainedOn, r.sourceFile, r.lineNo])).toEqual([
      ['A0101', '2026-03-05', 'a.csv', 2],
      ['A0102', '2026-03-05', 'a.csv', 3],
      ['A0103', '2026-03-06', 'b.csv', 10],
    ]);
    expect(stored[0]!.importedBy).toMatch(/^alice@host as \w+$/);
    expect(stored[2]!.importedBy).toMatch(/^\w+$/);
    expect(stored[0]!.importedAt).toBeInstanceOf(Date);
    expect((await listTrainings(t.db, { from: '2026-03-06' })).map((r) => r.agentCode)).toEqual(['A0103']);
    expect((await listTrainings(t.db, { to: '2026-03-05' })).map((r) => r.agentCode)).toEqual(['A0101', 'A0102']);
    await withSession(t.db, (s) => s.query('DELETE FROM training'));
  });

  it('refuses a file with bad rows whole, listing them; --skip-bad imports the rest; a re-run imports nothing new', async () => {
    const path = tempFile('2026Q1.csv', '工号,培训课程,完成日期\nA0201,投诉处理,2026-03-05\nA0202,,2026-03-05\nA0203,投诉处理,2026-03-05\nA0201,投诉处理,2026/3/5\n');
    let out = quiet();
    expect(await runTrainingsImport(path, {}, withDb)).toBe(1);
    expect(out.error.mock.calls.map((c) => String(c[0]))).toEqual([
      '2026Q1.csv line 3: 培训课程 (course): empty, but required',
      'servq: 2026Q1.csv: refused, nothing imported: 1 of 4 row(s) are bad (listed above); correct them, or import the other 3 with --skip-bad',
    ]);
    expect(await listTrainings(t.db)).toEqual([]);
    vi.restoreAllMocks();

    out = quiet();
    expect(await runTrainingsImport(path, { skipBad: true }, withDb)).toBe(0);
    expect(out.error.mock.calls.map((c) => String(c[0]))).toEqual(['2026Q1.csv line 3: 培训课程 (course): empty, but required']);
    expect(out.log.mock.calls.map((c) => String(c[0]))).toEqual([
      '2026Q1.csv (UTF-8, comma, header on line 1): 4 row(s): 2 imported, 0 already present, 1 repeating an earlier line, 1 bad row(s) skipped (listed above)',
    ]);
    vi.restoreAllMocks();

    out = quiet();
    expect(await runTrainingsImport(path, { skipBad: true }, withDb)).toBe(0);
    const said = out.log.mock.calls.map((c) => String(c[0]));
    expect(said[0]).toBe('2026Q1.csv (UTF-8, comma, header on line 1): 4 row(s): 0 imported, 2 already present, 1 repeating an earlier line, 1 bad row(s) skipped (listed above)');
    expect(said[1]).toMatch(/^nothing new: every training in it is stored already; this file was imported on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect((await listTrainings(t.db)).map((r) => [r.agentCode, r.lineNo])).toEqual([
      ['A0201', 2],
      ['A0203', 4],
    ]);
  });

  it('imports a GB18030 file with a BOM-less Chinese header and reports JSON', async () => {
    const path = tempFile('培训.csv', iconv.encode('员工编号,培训名称,结业日期\r\nA0301,产品知识进阶,2026年5月8日\r\n', 'gb18030'));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await runTrainingsImport(path, { json: true }, withDb)).toBe(0);
    const result = JSON.parse(String(out.mock.calls[0]![0])) as Record<string, unknown>;
    expect(result).toMatchObject({ file: '培训.csv', encoding: 'gb18030', status: 'imported', rowsRead: 1, inserted: 1, alreadyPresent: 0, rejected: 0 });
    expect((await listTrainings(t.db, { from: '2026-05-08', to: '2026-05-08' })).map((r) => r.course)).toEqual(['产品知识进阶']);
  });

  it('throws a CliError naming the file when it is no trainings file', async () => {
    await expect(runTrainingsImport(tempFile('calls.csv', 'call_id,start_time\n1,2026-01-01 10:00\n'), {}, withDb)).rejects.toMatchObject({
      name: 'CliError',
      message: expect.stringMatching(/^calls\.csv: no column for agent_code/),
    });
    await expect(runTrainingsImport(tempFile('header-only.csv', 'agent,course,date\n'), {}, withDb)).rejects.toThrow('header-only.csv: no rows under the header on line 1');
  });

  it(`registers 'trainings' as main.ts will wire it, reading the database from the global options`, async () => {
    const program = new Command('servq').option('--database-url <url>').option('--data-dir <dir>').exitOverride();
    registerTrainingsCommand(program);
    const global = name === 'postgres' ? ['--database-url', t.env['DATABASE_URL']!] : ['--data-dir', t.env['SERVQ_DATA_DIR']!];
    const path = tempFile('demo.csv', trainingsCsv(generateTrainings({ seed: 1, agents: ['A0401', 'A0402', 'A0403', 'A0404', 'A0405', 'A0406'], from: '2026-01-01', to: '2026-06-30' })));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(console, 'log').mockImplementation(() => {});
    if (name === 'pglite') await t.db.close();
    try {
      await program.parseAsync([...global, 'trainings', 'import', path, '--json'], { from: 'user' });
      await program.parseAsync([...global, 'trainings', 'list', '--from', '2026-01-01', '--json'], { from: 'user' });
    } finally {
      if (name === 'pglite') await t.reopen();
    }
    expect(process.exitCode).toBe(0);
    const lines = out.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ file: 'demo.csv', status: 'imported', inserted: 2 });
    expect(lines.slice(1).filter((l) => l['sourceFile'] === 'demo.csv')).toHaveLength(2);
    expect(program.commands[0]!.commands.map((c) => c.name())).toEqual(['import', 'list']);
  });
});
