/**
 * `servq classify` over the database (PGlite always, the server when TEST_DATABASE_URL is set): training on
 * trusted labels, predictions in complaint_classification without touching the export's labels, the review
 * queue, corrections used at the next training, a single-class training set, bad descriptions (empty,
 * whitespace, 64 KiB, emoji only, HTML, mixed Chinese and English), removed batches — and on the demo data the
 * classifier beats the keyword rules (the demo generator knows each complaint's true category and writes it).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { classifyComplaints, NoModelError, trainComplaintClassifier, type TrainingInput } from '../../src/classify/classify-complaints.js';
import { findComplaints, insertReviews, labelledComplaintTexts, listModels, reviewQueue } from '../../src/db/classification-queries.js';
import { withSession } from '../../src/db/session.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { runClassifyComplaints, runClassifyCorrect, runClassifyModels, runClassifyReview, runTaxonomy } from '../../src/cli/classify-runner.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';
import { tempFile } from '../helpers/files.js';

const TRAIN: TrainingInput = { method: 'naive_bayes', folds: 3, seed: 1, compare: false, trainedBy: 'test@host', command: 'servq classify complaints --train', servqVersion: 'test' };

const KINDS = {
  technical: ['家里宽带频繁掉线', '宽带断网三天，报修未上门', '光猫故障灯常亮', '手机信号差，通话掉线', 'WiFi keeps dropping, router not working'],
  product: ['本月账单多扣费', '账单重复扣费，要求退费', '套餐扣费与宣传不符', '取消的业务仍在扣费，要求退款', 'overcharged on my bill, want a refund'],
  service: ['客服态度恶劣', '客服态度冷淡，打断我说话', '坐席态度差，承诺回电没有回电', '排队等待很久，客服态度不好', 'the agent was rude and hung up'],
} as const;
const ROOT: Readonly<Record<string, string>> = { technical: 'technical_support', product: 'product_quality', service: 'staff_attitude' };

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** Labelled complaints (three kinds × five texts × two), unlabelled ones, and bad descriptions. */
function complaintsCsv(): string {
  const lines = ['ticket_id,created_at,category,root_cause,description'];
  let n = 0;
  const add = (category: string, rootCause: string, text: string) => {
    n++;
    lines.push([`T${n}`, `2026-05-${String(1 + (n % 28)).padStart(2, '0')} 10:00`, category, rootCause, csvCell(text)].join(','));
  };
  for (const round of [0, 1]) {
    for (const [kind, texts] of Object.entries(KINDS)) for (const t of texts) add(kind, ROOT[kind]!, round === 0 ? t : `${t}，请回电13812345678`);
  }
  // Unlabelled: the classifier must label them.
  add('', '', '宽带又掉线了，光猫重启无效'); // T31
  add('', '', '账单扣费又错了，要求退款'); // T32
  add('', '', '今天天气不错'); // T33: nothing the models know
  // Bad descriptions.
  add('', '', ''); // T34 empty
  add('', '', '   '); // T35 whitespace
  add('', '', '😡😡👍🏻'); // T36 emoji only
  add('', '', `<p>宽带<b>掉线</b></p>${'<br>'.repeat(10)}`); // T37 HTML
  add('', '', '宽带掉线，'.repeat(4369)); // T38: 65,535 bytes, the most ingest keeps in a text field
  add('', '', 'my 宽带 keeps 掉线, agent 态度 bad'); // T39 mixed
  return `${lines.join('\n')}\n`;
}

