/**
 * What each candidate join index costs a load, measured in isolation:
 * `npx tsc -p tsconfig.build.json && node dist/bench/index-costs.js [--rows N] [--pglite-rows N] [--repeat K]
 * [--server-url URL] [--only server|embedded] [--seed N] [--skip-copy] [--skip-ingest] [--json FILE]` (defaults: 1M rows on
 * the server, 200k on PGlite, 3 repetitions; 5 repetitions take about an hour on 2 cores).
 *
 * Why: the fact tables were built for COPY speed with no b-tree (000001_foundation.sql: a primary key and a
 * random-UUID unique index each cost more than PostgreSQL's whole typed-COPY budget). The analyses need
 * joins on customer_key, contact_id, ticket_id / complaint_id and agent + time; this measures, per index,
 * what it costs a load and what it buys a join, so sql/000005_join_indexes.sql can choose per index.
 *
 * Method (the code below follows it):
 * 1. A scratch database (server: a fresh database, dropped at the end; embedded: PGlite in a temp directory
 *    through src/db/connect.ts), migrated, so `public` holds the real tables with every index the migrations
 *    create. The measurements run on copies in a schema `ixbench` (`CREATE TABLE … (LIKE public.t …)`), so
 *    the shapes, defaults and CHECKs are the real ones by construction.
 * 2. Data, seeded and generated before any timing (only the database is timed): N contacts (contact_id text
 *    ids increasing, started_at increasing ~7.9 s apart = a million a quarter, 200 agents in 20 teams (every
 *    tenth agent in the next team during the middle third: A → B → A), 8 % abandoned without agent, 5 % without customer key; of the rest ~30 % are repeat callers, half of them
 *    calling back among the last 2,000 customers, half any earlier customer; keys are random UUIDs); N survey
 *    responses and N complaints drawn from contact streams of their own (85 % / 60 % carry the contact_id,
 *    5 % of surveys a complaint_id), sorted by their time as files arrive. Rows are written in binary COPY
 *    format with the ingest's own writers (src/ingest/copy-buffer.ts), as `servq ingest` sends them.
 * 3. COPY cost, per table and per index configuration, K repetitions interleaved (config order inside each
 *    round): fresh table, its indexes, CHECKPOINT (so no run pays for the previous one's dirty pages), then
 *    `BEGIN; COPY … FROM STDIN (FORMAT binary); COMMIT` timed. Configurations: `bare` (no index at all),
 *    `foundation` (the BRIN index the table has today: the baseline of every ratio), foundation + one candidate
 *    each, and `migrated` (every index the migrations create on the table now, i.e. with 000005: the chosen set).
 *    A fourth series loads contacts whose contact_id is random UUID text (some platforms export those) with
 *    the contact_id candidates: the cost of an index on unordered ids.
 * 4. The same candidates created AFTER the load (CREATE INDEX on the loaded foundation table), K times each.
 * 5. Joins: the foundation tables loaded from one world (N contacts, N/10 surveys and N/50 complaints drawn
 *    from those contacts), ANALYZEd; each query timed (median of K after one warm-up) with no join index, with
 *    b-trees on the keys and agent + time, with hash indexes on the keys, and with the migrated set; the
 *    plan's joins and indexes are printed. The views the queries read (agent_assignment, the *_current views
 *    of 000004) are the migrated definitions, re-created over the bench tables.
 * 6. End to end: `ingestFile` (what `servq ingest calls` runs) of the ingest benchmark's call log
 *    (bench/generate-calls-csv.ts, N rows, seed 1; increasing call ids) and of the same file with random UUID
 *    call ids, into a fresh migrated database, with the contact table's migrated indexes, with them dropped
 *    (foundation), and with a hash index on contact_id instead, K repetitions interleaved: what the indexes
 *    cost a real load, where JavaScript parses on one core while the engine inserts on the other. The call
 *    logs are cached in the system temp folder (servq-index-bench-data/), generated on first use.
 * Medians; the machine is noisy (STACK.md: treat timings as ±30 %).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connect } from '../src/db/connect.js';
import type { Database, LeasedSession } from '../src/db/session.js';
import { ingestFile } from '../src/ingest/ingest-file.js';
import { KeyedHasher } from '../src/privacy/keyed-hash.js';
import { ensureCallLogFiles } from './call-log-files.js';
import {
  CopyBuffer,
  writeBinaryBool,
  writeBinaryBytes,
  writeBinaryFloat8,
  writeBinaryInt8,
  writeBinaryNull,
  writeBinaryTimestamp,
  writeInt16,
} from '../src/ingest/copy-buffer.js';
import { DEFAULT_SERVER_URL, redactUrl, withDatabase } from './server-database.js';

// --- Options ---------------------------------------------------------------------------------------------

interface Options {
  readonly rows: number;
  readonly pgliteRows: number;
  readonly repeat: number;
  readonly serverUrl: string;
  readonly only: 'server' | 'embedded' | undefined;
  readonly json: string | undefined;
  readonly seed: number;
  readonly skipIngest: boolean;
  /** Skip steps 3 and 4 (the COPY and CREATE INDEX timings): joins (and ingest) only. */
  readonly skipCopy: boolean;
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got ${value}`);
  return n;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rows: { type: 'string' },
      'pglite-rows': { type: 'string' },
      repeat: { type: 'string' },
      'server-url': { type: 'string' },
      only: { type: 'string' },
      'skip-ingest': { type: 'boolean' },
      'skip-copy': { type: 'boolean' },
      json: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const only = values.only;
  if (only !== undefined && only !== 'server' && only !== 'embedded') throw new Error('--only: server or embedded');
  return {
    rows: positiveInteger('rows', values.rows, 1_000_000),
    // PGlite's WASM heap grows with the data and never shrinks (STACK.md): a fifth of the server's size.
    pgliteRows: positiveInteger('pglite-rows', values['pglite-rows'], 200_000),
    repeat: positiveInteger('repeat', values.repeat, 3),
    serverUrl: values['server-url'] ?? process.env['BENCH_DATABASE_URL'] ?? DEFAULT_SERVER_URL,
    only,
    json: values.json,
    seed: positiveInteger('seed', values.seed, 20_250_106),
    skipIngest: values['skip-ingest'] === true,
    skipCopy: values['skip-copy'] === true,
  };
}

// --- Seeded data ---------------------------------------------------------------------------------------

/** mulberry32 (Tommy Ettinger's 32-bit generator): small, fast, and reproducible from a seed. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Exponentially distributed with the given mean. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
  uuid(): Buffer {
    const b = Buffer.allocUnsafe(16);
    for (let i = 0; i < 16; i += 4) b.writeUInt32BE(Math.floor(this.next() * 4_294_967_296), i);
    b[6] = (b[6]! & 0x0f) | 0x40; // version 4, variant 10: a well-formed random UUID
    b[8] = (b[8]! & 0x3f) | 0x80;
    return b;
  }
}

const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2025, 0, 6);
/** A million contacts a quarter (91 days). */
const MEAN_GAP_MS = (91 * DAY_MS) / 1_000_000;
const AGENTS = 200;
const AGENTS_PER_TEAM = 10;
const RECENT_CUSTOMERS = 2_000;

const ascii = (s: string): Buffer => Buffer.from(s, 'utf8');
const AGENT_CODE = Array.from({ length: AGENTS }, (_, i) => ascii(`A${String(i + 1).padStart(3, '0')}`));
const AGENT_NAME = Array.from({ length: AGENTS }, (_, i) => ascii(`坐席${String(i + 1).padStart(3, '0')}`));
const TEAM = Array.from({ length: AGENTS / AGENTS_PER_TEAM }, (_, i) => ascii(`T${String(i + 1).padStart(2, '0')}`));
const REGION = ['华东', '华南', '华北', '西南', '西北', '东北'].map(ascii);
const QUEUE = Array.from({ length: 12 }, (_, i) => ascii(`Q${i + 1}`));
const CHANNEL = (['phone', 'chat', 'email', 'app'] as const).map(ascii);
const CHANNEL_CUMULATIVE = [0.7, 0.85, 0.95, 1];
const ANSWERED = ascii('answered');
const ABANDONED = ascii('abandoned');
const ORDINARY = ascii('ordinary');
const MAJOR = ascii('major');
const PHONE_SOURCE = ascii('phone');
const METHOD = (['online', 'phone'] as const).map(ascii);
const CATEGORY = (['service', 'product', 'technical', 'other'] as const).map(ascii);
const URGENCY = (['critical', 'high', 'medium', 'low'] as const).map(ascii);
const STATUS = (['open', 'in_progress', 'resolved', 'closed'] as const).map(ascii);
const DESCRIPTION = ascii('客户反映等待时间过长，问题未解决，要求回电 ***');
const COMMENT = ascii('服务态度好，但等待时间较长');

/** One generated contact: what the contact row and the surveys and complaints drawn from it need. */
interface Contact {
  readonly seq: number;
  readonly contactId: Buffer;
  readonly startedMs: number;
  readonly answered: boolean;
  readonly agent: number; // -1: none (abandoned)
  readonly team: number;
  readonly channel: number;
  readonly customer: Buffer | null;
}

/** Contacts in time order; see the module comment (step 2) for the mix. */
/**
 * The team an agent works in at contact number `seq`: agent i in team ⌊i / 10⌋, except that every tenth agent
 * works in the next team during the middle third of the contacts (a move A → B → A, as agent_assignment must
 * show: 20 of 200 agents).
 */
function teamOf(agent: number, seq: number, contacts: number): number {
  const home = Math.floor(agent / AGENTS_PER_TEAM);
  const away = agent % AGENTS_PER_TEAM === 0 && seq > contacts / 3 && seq <= (2 * contacts) / 3;
  return away ? (home + 1) % TEAM.length : home;
}

class ContactStream {
  private seq = 0;
  private t = START_MS;
  private readonly customers: Buffer[] = [];
  private readonly recent: Buffer[] = [];
  private recentAt = 0;
  /** `contacts`: how many this stream will give (it places the agents' moves); `uuid`: contact ids as random
   * UUID text, as some contact-centre platforms (Amazon Connect, Genesys Cloud) export them. */
  constructor(
    readonly rng: Rng,
    readonly contacts: number,
    readonly ids: 'sequential' | 'uuid' = 'sequential',
  ) {}

  next(): Contact {
    const r = this.rng;
    this.seq += 1;
    this.t += r.exp(MEAN_GAP_MS);
    const answered = r.next() >= 0.08;
    const u = r.next();
    let channel = 0;
    while (u >= CHANNEL_CUMULATIVE[channel]!) channel += 1;
    return {
      seq: this.seq,
      contactId: this.ids === 'uuid' ? ascii(uuidText(r.uuid())) : ascii(`C${1_000_000_000 + this.seq}`),
      startedMs: Math.round(this.t),
      answered,
      ...this.agentAndTeam(answered ? r.int(AGENTS) : -1),
      channel,
      customer: this.customer(),
    };
  }

  private agentAndTeam(agent: number): { agent: number; team: number } {
    return { agent, team: agent < 0 ? -1 : teamOf(agent, this.seq, this.contacts) };
  }

  private customer(): Buffer | null {
    const r = this.rng;
    if (r.next() < 0.05) return null; // number withheld
    let key: Buffer;
    if (this.customers.length > 0 && r.next() < 0.3) {
      key = r.next() < 0.5 ? this.recent[r.int(this.recent.length)]! : this.customers[r.int(this.customers.length)]!;
    } else {
      key = r.uuid();
      this.customers.push(key);
    }
    if (this.recent.length < RECENT_CUSTOMERS) this.recent.push(key);
    else this.recent[this.recentAt++ % RECENT_CUSTOMERS] = key;
    return key;
  }
}

function uuidText(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A survey response or complaint drawn from a contact, before it is given its line and id in time order. */
interface Drawn {
  readonly timeMs: number;
  readonly contact: Contact;
  readonly linked: boolean; // carries the contact_id
  readonly ref: number; // survey: the complaint number it rates (0: none)
}

function drawSurvey(c: Contact, r: Rng, complaints: number): Drawn {
  return {
    timeMs: c.startedMs + 3_600_000 + Math.round(r.next() * 47 * 3_600_000),
    contact: c,
    linked: r.next() < 0.85,
    ref: complaints > 0 && r.next() < 0.05 ? 1 + r.int(complaints) : 0,
  };
}

function drawComplaint(c: Contact, r: Rng): Drawn {
  return { timeMs: c.startedMs + Math.round(r.next() * 72 * 3_600_000), contact: c, linked: r.next() < 0.6, ref: 0 };
}

/** Encoded rows of one table, ready to send: COPY chunks of ~1 MiB (no binary header: the session adds it). */
interface Encoded {
  readonly rows: number;
  readonly bytes: number;
  readonly chunks: readonly Buffer[];
}

const CONTACT_COLUMNS = [
  'batch_id', 'line_no', 'contact_id', 'started_at', 'answered_at', 'ended_at', 'channel', 'queue', 'outcome',
  'wait_seconds', 'talk_seconds', 'hold_seconds', 'after_work_seconds', 'transferred', 'resolved_first_contact',
  'priority', 'agent_code', 'agent_name', 'team', 'region', 'customer_key', 'customer_key_source', 'row_key',
];
const SURVEY_COLUMNS = [
  'batch_id', 'line_no', 'response_id', 'answered_at', 'method', 'channel', 'contact_id', 'complaint_id', 'comment',
  'agent_code', 'agent_name', 'team', 'region', 'customer_key', 'customer_key_source', 'row_key',
];
const COMPLAINT_COLUMNS = [
  'batch_id', 'line_no', 'ticket_id', 'contact_id', 'received_at', 'channel', 'description', 'category', 'urgency',
  'status', 'first_response_at', 'resolved_at', 'agent_code', 'agent_name', 'team', 'region', 'customer_key',
  'customer_key_source', 'row_key',
];

function textOrNull(out: CopyBuffer, bytes: Buffer | null | undefined): void {
  if (bytes === null || bytes === undefined) writeBinaryNull(out);
  else writeBinaryBytes(out, bytes);
}

function agentFields(out: CopyBuffer, c: Contact | null, r: Rng): void {
  textOrNull(out, c === null || c.agent < 0 ? null : AGENT_CODE[c.agent]);
  textOrNull(out, c === null || c.agent < 0 ? null : AGENT_NAME[c.agent]);
  textOrNull(out, c === null || c.agent < 0 ? null : TEAM[c.team]);
  writeBinaryBytes(out, REGION[r.int(REGION.length)]!);
}

function customerFields(out: CopyBuffer, customer: Buffer | null, r: Rng): void {
  textOrNull(out, customer); // a uuid's binary form is its 16 bytes
  textOrNull(out, customer === null ? null : PHONE_SOURCE);
  writeBinaryBytes(out, r.uuid()); // row_key
}

function writeContact(out: CopyBuffer, c: Contact, r: Rng): void {
  out.reserve(1024);
  out.beginRow();
  writeInt16(out, CONTACT_COLUMNS.length);
  writeBinaryInt8(out, 1);
  writeBinaryInt8(out, c.seq + 1); // line 1 is the header
  writeBinaryBytes(out, c.contactId);
  writeBinaryTimestamp(out, c.startedMs);
  const wait = c.answered ? r.exp(40) : r.exp(90);
  const talk = r.exp(300);
  if (c.answered) {
    writeBinaryTimestamp(out, c.startedMs + Math.round(wait * 1000));
    writeBinaryTimestamp(out, c.startedMs + Math.round((wait + talk) * 1000));
  } else {
    writeBinaryNull(out);
    writeBinaryTimestamp(out, c.startedMs + Math.round(wait * 1000));
  }
  writeBinaryBytes(out, CHANNEL[c.channel]!);
  writeBinaryBytes(out, QUEUE[r.int(QUEUE.length)]!);
  writeBinaryBytes(out, c.answered ? ANSWERED : ABANDONED);
  writeBinaryFloat8(out, Math.round(wait));
  if (c.answered) {
    writeBinaryFloat8(out, Math.round(talk));
    writeBinaryFloat8(out, r.next() < 0.2 ? Math.round(r.exp(45)) : 0);
    writeBinaryFloat8(out, Math.round(r.exp(30)));
    writeBinaryBool(out, r.next() < 0.1);
    writeBinaryBool(out, r.next() < 0.75);
  } else {
    for (let i = 0; i < 5; i++) writeBinaryNull(out);
  }
  writeBinaryBytes(out, r.next() < 0.05 ? MAJOR : ORDINARY);
  agentFields(out, c, r);
  customerFields(out, c.customer, r);
}

function writeSurvey(out: CopyBuffer, d: Drawn, lineNo: number, r: Rng): void {
  const c = d.contact;
  out.reserve(1024);
  out.beginRow();
  writeInt16(out, SURVEY_COLUMNS.length);
  writeBinaryInt8(out, 1);
  writeBinaryInt8(out, lineNo + 1);
  writeBinaryBytes(out, ascii(`R${1_000_000_000 + lineNo}`));
  writeBinaryTimestamp(out, d.timeMs);
  writeBinaryBytes(out, METHOD[r.int(METHOD.length)]!);
  writeBinaryBytes(out, CHANNEL[c.channel]!);
  textOrNull(out, d.linked ? c.contactId : null);
  textOrNull(out, d.ref > 0 ? ascii(`T${1_000_000_000 + d.ref}`) : null);
  textOrNull(out, r.next() < 0.2 ? COMMENT : null);
  agentFields(out, c, r);
  customerFields(out, c.customer, r);
}

function writeComplaint(out: CopyBuffer, d: Drawn, lineNo: number, r: Rng): void {
  const c = d.contact;
  out.reserve(1024);
  out.beginRow();
  writeInt16(out, COMPLAINT_COLUMNS.length);
  writeBinaryInt8(out, 1);
  writeBinaryInt8(out, lineNo + 1);
  writeBinaryBytes(out, ascii(`T${1_000_000_000 + lineNo}`));
  textOrNull(out, d.linked ? c.contactId : null);
  writeBinaryTimestamp(out, d.timeMs);
  writeBinaryBytes(out, CHANNEL[c.channel]!);
  writeBinaryBytes(out, DESCRIPTION);
  writeBinaryBytes(out, CATEGORY[r.int(CATEGORY.length)]!);
  writeBinaryBytes(out, URGENCY[r.int(URGENCY.length)]!);
  writeBinaryBytes(out, STATUS[r.int(STATUS.length)]!);
  writeBinaryTimestamp(out, d.timeMs + Math.round(r.exp(3_600_000)));
  if (r.next() < 0.7) writeBinaryTimestamp(out, d.timeMs + Math.round(r.exp(DAY_MS)));
  else writeBinaryNull(out);
  agentFields(out, r.next() < 0.7 ? c : null, r);
  customerFields(out, c.customer, r);
}

function finish(out: CopyBuffer, rows: number): Encoded {
  out.flush();
  const chunks = out.take();
  return { rows, bytes: chunks.reduce((n, b) => n + b.length, 0), chunks };
}

/** The rows of one world: `contacts` contacts, and the surveys / complaints drawn from them at these rates. */
interface World {
  readonly contact: Encoded;
  readonly survey_response: Encoded;
  readonly complaint: Encoded;
}

function sortedByTime(drawn: Drawn[]): Drawn[] {
  return drawn.sort((a, b) => a.timeMs - b.timeMs || a.contact.seq - b.contact.seq);
}

/** Contacts, and the surveys and complaints drawn from those same contacts (the join world). */
function joinWorld(contacts: number, seed: number): World {
  const stream = new ContactStream(new Rng(seed), contacts);
  const r = new Rng(seed + 1);
  const out = new CopyBuffer();
  const surveys: Drawn[] = [];
  const complaints: Drawn[] = [];
  for (let i = 0; i < contacts; i++) {
    const c = stream.next();
    writeContact(out, c, r);
    if (c.answered && r.next() < 0.1) surveys.push(drawSurvey(c, r, 0));
    if (r.next() < 0.02) complaints.push(drawComplaint(c, r));
  }
  const contact = finish(out, contacts);
  const complaintOut = new CopyBuffer();
  sortedByTime(complaints).forEach((d, i) => writeComplaint(complaintOut, d, i + 1, r));
  // Surveys that rate a complaint name one of the complaints above (their ticket ids are T1000000001…).
  const surveyOut = new CopyBuffer();
  sortedByTime(surveys.map((d) => ({ ...d, ref: r.next() < 0.05 ? 1 + r.int(complaints.length) : 0 }))).forEach((d, i) =>
    writeSurvey(surveyOut, d, i + 1, r),
  );
  return { contact, survey_response: finish(surveyOut, surveys.length), complaint: finish(complaintOut, complaints.length) };
}

/** `rows` contacts whose contact_id is random UUID text (for the cost of an index on unordered ids). */
function uuidIdContacts(rows: number, seed: number): Encoded {
  const stream = new ContactStream(new Rng(seed), rows, 'uuid');
  const r = new Rng(seed + 1);
  const out = new CopyBuffer();
  for (let i = 0; i < rows; i++) writeContact(out, stream.next(), r);
  return finish(out, rows);
}

/** `rows` rows of one table, drawn from a contact stream of its own (for the COPY cost of that table). */
function tableRows(table: 'survey_response' | 'complaint', rows: number, seed: number): Encoded {
  // Every other contact gives a row of this table (surveys: of the answered ones, ~46 %).
  const stream = new ContactStream(new Rng(seed), Math.round(rows / (table === 'survey_response' ? 0.46 : 0.5)));
  const r = new Rng(seed + 1);
  const drawn: Drawn[] = [];
  while (drawn.length < rows) {
    const c = stream.next();
    if (table === 'survey_response' && c.answered && r.next() < 0.5) drawn.push(drawSurvey(c, r, rows));
    if (table === 'complaint' && r.next() < 0.5) drawn.push(drawComplaint(c, r));
  }
  const out = new CopyBuffer();
  sortedByTime(drawn).forEach((d, i) => (table === 'survey_response' ? writeSurvey : writeComplaint)(out, d, i + 1, r));
  return finish(out, rows);
}

// --- Index configurations ------------------------------------------------------------------------------

type FactTable = 'contact' | 'survey_response' | 'complaint';
const TABLES: readonly FactTable[] = ['contact', 'survey_response', 'complaint'];
const COLUMNS: Readonly<Record<FactTable, readonly string[]>> = {
  contact: CONTACT_COLUMNS,
  survey_response: SURVEY_COLUMNS,
  complaint: COMPLAINT_COLUMNS,
};
const SCHEMA = 'ixbench';

/** A candidate: `{t}` stands for the table. */
interface Candidate {
  readonly label: string;
  readonly sql: string;
}

const CANDIDATES: Readonly<Record<FactTable, readonly Candidate[]>> = {
  contact: [
    { label: 'btree (customer_key)', sql: 'CREATE INDEX ON {t} (customer_key)' },
    { label: 'btree (customer_key) partial', sql: 'CREATE INDEX ON {t} (customer_key) WHERE customer_key IS NOT NULL' },
    { label: 'btree (customer_key, started_at)', sql: 'CREATE INDEX ON {t} (customer_key, started_at)' },
    { label: 'btree (customer_key, started_at) partial', sql: 'CREATE INDEX ON {t} (customer_key, started_at) WHERE customer_key IS NOT NULL' },
    { label: 'hash (customer_key)', sql: 'CREATE INDEX ON {t} USING hash (customer_key)' },
    { label: 'btree (contact_id)', sql: 'CREATE INDEX ON {t} (contact_id)' },
    { label: 'hash (contact_id)', sql: 'CREATE INDEX ON {t} USING hash (contact_id)' },
    { label: 'btree (agent_code, started_at)', sql: 'CREATE INDEX ON {t} (agent_code, started_at)' },
    { label: 'btree (agent_code, started_at) partial', sql: 'CREATE INDEX ON {t} (agent_code, started_at) WHERE agent_code IS NOT NULL' },
  ],
  survey_response: [
    { label: 'btree (contact_id) partial', sql: 'CREATE INDEX ON {t} (contact_id) WHERE contact_id IS NOT NULL' },
    { label: 'hash (contact_id)', sql: 'CREATE INDEX ON {t} USING hash (contact_id)' },
    { label: 'btree (complaint_id) partial', sql: 'CREATE INDEX ON {t} (complaint_id) WHERE complaint_id IS NOT NULL' },
    { label: 'hash (complaint_id)', sql: 'CREATE INDEX ON {t} USING hash (complaint_id)' },
    { label: 'btree (customer_key, answered_at) partial', sql: 'CREATE INDEX ON {t} (customer_key, answered_at) WHERE customer_key IS NOT NULL' },
    { label: 'hash (customer_key)', sql: 'CREATE INDEX ON {t} USING hash (customer_key)' },
    { label: 'btree (agent_code, answered_at) partial', sql: 'CREATE INDEX ON {t} (agent_code, answered_at) WHERE agent_code IS NOT NULL' },
  ],
  complaint: [
    { label: 'btree (ticket_id) partial', sql: 'CREATE INDEX ON {t} (ticket_id) WHERE ticket_id IS NOT NULL' },
    { label: 'hash (ticket_id)', sql: 'CREATE INDEX ON {t} USING hash (ticket_id)' },
    { label: 'btree (contact_id) partial', sql: 'CREATE INDEX ON {t} (contact_id) WHERE contact_id IS NOT NULL' },
    { label: 'hash (contact_id)', sql: 'CREATE INDEX ON {t} USING hash (contact_id)' },
    { label: 'btree (customer_key, received_at) partial', sql: 'CREATE INDEX ON {t} (customer_key, received_at) WHERE customer_key IS NOT NULL' },
    { label: 'hash (customer_key)', sql: 'CREATE INDEX ON {t} USING hash (customer_key)' },
    { label: 'btree (agent_code, received_at) partial', sql: 'CREATE INDEX ON {t} (agent_code, received_at) WHERE agent_code IS NOT NULL' },
  ],
};

/** How a configuration builds the table: `bare` and `foundation` have no candidate; `migrated` copies every index. */
interface Config {
  readonly label: string;
  readonly kind: 'bare' | 'foundation' | 'candidate' | 'migrated';
  readonly sql?: string;
}

function configsOf(table: FactTable): Config[] {
  return [
    { label: 'bare (no index at all)', kind: 'bare' },
    { label: 'foundation (BRIN on time) = 1.00', kind: 'foundation' },
    ...CANDIDATES[table].map((c): Config => ({ label: `+ ${c.label}`, kind: 'candidate', sql: c.sql })),
    { label: 'migrated (every index of sql/)', kind: 'migrated' },
  ];
}

/** One series of COPY runs: a table, its data, the configurations compared (the second is the baseline). */
interface CopySuite {
  readonly name: string;
  readonly table: FactTable;
  readonly data: Encoded;
  readonly configs: readonly Config[];
}

const qualified = (table: FactTable): string => `${SCHEMA}.${table}`;

/** The BRIN (foundation) index definitions of the real table, re-pointed at the bench copy. */
async function foundationIndexes(s: LeasedSession, table: FactTable): Promise<string[]> {
  const { rows } = await s.query<{ indexdef: string }>(
    "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1 AND indexdef LIKE '% USING brin %'",
    [table],
  );
  // Unnamed, so the copy gets a name of its own in the bench schema.
  return rows.map((r) => r.indexdef.replace(/^CREATE INDEX \S+ ON (ONLY )?\S+/, `CREATE INDEX ON ${qualified(table)}`));
}

/** Creates the bench copy of `table` as `config` says (dropping any earlier copy). */
async function createTable(s: LeasedSession, table: FactTable, config: Config): Promise<void> {
  await s.query(`DROP TABLE IF EXISTS ${qualified(table)}`);
  const like = config.kind === 'migrated' ? 'INCLUDING ALL' : 'INCLUDING DEFAULTS INCLUDING CONSTRAINTS';
  await s.query(`CREATE TABLE ${qualified(table)} (LIKE public.${table} ${like})`);
  if (config.kind === 'foundation' || config.kind === 'candidate') {
    for (const sql of await foundationIndexes(s, table)) await s.query(sql);
  }
  if (config.sql !== undefined) await s.query(config.sql.replace('{t}', qualified(table)));
}

async function checkpoint(s: LeasedSession): Promise<void> {
  // Flushes the previous run's dirty pages so this run does not pay for them; optional where not allowed.
  await s.query('CHECKPOINT').catch(() => undefined);
}

async function* chunksOf(data: Encoded): AsyncIterable<Uint8Array> {
  for (const chunk of data.chunks) yield chunk;
}

/** Cumulative CPU seconds of the database engine's side of the session, when it can be read. */
type CpuClock = () => number;

/**
 * The engine's CPU clock. Wall time on this 2-core machine moves with whatever else runs (tests, builds);
 * the CPU the engine spends on a statement does much less, so both are reported. Server: the backend
 * process's utime + stime from /proc (only when the server runs on this machine); PGlite: this process's
 * CPU (the engine's worker thread, plus the main thread handing it the chunks).
 */
async function cpuClock(s: LeasedSession, kind: Database['kind']): Promise<CpuClock | undefined> {
  if (kind === 'pglite') {
    return () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
  }
  const { rows } = await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const path = `/proc/${rows[0]!.pid}/stat`;
  let ticks: number;
  try {
    if (!readFileSync(path, 'utf8').includes('(postgres)')) return undefined;
    ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return undefined; // a remote server: wall time only
  }
  return () => {
    // Fields after the command name (which ends with ')'): utime and stime are the 12th and 13th.
    const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticks;
  };
}

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

async function timed(cpu: CpuClock | undefined, work: () => Promise<unknown>): Promise<Timing> {
  const cpuStart = cpu?.() ?? Number.NaN;
  const start = performance.now();
  await work();
  const wall = (performance.now() - start) / 1000;
  return { wall, cpu: (cpu?.() ?? Number.NaN) - cpuStart };
}

/** Times `BEGIN; COPY; COMMIT` of the data into the bench copy of `table`. */
async function timeCopy(s: LeasedSession, table: FactTable, data: Encoded, cpu?: CpuClock): Promise<Timing> {
  const copySql = `COPY ${qualified(table)} (${COLUMNS[table].join(', ')}) FROM STDIN WITH (FORMAT binary)`;
  return timed(cpu, async () => {
    await s.query('BEGIN');
    await s.copyFrom(copySql, chunksOf(data), 'binary');
    await s.query('COMMIT');
  });
}

interface IndexSize {
  readonly heapBytes: number;
  /** Bytes of the indexes other than the foundation's BRIN. */
  readonly addedIndexBytes: number;
}

async function sizes(s: LeasedSession, table: FactTable): Promise<IndexSize> {
  const { rows } = await s.query<{ heap: string; added: string | null }>(
    `SELECT pg_relation_size($1::regclass)::text AS heap,
            (SELECT sum(pg_relation_size(i.indexrelid))::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = $1::regclass AND a.amname <> 'brin') AS added`,
    [qualified(table)],
  );
  return { heapBytes: Number(rows[0]!.heap), addedIndexBytes: Number(rows[0]!.added ?? 0) };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// --- Joins ---------------------------------------------------------------------------------------------

interface JoinQuery {
  readonly id: string;
  readonly label: string;
  readonly sql: string;
}

/** The joins the analyses run; `$day` / `$week` are replaced by a date inside the data, `$key` by a repeat customer. */
const JOINS: readonly JoinQuery[] = [
  {
    id: 'Q1',
    label: 'all surveys ⋈ contact on contact_id',
    sql: 'SELECT count(*), avg(c.wait_seconds) FROM survey_response s JOIN contact c ON c.contact_id = s.contact_id',
  },
  {
    id: 'Q2',
    label: "one day's surveys ⋈ contact on contact_id",
    sql: `SELECT count(*), avg(c.wait_seconds) FROM survey_response s JOIN contact c ON c.contact_id = s.contact_id
          WHERE s.answered_at >= $day AND s.answered_at < $day + interval '1 day'`,
  },
  {
    id: 'Q3',
    label: "one day's contacts ⋈ their surveys (survey.contact_id)",
    sql: `SELECT count(*) FROM contact c JOIN survey_response s ON s.contact_id = c.contact_id
          WHERE c.started_at >= $day AND c.started_at < $day + interval '1 day'`,
  },
  {
    id: 'Q4',
    label: 'all complaints ⋈ contact on contact_id',
    sql: 'SELECT count(*), avg(c.talk_seconds) FROM complaint k JOIN contact c ON c.contact_id = k.contact_id',
  },
  {
    id: 'Q5',
    label: 'all complaints ⋈ contacts of the customer in the 7 days before',
    sql: `SELECT count(*) FROM complaint k JOIN contact c ON c.customer_key = k.customer_key
          AND c.started_at >= k.received_at - interval '7 days' AND c.started_at <= k.received_at`,
  },
  {
    id: 'Q6',
    label: "one week's complaints ⋈ contacts of the customer in the 7 days before",
    sql: `SELECT count(*) FROM complaint k JOIN contact c ON c.customer_key = k.customer_key
          AND c.started_at >= k.received_at - interval '7 days' AND c.started_at <= k.received_at
          WHERE k.received_at >= $week AND k.received_at < $week + interval '7 days'`,
  },
  {
    id: 'Q6b',
    label: 'Q6 with the contacts bounded to the window (BRIN)',
    sql: `SELECT count(*) FROM complaint k JOIN contact c ON c.customer_key = k.customer_key
          AND c.started_at >= k.received_at - interval '7 days' AND c.started_at <= k.received_at
          WHERE k.received_at >= $week AND k.received_at < $week + interval '7 days'
            AND c.started_at >= $week - interval '7 days' AND c.started_at < $week + interval '7 days'`,
  },
  {
    id: 'Q7',
    label: 'all surveys ⋈ complaint on complaint_id = ticket_id',
    sql: 'SELECT count(*) FROM survey_response s JOIN complaint k ON k.ticket_id = s.complaint_id',
  },
  {
    id: 'Q8',
    label: "one customer's history in the three sources",
    sql: `SELECT count(*) FROM (SELECT started_at FROM contact WHERE customer_key = $key
          UNION ALL SELECT answered_at FROM survey_response WHERE customer_key = $key
          UNION ALL SELECT received_at FROM complaint WHERE customer_key = $key) h`,
  },
  {
    id: 'Q9',
    label: "one agent's contacts in one week",
    sql: `SELECT count(*), avg(talk_seconds) FROM contact WHERE agent_code = 'A042'
          AND started_at >= $week AND started_at < $week + interval '7 days'`,
  },
  {
    id: 'Q10',
    label: 'agent_assignment view (periods of every agent)',
    sql: 'SELECT count(*), max(valid_to) FROM agent_assignment',
  },
  {
    id: 'Q11',
    label: 'contact_current (000004: the latest version of each contact)',
    sql: 'SELECT count(*) FROM contact_current',
  },
  {
    id: 'Q12',
    label: "Q2 through the current views: one day's surveys ⋈ contact_current",
    sql: `SELECT count(*), avg(c.wait_seconds) FROM survey_response_current s JOIN contact_current c ON c.contact_id = s.contact_id
          WHERE s.answered_at >= $day AND s.answered_at < $day + interval '1 day'`,
  },
  {
    id: 'Q13',
    label: 'Q1 through the current views: all surveys ⋈ contact_current',
    sql: 'SELECT count(*), avg(c.wait_seconds) FROM survey_response_current s JOIN contact_current c ON c.contact_id = s.contact_id',
  },
];

interface JoinState {
  readonly label: string;
  /** Which candidates (by label prefix, every table) to create; `migrated`: the migrations' own indexes. */
  readonly indexes: readonly string[] | 'migrated';
}

/** The key and agent candidates with a b-tree, the same with hash indexes on the keys, and the chosen set. */
const JOIN_STATES: readonly JoinState[] = [
  { label: 'no join index', indexes: [] },
  {
    label: 'b-tree keys',
    indexes: ['btree (contact_id)', 'btree (complaint_id)', 'btree (ticket_id)', 'btree (customer_key, ', 'btree (agent_code, '],
  },
  { label: 'hash keys', indexes: ['hash (contact_id)', 'hash (complaint_id)', 'hash (ticket_id)', 'hash (customer_key)'] },
  { label: 'migrated (chosen)', indexes: 'migrated' },
];

/** The index statements of a join state on one table; of two variants of one candidate, the partial one. */
async function stateIndexes(s: LeasedSession, state: JoinState, table: FactTable): Promise<string[]> {
  if (state.indexes === 'migrated') return migratedIndexes(s, table);
  const prefixes = state.indexes;
  const chosen = CANDIDATES[table].filter((c) => prefixes.some((p) => c.label.startsWith(p)));
  const kept = chosen.filter((c) => c.label.endsWith('partial') || !chosen.some((o) => o.label === `${c.label} partial`));
  return kept.map((c) => c.sql.replace('{t}', qualified(table)));
}

/** The non-BRIN index definitions the migrations put on the real table, re-pointed at the bench copy. */
async function migratedIndexes(s: LeasedSession, table: FactTable): Promise<string[]> {
  const { rows } = await s.query<{ indexdef: string }>(
    "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1 AND indexdef NOT LIKE '% USING brin %'",
    [table],
  );
  return rows.map((r) => r.indexdef.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+/, `CREATE $1INDEX ON ${qualified(table)}`));
}

/** The plan's joins, scans on indexes and sorts, compactly: what the planner did with the indexes there were. */
function planSummary(plan: unknown): string {
  const parts: string[] = [];
  const walk = (node: Record<string, unknown>): void => {
    const type = String(node['Node Type']);
    const index = node['Index Name'];
    if (/Join|Nested Loop/.test(type)) parts.push(type);
    else if (typeof index === 'string') parts.push(`${type} ${index}`);
    else if (type === 'Bitmap Heap Scan' || type === 'Seq Scan') parts.push(`${type} ${String(node['Relation Name'])}`);
    else if (type === 'Sort' || type === 'Incremental Sort') parts.push(type);
    for (const child of (node['Plans'] as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(((plan as { Plan: Record<string, unknown> }[])[0]!).Plan);
  return parts.join(' · ');
}

interface JoinResult {
  readonly state: string;
  readonly id: string;
  readonly seconds: number;
  readonly plan: string;
}

// --- Running one engine ----------------------------------------------------------------------------------

interface CopyResult {
  /** The suite: the table, or the table with a variant of its data. */
  readonly table: string;
  readonly config: string;
  readonly rows: number;
  /** Wall seconds of each repetition. */
  readonly seconds: number[];
  /** The engine's CPU seconds of each repetition (NaN where unreadable). */
  readonly cpuSeconds: number[];
  readonly rowsPerSecond: number;
  /** Foundation's median wall time ÷ this one's: 1 = free, 0.5 = the load takes twice as long. */
  readonly ratio: number;
  /** The same on the engine's CPU seconds. */
  readonly cpuRatio: number;
  readonly addedIndexBytes: number;
  readonly heapBytes: number;
}

interface BuildResult {
  readonly table: FactTable;
  readonly candidate: string;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly indexBytes: number;
}

interface EngineReport {
  readonly engine: string;
  readonly version: string;
  readonly settings: Record<string, string>;
  readonly rows: number;
  readonly world: Record<FactTable, number>;
  readonly copies: CopyResult[];
  readonly builds: BuildResult[];
  readonly joins: JoinResult[];
  /** Step 6, when it ran and every load loaded. */
  readonly ingest?: IngestRun[];
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function runEngine(engine: string, db: Database, rows: number, options: Options): Promise<EngineReport> {
  const s = await db.acquire();
  try {
    const { rows: v } = await s.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    const settings: Record<string, string> = {};
    for (const name of ['shared_buffers', 'maintenance_work_mem', 'work_mem', 'synchronous_commit', 'wal_level', 'max_wal_size']) {
      const { rows: r } = await s.query<{ v: string }>('SELECT current_setting($1) AS v', [name]);
      settings[name] = r[0]!.v;
    }
    await s.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    const cpu = await cpuClock(s, db.kind);

    log(`${engine}: generating ${rows.toLocaleString('en')} rows per table …`);
    const world = joinWorld(rows, options.seed);
    const data: Record<FactTable, Encoded> = {
      contact: world.contact,
      survey_response: tableRows('survey_response', rows, options.seed + 10),
      complaint: tableRows('complaint', rows, options.seed + 20),
    };
    const suites: CopySuite[] = [
      ...TABLES.map((table): CopySuite => ({ name: table, table, data: data[table], configs: configsOf(table) })),
      {
        name: 'contact, uuid ids',
        table: 'contact',
        data: uuidIdContacts(rows, options.seed + 30),
        configs: configsOf('contact').filter((c) => c.kind === 'foundation' || c.kind === 'bare' || c.label.includes('(contact_id)')),
      },
    ];

    // 3. COPY cost: rounds of every configuration, so slow drifts of the machine spread over all of them.
    const copies: CopyResult[] = [];
    for (const { name, table, data: suiteData, configs } of options.skipCopy ? [] : suites) {
      const seconds = configs.map((): number[] => []);
      const cpuSeconds = configs.map((): number[] => []);
      const size = configs.map((): IndexSize => ({ heapBytes: 0, addedIndexBytes: 0 }));
      for (let round = 0; round < options.repeat; round++) {
        for (const [i, config] of configs.entries()) {
          await createTable(s, table, config);
          await checkpoint(s);
          const t = await timeCopy(s, table, suiteData, cpu);
          seconds[i]!.push(t.wall);
          cpuSeconds[i]!.push(t.cpu);
          size[i] = await sizes(s, table);
          log(`${engine} ${name} round ${round + 1}: ${config.label}: ${t.wall.toFixed(2)} s (cpu ${t.cpu.toFixed(2)} s)`);
        }
      }
      const base = median(seconds[1]!);
      const cpuBase = median(cpuSeconds[1]!);
      configs.forEach((config, i) => {
        const m = median(seconds[i]!);
        copies.push({
          table: name,
          config: config.label,
          rows: suiteData.rows,
          seconds: seconds[i]!,
          cpuSeconds: cpuSeconds[i]!,
          rowsPerSecond: suiteData.rows / m,
          ratio: base / m,
          cpuRatio: cpuBase / median(cpuSeconds[i]!),
          addedIndexBytes: size[i]!.addedIndexBytes,
          heapBytes: size[i]!.heapBytes,
        });
      });
    }

    // 4. The same candidates built after the load.
    const builds: BuildResult[] = [];
    for (const table of options.skipCopy ? [] : TABLES) {
      await createTable(s, table, { label: 'foundation', kind: 'foundation' });
      await timeCopy(s, table, data[table]);
      await s.query(`VACUUM ANALYZE ${qualified(table)}`);
      for (const candidate of CANDIDATES[table]) {
        const times: Timing[] = [];
        let bytes = 0;
        for (let round = 0; round < options.repeat; round++) {
          await checkpoint(s);
          times.push(await timed(cpu, () => s.query(candidate.sql.replace('{t}', qualified(table)))));
          bytes = (await sizes(s, table)).addedIndexBytes;
          await dropAddedIndexes(s, table);
        }
        builds.push({
          table,
          candidate: candidate.label,
          seconds: median(times.map((x) => x.wall)),
          cpuSeconds: median(times.map((x) => x.cpu)),
          indexBytes: bytes,
        });
        log(`${engine} ${table}: CREATE INDEX ${candidate.label}: ${builds.at(-1)!.seconds.toFixed(2)} s`);
      }
    }

    // 5. Joins over one world: contacts, and the surveys and complaints drawn from them.
    for (const table of TABLES) {
      await createTable(s, table, { label: 'foundation', kind: 'foundation' });
      await timeCopy(s, table, world[table]);
      await s.query(`VACUUM ANALYZE ${qualified(table)}`);
    }
    // Every bench row is of batch 1: the batch record the *_current views (000004) read its key scope from.
    await s.query(
      `INSERT INTO public.ingest_batch (batch_id, source_kind, file_name, file_path, file_bytes, content_sha256, status, started_at, servq_version, decisions)
       OVERRIDING SYSTEM VALUE VALUES (1, 'calls', 'bench', 'bench', 0, 'bench', 'failed', now(), 'bench', '{"rowKeyVersion": 3}')
       ON CONFLICT DO NOTHING`,
    );
    // The views over the bench tables: the migrated definitions, re-bound to the bench schema's tables.
    const { rows: views } = await s.query<{ name: string; def: string }>(
      "SELECT c.relname AS name, pg_get_viewdef(c.oid) AS def FROM pg_class c WHERE c.relkind = 'v' AND c.relnamespace = 'public'::regnamespace AND c.relname IN ('agent_assignment', 'contact_current', 'survey_response_current', 'complaint_current')",
    );
    await s.query(`SET search_path = ${SCHEMA}, public`);
    for (const view of views) await s.query(`CREATE OR REPLACE VIEW ${SCHEMA}.${view.name} AS ${view.def}`);
    const { rows: probe } = await s.query<{ day: string; week: string; key: string }>(
      `SELECT to_char(date_trunc('day', min(started_at) + (max(started_at) - min(started_at)) / 2), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS day,
              to_char(date_trunc('day', min(started_at) + (max(started_at) - min(started_at)) / 3), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS week,
              (SELECT customer_key::text FROM contact WHERE customer_key IS NOT NULL GROUP BY customer_key ORDER BY count(*) DESC, customer_key LIMIT 1) AS key
       FROM contact`,
    );
    const { day, week, key } = probe[0]!;
    const bind = (sql: string): string =>
      sql.replaceAll('$day', `timestamptz '${day}'`).replaceAll('$week', `timestamptz '${week}'`).replaceAll('$key', `uuid '${key}'`);
    // A runaway plan (a nested loop over sequential scans) must end the run with a note, not hang it.
    await s.query("SET statement_timeout = '300s'");
    const joins: JoinResult[] = [];
    for (const state of JOIN_STATES) {
      for (const table of TABLES) {
        for (const sql of await stateIndexes(s, state, table)) await s.query(sql);
        await s.query(`ANALYZE ${qualified(table)}`);
      }
      for (const q of JOINS) {
        const sql = bind(q.sql);
        const { rows: plan } = await s.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`);
        const times: number[] = [];
        try {
          await s.query(sql); // warm-up: the timed runs read from the cache, as a dashboard's second query does
          for (let round = 0; round < options.repeat; round++) {
            const start = performance.now();
            await s.query(sql);
            times.push((performance.now() - start) / 1000);
          }
        } catch (error) {
          log(`${engine} ${q.id} (${state.label}) failed: ${error instanceof Error ? error.message : String(error)}`);
          times.push(Number.NaN);
        }
        const rawPlan = plan[0]!['QUERY PLAN'];
        joins.push({ state: state.label, id: q.id, seconds: median(times), plan: planSummary(typeof rawPlan === 'string' ? JSON.parse(rawPlan) : rawPlan) });
        log(`${engine} ${q.id} (${state.label}): ${(median(times) * 1000).toFixed(1)} ms`);
      }
      for (const table of TABLES) await dropAddedIndexes(s, table);
    }
    await s.query('RESET search_path');
    await s.query('RESET statement_timeout');
    await s.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
    return {
      engine,
      version: v[0]!.v,
      settings,
      rows,
      world: { contact: world.contact.rows, survey_response: world.survey_response.rows, complaint: world.complaint.rows },
      copies,
      builds,
      joins,
    };
  } finally {
    s.release();
  }
}

