/**
 * Speed of reading complaint text (issue 20's goal: classification adds < 1× of segmentation time; RSS < 500 MB
 * at 200k descriptions), measured in one process, the stages side by side:
 *   1. descriptions: the demo generator's complaint texts (src/demo/text.ts, seeded), each made unique by an
 *      amount, a masked phone on 30 %, one in 50 in English or mixed; generated batch by batch (never all held);
 *   2. training (not timed): two naive Bayes models on the first `trainRows` descriptions, as `servq classify
 *      complaints --train` stores two (category; root cause): here category and the generator's text kind;
 *   3. per batch of `batchRows`, in turn and each timed: segmentation alone (jieba + the service dictionary);
 *      tokenize (clean, segment, stop words, stems, phrases) keeping each batch's TokenizedText; classify those
 *      (both models together and both keyword-rule targets, what classifyComplaints does per complaint with terms). Interleaving
 *      the stages per batch puts them under the same machine load, so their ratio is fair on a shared machine;
 *   4. `repeat` rounds of stage 3 over the same descriptions (regenerated from the seed); per stage the median.
 * Ratios: tokenize ÷ segmentation, classification ÷ segmentation (the goal, < 1), pipeline (tokenize + classify)
 * ÷ segmentation. Peak RSS: process.resourceUsage().maxRSS (the kernel's high-water mark of the process).
 */
import { performance } from 'node:perf_hooks';
import { applyKeywordRules, compileKeywordRules } from '../../src/analysis/classify/keyword-rules.js';
import { compileTextClassifiers } from '../../src/analysis/classify/compile-text-classifiers.js';
import { fitTextClassifier, type TextClassifierMethod } from '../../src/analysis/classify/text-classifier.js';
import { createSegmenter } from '../../src/analysis/text/segmenter.js';
import type { TokenizedText } from '../../src/analysis/text/tokenize.js';
import { catalogTokenizer, loadTaxonomy, textWordLists } from '../../src/classify/text-catalog.js';
import { SeededRandom } from '../../src/demo/random.js';
import { complaintDescription, type ComplaintTextKind } from '../../src/demo/text.js';

/** Options of {@link runTextBench}. */
export interface TextBenchOptions {
  /** Descriptions per round (issue 20: 200 000). */
  readonly rows: number;
  /** The first this many are the training set (not timed). */
  readonly trainRows: number;
  /** Descriptions generated, tokenized and classified at a time. */
  readonly batchRows: number;
  /** Rounds over the same descriptions; medians are reported. */
  readonly repeat: number;
  readonly method: TextClassifierMethod;
  readonly seed: number;
}

/** Default sizes: issue 20's. */
export const TEXT_BENCH_DEFAULTS: TextBenchOptions = { rows: 200_000, trainRows: 20_000, batchRows: 2_000, repeat: 3, method: 'naive_bayes', seed: 20260101 };
/** `--smoke`: a check that every stage runs (~1–2 s with the dictionary load), no speed claim. */
export const TEXT_BENCH_SMOKE: TextBenchOptions = { ...TEXT_BENCH_DEFAULTS, rows: 4_000, trainRows: 2_000, batchRows: 1_000, repeat: 1 };

/** Seconds of each stage in one round. */
export interface TextBenchRound {
  readonly segmentSeconds: number;
  readonly tokenizeSeconds: number;
  readonly classifySeconds: number;
}

/** What {@link runTextBench} measured. */
export interface TextBenchReport {
  readonly options: TextBenchOptions;
  readonly node: string;
  /** Features of the two models. */
  readonly features: readonly number[];
  readonly setupSeconds: number;
  readonly rounds: readonly TextBenchRound[];
  /** Medians over the rounds. */
  readonly median: TextBenchRound;
  readonly segmentRowsPerSecond: number;
  readonly tokenizeRowsPerSecond: number;
  readonly classifyRowsPerSecond: number;
  /** Tokenize + classify: the whole reading of a description. */
  readonly pipelineRowsPerSecond: number;
  readonly tokenizeOverSegment: number;
  /** The goal: < 1. Median over rounds of each round's own ratio (both stages under the same load). */
  readonly classifyOverSegment: number;
  readonly pipelineOverSegment: number;
  readonly peakRssBytes: number;
}

