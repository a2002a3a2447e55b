import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIELDS_BY_KIND, normalizeHeader } from '../../src/ingest/fields.js';
import {
  standardizeBoolean,
  standardizeCategory,
  standardizeChannel,
  standardizeComplaintStatus,
  standardizeOutcome,
  standardizePriority,
  standardizeRootCause,
  standardizeSurveyMethod,
  standardizeUrgency,
} from '../../src/ingest/standardize/vocabulary.js';
import { DIRTY_KINDS } from '../../src/demo/dirty.js';
import { generateDemo, periodLabel, type DemoFile, type DemoManifest } from '../../src/demo/generate.js';
import { parseLocalDate } from '../../src/demo/local-time.js';
import { PLANTED_EFFECTS } from '../../src/demo/planted-effects.js';
import { idCardCheckDigit } from '../../src/demo/population.js';
import { aliasIndex, CHANNEL_CODES, rating5, readCanonical, readRaw, seconds, shanghaiDate, yesNo, type RawValue } from './demo-files.js';

// Small enough to run in about a second per generation, large enough for the planted effects to stand out.
const SCALE = 0.3;
const roots: string[] = [];
let a1: DemoManifest;
let a2: DemoManifest;
let b: DemoManifest;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'servq-demo-'));
  roots.push(dir);
  return dir;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}

const parsed = new Map<string, Record<string, RawValue>[]>();

/** The canonical rows of all files of `kind` (parsed once per file). */
function rowsOf(m: DemoManifest, kind: DemoFile['kind']): Record<string, RawValue>[] {
  return m.files
    .filter((f) => f.kind === kind)
    .flatMap((f) => {
      let rows = parsed.get(f.path);
      if (!rows) parsed.set(f.path, (rows = readCanonical(f)));
      return rows;
    });
}

beforeAll(async () => {
  a1 = await generateDemo({ outDir: tempDir(), seed: 11, scale: SCALE });
  a2 = await generateDemo({ outDir: tempDir(), seed: 11, scale: SCALE });
  b = await generateDemo({ outDir: tempDir(), seed: 12, scale: SCALE });
});

afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('files and manifest', () => {
  test('writes the seven vendor files with the expected names, kinds, formats and encodings', () => {
    expect(a1.files.map((f) => [f.fileName, f.kind, f.format, f.encoding, f.delimiter])).toEqual([
      ['calls-2025H1.csv', 'calls', 'csv', 'utf-8', ','],
      ['calls-2025H2-gb18030.csv', 'calls', 'csv', 'gb18030', ','],
      ['calls-2026Q1.tsv', 'calls', 'csv', 'utf-8', '\t'],
      ['surveys-interviews.csv', 'surveys', 'csv', 'utf-8', ','],
      ['surveys-online.ndjson', 'surveys', 'ndjson', 'utf-8', null],
      ['complaints-2025-gb18030.csv', 'complaints', 'csv', 'gb18030', ','],
      ['complaints-2026Q1.json', 'complaints', 'json', 'utf-8', null],
    ]);
    expect(readdirSync(a1.outDir).sort()).toEqual(a1.files.map((f) => f.fileName).sort());
  });

  test('same seed gives byte-identical files; another seed changes every file', () => {
    for (let i = 0; i < a1.files.length; i++) {
      const x = a1.files[i]!;
      const y = a2.files[i]!;
      expect(sha256(x.path)).toBe(x.sha256);
      expect(sha256(y.path)).toBe(x.sha256);
      expect(sha256(b.files[i]!.path)).not.toBe(x.sha256);
    }
    expect(a2.totals).toEqual(a1.totals);
  });

  test('row counts, header lines and headers match the manifest', () => {
    for (const f of a1.files) {
      const { headers, rows } = readRaw(f);
      expect(rows.length, f.fileName).toBe(f.rows);
      expect(headers, f.fileName).toEqual([...f.headers]);
      expect(f.bytes).toBe(readFileSync(f.path).length);
    }
    const calls = a1.files.filter((f) => f.kind === 'calls');
    const duplicates = calls.reduce((n, f) => n + f.dirtyByKind.duplicate, 0);
    expect(calls.reduce((n, f) => n + f.rows, 0)).toBe(a1.totals.contacts + duplicates);
  });

  test('the UTF-8 English call log starts with a BOM; the GB18030 files are not UTF-8 and decode strictly', () => {
    const english = a1.files[0]!;
    expect([...readFileSync(english.path).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    for (const f of a1.files.filter((x) => x.encoding === 'gb18030')) {
      const bytes = readFileSync(f.path);
      expect(isUtf8(bytes), f.fileName).toBe(false);
      const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      expect(text).toMatch(f.kind === 'calls' ? /来电时间,接通时间/ : /投诉单号,受理时间/);
      expect(text).toContain('\r\n');
    }
    // The Chinese call report has a title line above the header.
    expect(a1.files[1]!.headerLine).toBe(2);
  });

  test('every header maps to a field of its kind through the aliases, once, with the required fields present', () => {
    for (const f of a1.files) {
      const index = aliasIndex(f.kind);
      const fields = f.headers.map((h) => index.get(normalizeHeader(h)));
      expect(fields.filter((x) => x === undefined), `${f.fileName}: ${f.headers.join(', ')}`).toEqual([]);
      expect(new Set(fields).size, f.fileName).toBe(fields.length);
      for (const spec of FIELDS_BY_KIND[f.kind]) if (spec.required) expect(fields, `${f.fileName} lacks ${spec.name}`).toContain(spec.name);
    }
  });

  test('every label written is known to the ingest vocabularies', () => {
    const checks: [string, (text: string) => unknown][] = [
      ['channel', standardizeChannel],
      ['outcome', standardizeOutcome],
      ['priority', standardizePriority],
      ['transferred', standardizeBoolean],
      ['resolved_first_contact', standardizeBoolean],
      ['method', standardizeSurveyMethod],
      ['category', standardizeCategory],
      ['urgency', standardizeUrgency],
      ['impact', standardizeUrgency],
      ['root_cause', standardizeRootCause],
      ['status', standardizeComplaintStatus],
      ['reopened', standardizeBoolean],
      ['escalated', standardizeBoolean],
    ];
    const unknownChannels = new Set(['pigeon post', '飞鸽传书', 'Pigeon', 'pigeon']);
    for (const f of a1.files) {
      const labels = new Map<string, Set<string>>();
      for (const row of rowsOf({ ...a1, files: [f] }, f.kind)) {
        for (const [field] of checks) {
          const v = row[field];
          if (v === undefined || v === null || v === '') continue;
          if (!labels.has(field)) labels.set(field, new Set());
          labels.get(field)!.add(String(v));
        }
      }
      for (const [field, standardize] of checks) {
        for (const label of labels.get(field) ?? []) {
          if (field === 'channel' && unknownChannels.has(label)) continue;
          expect(standardize(label), `${f.fileName}: ${field} '${label}'`).not.toBeNull();
        }
      }
    }
  });

  test('dirty rows: about 0.5 % overall, every kind present, counted per file', () => {
    const rows = a1.files.reduce((n, f) => n + f.rows, 0);
    const dirty = a1.files.reduce((n, f) => n + f.dirtyRows, 0);
    expect(dirty / rows).toBeGreaterThan(0.003);
    expect(dirty / rows).toBeLessThan(0.012);
    for (const kind of Object.keys(DIRTY_KINDS) as (keyof typeof DIRTY_KINDS)[]) {
      expect(a1.files.reduce((n, f) => n + f.dirtyByKind[kind], 0), kind).toBeGreaterThan(0);
    }
    for (const f of a1.files) {
      const byKind = Object.values(f.dirtyByKind).reduce((n, x) => n + x, 0);
      expect(byKind).toBe(f.dirtyRows);
      expect(f.expectedRejected + f.expectedDuplicates + f.dirtyByKind.padded_spaces + f.dirtyByKind.full_width_digit).toBe(f.dirtyRows);
    }
    // The defects are really in the files.
    const english = readFileSync(a1.files[0]!.path, 'utf8');
    expect(english).toMatch(/2099-\d\d-\d\dT/);
    expect(english).toMatch(/\d{4}-02-30T/);
    expect(english).toMatch(/[０-９]/);
  });

  test('customers: Chinese mobile numbers, valid ID-card check digits, contact details inside free text', () => {
    const complaints = rowsOf(a1, 'complaints');
    const phones = [...rowsOf(a1, 'calls'), ...complaints].map((r) => String(r['customer_phone'] ?? '').replace(/^\+86 /, ''));
    expect(phones.filter((p) => !/^1[3-9]\d{9}$/.test(p)).length / phones.length).toBeLessThan(0.01);
    const ids = complaints.map((r) => r['customer_id_card']).filter((v): v is string => typeof v === 'string' && v !== '');
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) {
      expect(id).toMatch(/^\d{17}[\dX]$/);
      expect(id[17]).toBe(idCardCheckDigit(id.slice(0, 17)));
    }
    const texts = complaints.map((r) => String(r['description'] ?? ''));
    expect(texts.some((t) => /1[3-9]\d{9}/.test(t))).toBe(true);
    expect(texts.some((t) => /@/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('\n'))).toBe(true);
  });

  test('surveys reference real contacts and complaints, and the phone joins the three sources', () => {
    const calls = rowsOf(a1, 'calls');
    const contactIds = new Set(calls.map((r) => r['contact_id']));
    const callPhones = new Set(calls.map((r) => String(r['customer_phone']).replace(/^\+86 /, '')));
    const ticketIds = new Set(rowsOf(a1, 'complaints').map((r) => r['ticket_id']));
    const surveys = rowsOf(a1, 'surveys');
    const byContact = surveys.filter((s) => typeof s['contact_id'] === 'string' && s['contact_id'] !== '');
    const byComplaint = surveys.filter((s) => typeof s['complaint_id'] === 'string' && s['complaint_id'] !== '');
    expect(byContact.length + byComplaint.length).toBe(surveys.length);
    expect(byComplaint.length).toBeGreaterThan(10);
    expect(byContact.every((s) => contactIds.has(s['contact_id']))).toBe(true);
    expect(byComplaint.filter((s) => !ticketIds.has(s['complaint_id'])).length).toBeLessThanOrEqual(2);
    expect(surveys.filter((s) => !callPhones.has(String(s['customer_phone']))).length / surveys.length).toBeLessThan(0.01);
  });
});

describe('planted effects are visible in the raw files', () => {
  interface Contact {
    id: string;
    date: string;
    weekday: number;
    channel: string;
    answered: boolean;
    waitSeconds: number;
    team: string;
    resolved: boolean | null;
  }
  let contacts: Contact[];
  let byId: Map<string, Contact>;

  beforeAll(() => {
    contacts = [];
    for (const r of rowsOf(a1, 'calls')) {
      const when = shanghaiDate(r['started_at']);
      const channel = CHANNEL_CODES[String(r['channel'])];
      const waitSeconds = seconds(r['wait_seconds']);
      if (!when || !channel || Number.isNaN(waitSeconds)) continue;
      contacts.push({
        id: String(r['contact_id']),
        date: when.date,
        weekday: when.weekday,
        channel,
        answered: ['answered', '已接通', 'Connected'].includes(String(r['outcome'])),
        waitSeconds,
        team: String(r['team'] ?? ''),
        resolved: yesNo(r['resolved_first_contact']),
      });
    }
    byId = new Map(contacts.map((c) => [c.id, c]));
  });

  function ratedContacts(): { contact: Contact; overall: number }[] {
    const out: { contact: Contact; overall: number }[] = [];
    for (const s of rowsOf(a1, 'surveys')) {
      const contact = byId.get(String(s['contact_id']));
      const overall = rating5(s['overall']);
      if (contact && !Number.isNaN(overall)) out.push({ contact, overall });
    }
    return out;
  }

  test('1. longer queue wait lowers satisfaction (waits > 3 min vs < 30 s, real-time channels)', () => {
    const realtime = new Set<string>(PLANTED_EFFECTS.waitLowersSatisfaction.channels);
    const rated = ratedContacts().filter((x) => realtime.has(x.contact.channel));
    const short = rated.filter((x) => x.contact.waitSeconds < 30).map((x) => x.overall);
    const long = rated.filter((x) => x.contact.waitSeconds > 180).map((x) => x.overall);
    expect(long.length).toBeGreaterThan(50);
    expect(mean(short) - mean(long)).toBeGreaterThan(0.5);
  });

  test('2. team T4 has about twice the complaint rate per answered contact', () => {
    const answered = new Map<string, number>();
    for (const c of contacts) if (c.answered) answered.set(c.team, (answered.get(c.team) ?? 0) + 1);
    const complaints = new Map<string, number>();
    for (const r of rowsOf(a1, 'complaints')) {
      const team = String(r['team'] ?? '');
      complaints.set(team, (complaints.get(team) ?? 0) + 1);
    }
    const t4 = (complaints.get('T4') ?? 0) / answered.get('T4')!;
    let otherComplaints = 0;
    let otherAnswered = 0;
    for (const team of ['T1', 'T2', 'T3', 'T5', 'T6']) {
      otherComplaints += complaints.get(team) ?? 0;
      otherAnswered += answered.get(team) ?? 0;
    }
    const ratio = t4 / (otherComplaints / otherAnswered);
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(2.5);
  });

  test('3. billing complaints cluster in 华南 during the six-week window', () => {
    const cluster = PLANTED_EFFECTS.billingComplaintCluster;
    const keyword = new RegExp(cluster.keywords.join('|'));
    let inside = 0;
    let outside = 0;
    for (const r of rowsOf(a1, 'complaints')) {
      const when = shanghaiDate(r['received_at']);
      if (!when || String(r['region']) !== cluster.region || !keyword.test(String(r['description'] ?? ''))) continue;
      if (when.date >= cluster.fromDate && when.date <= cluster.toDate) inside++;
      else outside++;
    }
    const windowDays = (parseLocalDate(cluster.toDate) - parseLocalDate(cluster.fromDate)) / 86_400_000 + 1;
    const perDayInside = inside / windowDays;
    const perDayOutside = outside / (455 - windowDays);
    expect(inside).toBeGreaterThan(30);
    expect(perDayInside).toBeGreaterThan(8 * perDayOutside);
  });

  test('4. weekly and yearly seasonality with an upward trend', () => {
    const byWeekday = [0, 0, 0, 0, 0, 0, 0];
    let q1Then = 0;
    let q1Now = 0;
    let summer = 0;
    let spring = 0;
    for (const c of contacts) {
      byWeekday[c.weekday]!++;
      if (c.date >= '2025-01-01' && c.date <= '2025-03-31') q1Then++;
      if (c.date >= '2026-01-01' && c.date <= '2026-03-31') q1Now++;
      if (c.date >= '2025-07-01' && c.date <= '2025-08-31') summer++;
      if (c.date >= '2025-04-01' && c.date <= '2025-05-31') spring++;
    }
    expect(byWeekday[1]!).toBeGreaterThan(1.5 * byWeekday[0]!); // Monday vs Sunday
    expect(byWeekday[6]!).toBeLessThan(byWeekday[3]!); // Saturday vs Wednesday
    expect(q1Now / q1Then).toBeGreaterThan(1.07);
    expect(summer / 62).toBeGreaterThan(spring / 61); // summer bump
  });

  test('5. chat is answered faster than phone, e-mail slowest (hours)', () => {
    const waits = (channel: string) => contacts.filter((c) => c.answered && c.channel === channel).map((c) => c.waitSeconds);
    const chat = median(waits('chat'));
    const phone = median(waits('phone'));
    const email = median(waits('email'));
    expect(chat).toBeLessThan(phone);
    expect(phone).toBeLessThan(email);
    expect(email).toBeGreaterThan(3600);
    // Abandonment rises with wait: none on e-mail, some on phone.
    const phoneAll = contacts.filter((c) => c.channel === 'phone');
    const abandoned = phoneAll.filter((c) => !c.answered).length / phoneAll.length;
    expect(abandoned).toBeGreaterThan(0.03);
    expect(abandoned).toBeLessThan(0.15);
    expect(contacts.filter((c) => c.channel === 'email' && !c.answered).length).toBe(0);
  });

  test('6. first-contact resolution raises satisfaction', () => {
    const rated = ratedContacts();
    const resolved = rated.filter((x) => x.contact.resolved === true).map((x) => x.overall);
    const unresolved = rated.filter((x) => x.contact.resolved === false).map((x) => x.overall);
    expect(mean(resolved) - mean(unresolved)).toBeGreaterThan(0.3);
  });

  test('two agents change team during the period', () => {
    expect(a1.teamMoves.map((m) => [m.agentCode, m.fromTeam, m.toTeam])).toEqual([
      ['A0307', 'T3', 'T4'],
      ['A0602', 'T6', 'T2'],
    ]);
    const teamsOf = (code: string) => new Set(rowsOf(a1, 'calls').filter((r) => String(r['agent_code']) === code).map((r) => String(r['team'])));
    expect([...teamsOf('A0307')].sort()).toEqual(['T3', 'T4']);
  });
});

describe('options', () => {
  test('a short period gets one file per kind with date-range names', async () => {
    const m = await generateDemo({ outDir: tempDir(), seed: 3, from: '2025-03-01', to: '2025-03-10', scale: 0.2 });
    expect(m.files.map((f) => f.fileName)).toEqual([
      'calls-20250301-20250310.csv',
      'surveys-interviews.csv',
      'surveys-online.ndjson',
      'complaints-20250301-20250310-gb18030.csv',
    ]);
    for (const f of m.files.filter((x) => x.kind === 'calls')) {
      for (const r of readCanonical(f)) {
        const when = shanghaiDate(r['started_at']);
        if (when) expect(when.date >= '2025-03-01' && when.date <= '2025-03-10').toBe(true);
      }
    }
  });

  test('periodLabel names years, halves and quarters', () => {
    expect(periodLabel(parseLocalDate('2025-01-01'), parseLocalDate('2026-01-01'))).toBe('2025');
    expect(periodLabel(parseLocalDate('2025-07-01'), parseLocalDate('2026-01-01'))).toBe('2025H2');
    expect(periodLabel(parseLocalDate('2026-01-01'), parseLocalDate('2026-04-01'))).toBe('2026Q1');
    expect(periodLabel(parseLocalDate('2025-03-15'), parseLocalDate('2025-06-15'))).toBe('20250315-20250614');
  });

  test('invalid options throw RangeError naming the function', async () => {
    await expect(generateDemo({ outDir: tempDir(), scale: 0 })).rejects.toThrow(/^generateDemo: scale/);
    await expect(generateDemo({ outDir: tempDir(), from: '2025-02-30' })).rejects.toThrow(RangeError);
    await expect(generateDemo({ outDir: tempDir(), from: '2025-03-02', to: '2025-03-01' })).rejects.toThrow(/must not be before/);
    await expect(generateDemo({ outDir: tempDir(), seed: Number.NaN })).rejects.toThrow(/seed/);
  });
});

describe('performance and hygiene', () => {
  test('scale 1 generates ~70k contacts, ~8k surveys, ~2k complaints in under 5 s', async () => {
    const t0 = performance.now();
    const m = await generateDemo({ outDir: tempDir() });
    const seconds = (performance.now() - t0) / 1000;
    expect(seconds).toBeLessThan(5);
    expect(m.totals.contacts).toBeGreaterThan(60_000);
    expect(m.totals.contacts).toBeLessThan(80_000);
    expect(m.totals.surveys).toBeGreaterThan(6_500);
    expect(m.totals.surveys).toBeLessThan(9_500);
    expect(m.totals.complaints).toBeGreaterThan(1_700);
    expect(m.totals.complaints).toBeLessThan(2_600);
  });

  test('src/demo never uses Math.random or the clock', () => {
    const dir = join(import.meta.dirname, '../../src/demo');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const source = readFileSync(join(dir, name), 'utf8');
      expect(source, name).not.toMatch(/Math\.random|Date\.now|new Date\(\)/);
    }
  });
});