async function dropAddedIndexes(s: LeasedSession, table: FactTable): Promise<void> {
  const { rows } = await s.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
     WHERE i.indrelid = $1::regclass AND a.amname <> 'brin'`,
    [qualified(table)],
  );
  for (const r of rows) await s.query(`DROP INDEX ${SCHEMA}."${r.name}"`);
}

// --- End to end ----------------------------------------------------------------------------------------

interface IngestRun {
  /** The call log: the benchmark's (increasing call ids) or the same with random UUID call ids. */
  readonly ids: 'sequential' | 'uuid';
  /** The contact table's indexes: the foundation's, the migrations', or the alternative: hash (contact_id) instead. */
  readonly state: 'foundation' | 'migrated' | 'hash (contact_id)';
  readonly seconds: number[];
  readonly rows: number;
}

/**
 * The call log with each call_id replaced by a seeded random UUID (as Amazon Connect or Genesys Cloud
 * export them), everything else unchanged; cached beside it.
 */
function withUuidCallIds(path: string, seed: number): string {
  const out = path.replace(/\.csv$/, '.uuid-ids.csv');
  if (existsSync(out)) return out;
  const rng = new Rng(seed);
  const lines = readFileSync(path, 'utf8').split('\n');
  // The generated call_id is the first field and never quoted.
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line !== '') lines[i] = uuidText(rng.uuid()) + line.slice(line.indexOf(','));
  }
  writeFileSync(`${out}.tmp`, lines.join('\n'));
  renameSync(`${out}.tmp`, out);
  return out;
}

/** A fresh migrated database of the engine, and how to discard it. */
interface Scratch {
  readonly db: Database;
  dispose(): Promise<void>;
}

/**
 * Step 6: `ingestFile` of the benchmark call log into fresh databases, with and without the contact table's
 * migrated indexes. Returns undefined (after saying why) when a load does not load every row: then the
 * comparison would not be of equal work.
 */
async function compareIngest(engine: string, rows: number, options: Options, fresh: () => Promise<Scratch>): Promise<IngestRun[] | undefined> {
  const dataDir = join(tmpdir(), 'servq-index-bench-data');
  const files = await ensureCallLogFiles(dataDir, { rows, seed: 1 }, false);
  const paths = { sequential: files.utf8Path, uuid: withUuidCallIds(files.utf8Path, options.seed + 40) };
  const runs: IngestRun[] = [];
  for (const ids of ['sequential', 'uuid'] as const) {
    for (const state of ['foundation', 'migrated', 'hash (contact_id)'] as const) runs.push({ ids, state, seconds: [], rows });
  }
  for (let round = 0; round < options.repeat; round++) {
    for (const run of runs) {
      const scratch = await fresh();
      try {
        if (run.state !== 'migrated') {
          const s = await scratch.db.acquire();
          try {
            const { rows: added } = await s.query<{ name: string }>(
              "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'contact' AND indexdef NOT LIKE '% USING brin %'",
            );
            for (const r of added) await s.query(`DROP INDEX public."${r.name}"`);
            if (run.state === 'hash (contact_id)') await s.query('CREATE INDEX ON public.contact USING hash (contact_id)');
          } finally {
            s.release();
          }
        }
        const start = performance.now();
        const result = await ingestFile(scratch.db, paths[run.ids], {
          kind: 'calls',
          hasher: new KeyedHasher(Buffer.alloc(32, 7)),
          timeZone: 'Asia/Shanghai',
          nowMs: Date.now(),
          maxRejectRate: 1,
          maxDuplicateRate: 1,
        });
        const seconds = (performance.now() - start) / 1000;
        if (result.status !== 'loaded') {
          log(`${engine}: ingest ${run.ids} ${run.state} did not load (${result.status}: ${result.error ?? ''}); no end-to-end comparison`);
          return undefined;
        }
        run.seconds.push(seconds);
        log(`${engine} ingest round ${round + 1}: ${run.ids} ids, ${run.state}: ${seconds.toFixed(2)} s, ${result.rowsLoaded} rows loaded`);
      } finally {
        await scratch.dispose();
      }
    }
  }
  return runs;
}

async function freshServerDatabase(options: Options, tag: string): Promise<Scratch> {
  const name = `servq_index_bench_${process.pid}_${tag}`;
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = await connect({ databaseUrl: withDatabase(options.serverUrl, name) });
  return {
    db,
    async dispose() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: options.serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

async function freshEmbeddedDatabase(): Promise<Scratch> {
  const root = mkdtempSync(join(tmpdir(), 'servq-index-bench-'));
  const db = await connect({ dataDir: join(root, 'pgdata'), lockTimeoutMs: 0 });
  return {
    db,
    async dispose() {
      await db.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function runServer(options: Options): Promise<EngineReport> {
  const name = `servq_index_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = await connect({ databaseUrl: withDatabase(options.serverUrl, name) });
  const engine = `PostgreSQL (${redactUrl(options.serverUrl)})`;
  try {
    const report = await runEngine(engine, db, options.rows, options);
    if (options.skipIngest) return report;
    const ingest = await compareIngest(engine, options.rows, options, () => freshServerDatabase(options, 'ingest'));
    return ingest === undefined ? report : { ...report, ingest };
  } finally {
    await db.close();
    const cleanup = new pg.Client({ connectionString: options.serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  }
}

async function runEmbedded(options: Options): Promise<EngineReport> {
  const root = mkdtempSync(join(tmpdir(), 'servq-index-bench-'));
  const db = await connect({ dataDir: join(root, 'pgdata'), lockTimeoutMs: 0 });
  const engine = 'PGlite (on-disk directory, worker thread)';
  let report: EngineReport;
  try {
    report = await runEngine(engine, db, options.pgliteRows, options);
  } finally {
    await db.close();
    rmSync(root, { recursive: true, force: true });
  }
  if (options.skipIngest) return report;
  const ingest = await compareIngest(engine, options.pgliteRows, options, freshEmbeddedDatabase);
  return ingest === undefined ? report : { ...report, ingest };
}

// --- Report --------------------------------------------------------------------------------------------

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(1);

function format(report: EngineReport, repeat: number): string {
  const lines: string[] = [];
  lines.push(`\n## ${report.engine}: PostgreSQL ${report.version}`);
  lines.push(Object.entries(report.settings).map(([k, v]) => `${k}=${v}`).join(', '));
  lines.push(
    `\nCOPY (binary) of ${report.rows.toLocaleString('en')} rows per table, median of ${repeat}. ratio = foundation's time ÷ this one's ` +
      '(wall; cpu = the same on the engine\'s CPU seconds); +s = extra seconds per 1M rows (wall, cpu)',
  );
  lines.push(
    `${pad('table', 18)}${pad('configuration', 44)}${lpad('rows/s', 10)}${lpad('ratio', 7)}${lpad('cpu', 6)}${lpad('+s', 7)}${lpad('+cpu s', 8)}${lpad('index MB', 10)}${lpad('heap MB', 9)}`,
  );
  for (const c of report.copies) {
    const base = report.copies.find((x) => x.table === c.table && x.config.startsWith('foundation'))!;
    const perMillion = (x: number[], b: number[]): string => (((median(x) - median(b)) * 1_000_000) / c.rows).toFixed(2);
    lines.push(
      `${pad(c.table, 18)}${pad(c.config, 44)}${lpad(Math.round(c.rowsPerSecond).toLocaleString('en'), 10)}${lpad(c.ratio.toFixed(2), 7)}` +
        `${lpad(c.cpuRatio.toFixed(2), 6)}${lpad(perMillion(c.seconds, base.seconds), 7)}${lpad(perMillion(c.cpuSeconds, base.cpuSeconds), 8)}` +
        `${lpad(mb(c.addedIndexBytes), 10)}${lpad(mb(c.heapBytes), 9)}`,
    );
  }
  lines.push(`\nCREATE INDEX after the load (same ${report.rows.toLocaleString('en')} rows), median of ${repeat}`);
  lines.push(`${pad('table', 16)}${pad('index', 44)}${lpad('seconds', 10)}${lpad('cpu s', 8)}${lpad('rows/s', 12)}${lpad('MB', 8)}`);
  for (const b of report.builds) {
    lines.push(
      `${pad(b.table, 16)}${pad(b.candidate, 44)}${lpad(b.seconds.toFixed(2), 10)}${lpad(b.cpuSeconds.toFixed(2), 8)}` +
        `${lpad(Math.round(report.rows / b.seconds).toLocaleString('en'), 12)}${lpad(mb(b.indexBytes), 8)}`,
    );
  }
  const w = report.world;
  lines.push(`\nJoins over ${w.contact.toLocaleString('en')} contacts, ${w.survey_response.toLocaleString('en')} surveys, ${w.complaint.toLocaleString('en')} complaints: ms, median of ${repeat} after a warm-up`);
  lines.push(`${pad('query', 76)}${JOIN_STATES.map((st) => lpad(st.label, 19)).join('')}`);
  for (const q of JOINS) {
    const cells = JOIN_STATES.map((st) => {
      const r = report.joins.find((j) => j.id === q.id && j.state === st.label);
      return lpad(r === undefined || Number.isNaN(r.seconds) ? '–' : (r.seconds * 1000).toFixed(1), 19);
    });
    lines.push(`${pad(`${q.id} ${q.label}`, 76)}${cells.join('')}`);
  }
  if (report.ingest !== undefined) {
    lines.push(`\nEnd to end: ingestFile of the benchmark call log (${report.ingest[0]!.rows.toLocaleString('en')} rows), median of ${repeat}; ratio = speed ÷ foundation's`);
    for (const r of report.ingest) {
      const m = median(r.seconds);
      const base = median(report.ingest.find((x) => x.ids === r.ids && x.state === 'foundation')!.seconds);
      lines.push(
        `${pad(`${r.ids} call ids, contact indexes: ${r.state}`, 60)}${lpad(m.toFixed(2), 8)} s${lpad(Math.round(r.rows / m).toLocaleString('en'), 10)} rows/s` +
          `${lpad((base / m).toFixed(2), 7)}`,
      );
    }
  }
  lines.push('\nPlans');
  for (const q of JOINS) {
    for (const st of JOIN_STATES) {
      const r = report.joins.find((j) => j.id === q.id && j.state === st.label);
      if (r !== undefined) lines.push(`${pad(q.id, 4)} ${pad(st.label, 18)} ${r.plan}`);
    }
  }
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOptions(argv);
  const reports: EngineReport[] = [];
  if (options.only !== 'embedded') reports.push(await runServer(options));
  if (options.only !== 'server') reports.push(await runEmbedded(options));
  for (const report of reports) process.stdout.write(`${format(report, options.repeat)}\n`);
  if (options.json !== undefined) writeFileSync(options.json, `${JSON.stringify({ options: { ...options, serverUrl: redactUrl(options.serverUrl) }, reports }, null, 2)}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`index-costs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