async function load(t: OpenTestDatabase, name: string, csv: string): Promise<number> {
  const r = await ingestFile(t.db, tempFile(name, csv), { kind: 'complaints', hasher: new KeyedHasher(Buffer.alloc(32, 8)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0 });
  expect(r, JSON.stringify(r)).toMatchObject({ status: 'loaded', rowsRejected: 0 });
  return (r as { batchId: number }).batchId;
}

describe.each(TEST_DATABASES)('classify complaints ($name)', ({ open }) => {
  let t: OpenTestDatabase;
  let batchId: number;
  beforeAll(async () => {
    t = await open();
    batchId = await load(t, 'complaints.csv', complaintsCsv());
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('has no model to predict with before a training', async () => {
    await expect(classifyComplaints(t.db, { period: null })).rejects.toThrow(NoModelError);
  });

  it('trains on the trusted labels, stores the model and predicts every complaint without touching the given labels', async () => {
    const trained = await trainComplaintClassifier(t.db, TRAIN);
    expect(trained.modelVersion).toBe(1);
    expect(trained.labelledRows).toBe(30);
    const category = trained.targets.find((x) => x.target === 'category')!;
    expect(category.status).toBe('ok');
    if (category.status !== 'ok') return;
    expect(category.classCounts).toEqual({ product: 10, service: 10, technical: 10 });
    expect(category.evaluation.classifier.n).toBe(30);
    expect(category.evaluation.classifier.macroF1).toBeGreaterThan(category.evaluation.baseline.macroF1);
    expect(category.evaluation.rules).not.toBeNull();

    const outcome = await classifyComplaints(t.db, { period: null });
    expect(outcome).toMatchObject({ modelVersion: 1, classified: 39, pruned: 0 });
    // Empty, whitespace and emoji-only descriptions: no prediction, said so.
    expect(outcome.withoutTerms).toBe(3);
    const { rows } = await withSession(t.db, (s) =>
      s.query<Record<string, unknown>>(
        `SELECT k.ticket_id, k.category, k.category_raw, c.category_predicted, c.category_confidence, c.root_cause_predicted, c.terms, c.model_version, l.category AS category_used, l.category_source
         FROM complaint k JOIN complaint_classification c USING (batch_id, line_no) JOIN complaint_label l USING (batch_id, line_no) ORDER BY k.line_no`,
      ),
    );
    const byTicket = new Map(rows.map((r) => [r['ticket_id'], r]));
    expect(rows).toHaveLength(39);
    expect(byTicket.get('T31')).toMatchObject({ category: null, category_predicted: 'technical', root_cause_predicted: 'technical_support', category_used: 'technical', category_source: 'predicted' });
    expect(byTicket.get('T32')).toMatchObject({ category_predicted: 'product', category_source: 'predicted' });
    expect(byTicket.get('T37')).toMatchObject({ category_predicted: 'technical' });
    expect(byTicket.get('T38')).toMatchObject({ category_predicted: 'technical' });
    expect(Number(byTicket.get('T38')!['terms'])).toBe(2 * 4369);
    for (const ticket of ['T34', 'T35', 'T36']) expect(byTicket.get(ticket)).toMatchObject({ category_predicted: null, category_confidence: null, terms: 0, category_source: null });
    // The export's labels are untouched; a labelled complaint uses its given label.
    expect(byTicket.get('T1')).toMatchObject({ category: 'technical', category_raw: 'technical', category_used: 'technical', category_source: 'given' });
    for (const r of rows) {
      if (r['category_confidence'] !== null) expect(Number(r['category_confidence'])).toBeGreaterThan(0);
    }
  });

  it('lists unsure unlabelled predictions for review, records a correction and learns from it at the next training', async () => {
    const queue = await reviewQueue(t.db, { period: null, below: 0.99, limit: 10, includeLabelled: false });
    expect(queue.items.map((i) => i.ticketId)).toContain('T33');
    expect(queue.items.every((i) => i.categoryGiven === null)).toBe(true);
    const [item] = await findComplaints(t.db, 'T33');
    expect(item).toBeDefined();
    const [reviewId] = await insertReviews(t.db, [
      { batchId: item!.batchId, lineNo: item!.lineNo, category: 'other', rootCause: 'other', reviewedBy: 'reviewer@host', command: 'servq classify correct T33 --category other', reason: 'not a complaint', modelVersion: item!.modelVersion, categoryPredicted: item!.categoryPredicted, rootCausePredicted: item!.rootCausePredicted },
    ]);
    expect(reviewId).toBeGreaterThan(0);
    const { rows } = await withSession(t.db, (s) => s.query<Record<string, unknown>>(`SELECT category, category_source, category_reviewed FROM complaint_label WHERE ticket_id = 'T33'`));
    expect(rows[0]).toMatchObject({ category: 'other', category_source: 'reviewed', category_reviewed: 'other' });
    const review = await withSession(t.db, (s) => s.query<Record<string, unknown>>(`SELECT reviewed_by, command, reason, model_version FROM complaint_label_review`));
    expect(review.rows[0]!['reviewed_by']).toMatch(/^reviewer@host as /);
    expect(review.rows[0]).toMatchObject({ command: 'servq classify correct T33 --category other', reason: 'not a complaint' });
    // Reviewed: no longer in the queue; learned from at the next training (31 labelled, a fourth class).
    expect((await reviewQueue(t.db, { period: null, below: 0.99, limit: 50, includeLabelled: false })).items.map((i) => i.ticketId)).not.toContain('T33');
    const again = await trainComplaintClassifier(t.db, TRAIN);
    expect(again.modelVersion).toBe(2);
    expect(again.labelledRows).toBe(31);
    const category = again.targets.find((x) => x.target === 'category')!;
    expect(category.status === 'ok' && category.classCounts).toEqual({ other: 1, product: 10, service: 10, technical: 10 });
    expect((await listModels(t.db)).map((m) => m.modelVersion)).toEqual([2, 1]);
    // A later export of T33 (a new version of the ticket): the correction follows the ticket (sql/000009).
    const t33 = (await findComplaints(t.db, 'T33'))[0]!;
    await load(t, 'complaints-later.csv', 'ticket_id,created_at,status,description\nT33,2026-05-06 10:00,closed,今天天气不错\n');
    const [newer] = await findComplaints(t.db, 'T33');
    expect(newer!.batchId).not.toBe(t33.batchId);
    const label = await withSession(t.db, (s) => s.query<Record<string, unknown>>(`SELECT batch_id::int AS batch_id, category, category_source FROM complaint_label WHERE ticket_id = 'T33'`));
    expect(label.rows).toEqual([{ batch_id: newer!.batchId, category: 'other', category_source: 'reviewed' }]);
    expect((await labelledComplaintTexts(t.db, { cap: 1000, seed: 1 })).total).toBe(31);
  });

  it('removes predictions of a removed batch at the next run', async () => {
    await withSession(t.db, (s) => s.query(`UPDATE ingest_batch SET status = 'removed', removed_at = now() WHERE batch_id = $1`, [batchId]));
    await withSession(t.db, (s) => s.query(`DELETE FROM complaint WHERE batch_id = $1`, [batchId]));
    const outcome = await classifyComplaints(t.db, { period: null });
    // Left: the later export of T33 (the test above), not classified before.
    expect(outcome).toMatchObject({ classified: 1, pruned: 39 });
  });
});

describe.each(TEST_DATABASES)('classify: bad training sets ($name)', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('no labelled complaint, then one class only: no model, a clear reason, no crash', async () => {
    const none = await trainComplaintClassifier(t.db, TRAIN);
    expect(none).toMatchObject({ modelVersion: null, labelledRows: 0 });
    expect(none.targets.map((x) => x.status)).toEqual(['insufficient', 'insufficient']);
    const lines = ['ticket_id,created_at,category,root_cause,description'];
    for (let i = 0; i < 8; i++) lines.push(`S${i},2026-05-0${1 + (i % 9)} 10:00,product,,账单扣费${i}`);
    await load(t, 'single.csv', `${lines.join('\n')}\n`);
    const single = await trainComplaintClassifier(t.db, TRAIN);
    expect(single.modelVersion).toBeNull();
    expect(single.targets).toEqual([
      { target: 'category', status: 'insufficient', documents: 8, reason: "all 8 labelled documents have the same class 'product': nothing to cross-validate" },
      { target: 'root_cause', status: 'insufficient', documents: 0, reason: 'all 0 labelled documents have the same class: nothing to cross-validate' },
    ]);
    // The command says so and exits 1, without a stack.
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void out.push(String(m)));
    try {
      const code = await runClassifyComplaints(
        { train: true, method: 'naive_bayes', folds: 5, seed: 1, timeZone: 'UTC', below: 0.6, reviewLimit: 5, progress: false },
        { dataDir: '' },
        'servq classify complaints --train',
        (work) => work(t.db),
      );
      expect(code).toBe(1);
    } finally {
      log.mockRestore();
    }
    expect(out.join('\n')).toContain("category: not learned — all 8 labelled documents have the same class 'product'");
    expect(out.join('\n')).toContain('no model stored');
  });
});

describe.each(TEST_DATABASES)('classify on the demo data ($name)', (target) => {
  let demo: DemoDatabase;
  beforeAll(async () => {
    demo = await openDemoDatabase(target);
  }, 600_000);
  afterAll(async () => {
    await demo?.dispose();
  });

  it('the classifier beats the keyword rules and the majority class (5-fold macro-F1), and the commands print it', async () => {
    const trained = await trainComplaintClassifier(demo.db, { ...TRAIN, folds: 5 });
    for (const name of ['category', 'root_cause'] as const) {
      const x = trained.targets.find((y) => y.target === name)!;
      expect(x.status).toBe('ok');
      if (x.status !== 'ok') continue;
      const { classifier, rules, baseline } = x.evaluation;
      expect(classifier.macroF1).toBeGreaterThan(rules!.macroF1 + 0.02);
      expect(classifier.macroF1).toBeGreaterThan(baseline.macroF1 + 0.2);
    }
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void out.push(String(m)));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((m: unknown) => (out.push(String(m)), true));
    const withDb = <T>(work: (db: typeof demo.db) => Promise<T>) => work(demo.db);
    try {
      expect(await runClassifyComplaints({ method: 'naive_bayes', folds: 5, seed: 1, period: '2026-Q1', timeZone: 'Asia/Shanghai', below: 0.6, reviewLimit: 5, progress: false }, { dataDir: '' }, 'servq classify complaints --period 2026-Q1', withDb)).toBe(0);
      await runClassifyReview({ timeZone: 'UTC', below: 0.9, limit: 3, includeLabelled: true, format: 'table' }, { dataDir: '' }, withDb);
      await runClassifyModels({}, { dataDir: '' }, withDb);
      const [first] = await findComplaints(demo.db, '5:2');
      await runClassifyCorrect(`${first!.batchId}:${first!.lineNo}`, { category: 'other', reason: 'test' }, { dataDir: '' }, 'servq classify correct', withDb);
      runTaxonomy({});
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
    const text = out.join('\n');
    expect(text).toMatch(/classified [\d,]+ complaints received in 2026-Q1 \(Asia\/Shanghai\) with model version 1/);
    expect(text).toMatch(/version\s+trained \(UTC\)/);
    expect(text).toMatch(/complaint \d+:\d+ \(\S+\): category \w+ → other \(review 1\)/);
    expect(text).toContain('category (in priority order; no keyword found → other)');
  }, 600_000);
});