const KINDS: readonly ComplaintTextKind[] = ['billing', 'product', 'service', 'technical', 'other'];
const CATEGORY: Readonly<Record<ComplaintTextKind, string>> = { billing: 'product', product: 'product', service: 'service', technical: 'technical', other: 'other' };
const ENGLISH = ['My internet keeps dropping and the router is not working', 'I was overcharged on my bill, please refund', 'The agent was rude and hung up on me', 'wifi 掉线 again, 客服 never called back'];

/** The seeded descriptions, `count` at a time (the generator is sequential: a new one per round). */
class Descriptions {
  private readonly rng: SeededRandom;
  private next = 0;
  constructor(seed: number) {
    this.rng = new SeededRandom(seed);
  }
  batch(count: number): { texts: string[]; kinds: ComplaintTextKind[] } {
    const texts: string[] = [];
    const kinds: ComplaintTextKind[] = [];
    for (let n = 0; n < count; n++, this.next++) {
      const i = this.next;
      const kind = KINDS[this.rng.int(KINDS.length)]!;
      const phone = `138${String(this.rng.int(1e8)).padStart(8, '0')}`;
      texts.push(i % 50 === 0 ? `${ENGLISH[i % ENGLISH.length]} #${i}` : `${complaintDescription(this.rng, kind, phone, '', 0.3)}，共${i % 997}元`);
      kinds.push(kind);
    }
    return { texts, kinds };
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Results go here so no stage can be optimised away. */
let sink = 0;

/**
 * Runs the text benchmark (stages in the file header).
 * @throws Error when a model cannot be trained on the generated descriptions
 */
export function runTextBench(options: TextBenchOptions): TextBenchReport {
  const setupStart = performance.now();
  const lists = textWordLists();
  const segmenter = createSegmenter(lists.userWords);
  const tokenizer = catalogTokenizer();
  const taxonomy = loadTaxonomy();
  const terms = (s: string) => tokenizer.tokenize(s).terms;
  const rules = [compileKeywordRules(taxonomy.targets['category']!, terms), compileKeywordRules(taxonomy.targets['root_cause']!, terms)] as const;
  const training = new Descriptions(options.seed).batch(options.trainRows);
  const documents = training.texts.map((text) => {
    const t = tokenizer.tokenize(text);
    return [...t.terms, ...t.phrases];
  });
  const models = [training.kinds.map((k) => CATEGORY[k]), training.kinds].map((labels) => {
    const fit = fitTextClassifier(documents, labels, { method: options.method });
    if (fit.status !== 'ok') throw new Error(`text bench: ${fit.reason}`);
    return fit.model;
  });
  const classifiers = compileTextClassifiers(models);
  const setupSeconds = (performance.now() - setupStart) / 1000;

  const rounds: TextBenchRound[] = [];
  const tokens: TokenizedText[] = [];
  for (let round = 0; round < options.repeat; round++) {
    const descriptions = new Descriptions(options.seed);
    let segmentSeconds = 0;
    let tokenizeSeconds = 0;
    let classifySeconds = 0;
    for (let done = 0; done < options.rows; done += options.batchRows) {
      const { texts } = descriptions.batch(Math.min(options.batchRows, options.rows - done));
      let start = performance.now();
      for (let i = 0; i < texts.length; i++) sink += segmenter.cut(texts[i]!).length;
      let end = performance.now();
      segmentSeconds += end - start;
      start = end;
      tokens.length = 0;
      for (let i = 0; i < texts.length; i++) tokens.push(tokenizer.tokenize(texts[i]!));
      end = performance.now();
      tokenizeSeconds += end - start;
      start = end;
      // What classifyComplaints does per complaint with terms: both models, both rule targets.
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (t.terms.length === 0) continue;
        const [category, rootCause] = classifiers.predictAll(t.terms, t.phrases);
        sink += category!.confidence + rootCause!.confidence;
        sink += applyKeywordRules(rules[0], t.cleaned, t.terms).score + applyKeywordRules(rules[1], t.cleaned, t.terms).score;
      }
      classifySeconds += performance.now() - start;
    }
    rounds.push({ segmentSeconds: segmentSeconds / 1000, tokenizeSeconds: tokenizeSeconds / 1000, classifySeconds: classifySeconds / 1000 });
  }
  const med: TextBenchRound = {
    segmentSeconds: median(rounds.map((r) => r.segmentSeconds)),
    tokenizeSeconds: median(rounds.map((r) => r.tokenizeSeconds)),
    classifySeconds: median(rounds.map((r) => r.classifySeconds)),
  };
  const perSecond = (seconds: number) => options.rows / seconds;
  return {
    options,
    node: process.version,
    features: models.map((m) => m.features.length),
    setupSeconds,
    rounds,
    median: med,
    segmentRowsPerSecond: perSecond(med.segmentSeconds),
    tokenizeRowsPerSecond: perSecond(med.tokenizeSeconds),
    classifyRowsPerSecond: perSecond(med.classifySeconds),
    pipelineRowsPerSecond: perSecond(median(rounds.map((r) => r.tokenizeSeconds + r.classifySeconds))),
    tokenizeOverSegment: median(rounds.map((r) => r.tokenizeSeconds / r.segmentSeconds)),
    classifyOverSegment: median(rounds.map((r) => r.classifySeconds / r.segmentSeconds)),
    pipelineOverSegment: median(rounds.map((r) => (r.tokenizeSeconds + r.classifySeconds) / r.segmentSeconds)),
    peakRssBytes: process.resourceUsage().maxRSS * 1024 + (sink === -1 ? 1 : 0),
  };
}

const rate = (x: number) => `${Math.round(x).toLocaleString('en-US')} rows/s`;

/** The report as text lines (the goals named beside the figures). */
export function formatTextBenchReport(r: TextBenchReport, smoke = false): string {
  const o = r.options;
  const lines = [
    `text: segment + classify — ${o.rows.toLocaleString('en-US')} descriptions${smoke ? ' (SMOKE: no speed claim)' : ''}, ` +
      `${o.repeat} round(s), batches of ${o.batchRows.toLocaleString('en-US')}, 2 × ${o.method} (${r.features.join(' / ')} features) + 2 rule targets, ` +
      `trained on ${o.trainRows.toLocaleString('en-US')} (setup ${r.setupSeconds.toFixed(1)} s, not timed)`,
    `  segmentation alone (jieba + dictionary)      ${r.median.segmentSeconds.toFixed(2).padStart(7)} s  ${rate(r.segmentRowsPerSecond).padStart(16)}`,
    `  tokenize (clean, segment, stop, stem, phr.)  ${r.median.tokenizeSeconds.toFixed(2).padStart(7)} s  ${rate(r.tokenizeRowsPerSecond).padStart(16)}   ${r.tokenizeOverSegment.toFixed(2)}× segmentation`,
    `  classify (2 models + 2 rule targets)         ${r.median.classifySeconds.toFixed(2).padStart(7)} s  ${rate(r.classifyRowsPerSecond).padStart(16)}   ${r.classifyOverSegment.toFixed(2)}× segmentation${smoke ? '' : ' (goal < 1)'}`,
    `  segment + classify (tokenize + classify)     ${(r.median.tokenizeSeconds + r.median.classifySeconds).toFixed(2).padStart(7)} s  ${rate(r.pipelineRowsPerSecond).padStart(16)}   ${r.pipelineOverSegment.toFixed(2)}× segmentation`,
    `  peak RSS ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB${smoke ? '' : ' (goal < 500 MB at 200k)'}` +
      (r.rounds.length > 1 ? `; classification ÷ segmentation per round: ${r.rounds.map((x) => (x.classifySeconds / x.segmentSeconds).toFixed(2)).join(', ')}` : ''),
  ];
  return `${lines.join('\n')}\n`;
}
