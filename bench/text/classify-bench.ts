/**
 * Speed of reading complaint text: segmentation alone (jieba with the service dictionary), the whole tokenizer
 * (cleaning, segmentation, stop words, stems, phrases), and tokenizer + both classifiers + both keyword-rule
 * targets, over N synthetic descriptions (default 200 000), no database. Prints rows/s, the ratio of each stage
 * to segmentation alone, and the peak RSS.
 *
 * Descriptions: the demo generator's complaint texts (src/demo/text.ts, seeded), each made unique by an amount,
 * a masked phone on 30 %, and one in 50 in English or mixed; the classifier is trained on the first 20 000.
 * Run: npm run build && node dist/bench/text/classify-bench.js [N]
 */
import { applyKeywordRules, compileKeywordRules } from '../../src/analysis/classify/keyword-rules.js';
import { compileTextClassifier, fitTextClassifier, type TextClassifierMethod } from '../../src/analysis/classify/text-classifier.js';
import { createSegmenter } from '../../src/analysis/text/segmenter.js';
import { catalogTokenizer, loadTaxonomy, textWordLists } from '../../src/classify/text-catalog.js';
import { SeededRandom } from '../../src/demo/random.js';
import { complaintDescription, type ComplaintTextKind } from '../../src/demo/text.js';

const N = Number(process.argv[2] ?? 200_000);
const KINDS: readonly ComplaintTextKind[] = ['billing', 'product', 'service', 'technical', 'other'];
const CATEGORY: Readonly<Record<ComplaintTextKind, string>> = { billing: 'product', product: 'product', service: 'service', technical: 'technical', other: 'other' };
const ENGLISH = ['My internet keeps dropping and the router is not working', 'I was overcharged on my bill, please refund', 'The agent was rude and hung up on me', 'wifi 掉线 again, 客服 never called back'];

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

const rng = new SeededRandom(20260101);
const texts: string[] = [];
const labels: string[] = [];
for (let i = 0; i < N; i++) {
  const kind = KINDS[rng.int(KINDS.length)]!;
  texts.push(i % 50 === 0 ? `${ENGLISH[i % ENGLISH.length]} #${i}` : `${complaintDescription(rng, kind, `138${String(rng.int(1e8)).padStart(8, '0')}`, '', 0.3)}，共${i % 997}元`);
  labels.push(CATEGORY[kind]);
}
sample();

function timed(name: string, work: () => void): number {
  const start = performance.now();
  work();
  const seconds = (performance.now() - start) / 1000;
  sample();
  console.log(`${name.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(N / seconds).toLocaleString('en-US').padStart(9)} rows/s`);
  return seconds;
}

const lists = textWordLists();
const segmenter = createSegmenter(lists.userWords);
const tokenizer = catalogTokenizer();
const taxonomy = loadTaxonomy();
const rules = ['category', 'root_cause'].map((t) => compileKeywordRules(taxonomy.targets[t]!, (s) => tokenizer.tokenize(s).terms));
const trainTexts = texts.slice(0, 20_000).map((t) => tokenizer.tokenize(t));
const method = (process.env['METHOD'] ?? 'naive_bayes') as TextClassifierMethod;
const fit = fitTextClassifier(trainTexts.map((t) => [...t.terms, ...t.phrases]), labels.slice(0, 20_000), { method });
if (fit.status !== 'ok') throw new Error(fit.reason);
const model = compileTextClassifier(fit.model);

console.log(`${N.toLocaleString('en-US')} descriptions, ${method}, ${fit.model.features.length} features, Node ${process.version}`);
let sink = 0;
const segment = timed('segmentation alone (jieba + dictionary)', () => {
  for (const t of texts) sink += segmenter.cut(t).length;
});
const tokenize = timed('tokenize (clean, segment, stop, stem, phrases)', () => {
  for (const t of texts) sink += tokenizer.tokenize(t).terms.length;
});
const classify = timed('tokenize + 2 classifiers + 2 rule targets', () => {
  for (const text of texts) {
    const t = tokenizer.tokenize(text);
    const features = [...t.terms, ...t.phrases];
    // The stored model has one classifier per target; the bench predicts with the same model twice.
    sink += model.predict(features).confidence + model.predict(features).confidence;
    for (const r of rules) sink += applyKeywordRules(r, t.cleaned, t.terms).score;
  }
});
console.log(`tokenize ÷ segmentation: ${(tokenize / segment).toFixed(2)}×; tokenize + classify ÷ segmentation: ${(classify / segment).toFixed(2)}× (classification adds ${((classify - tokenize) / segment).toFixed(2)}× of segmentation)`);
console.log(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB${sink < 0 ? '' : ''}`);
