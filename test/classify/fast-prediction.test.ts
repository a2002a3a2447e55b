/**
 * The prediction hot path (feature-counts.ts, class-scorer.ts, compile-text-classifiers.ts, the keyword rules'
 * bit-table scan) gives exactly what the plain definitions give: countVector + predictNaiveBayes / tfIdfVector +
 * predictSoftmax for the models (bit-identical probabilities, so also within the 1e-12 the scikit-learn tests
 * use), and a straightforward Set-based reading of the keyword rules (a copy of the previous implementation,
 * below) for the rules. Over seeded demo complaint texts (src/demo/text.ts), English and mixed texts, and edge
 * cases: no known feature, repeats, documents longer than the insertion-sort limit, two models with different
 * vocabularies.
 */
import { describe, expect, it } from 'vitest';
import { compileTextClassifiers } from '../../src/analysis/classify/compile-text-classifiers.js';
import { FeatureCounts } from '../../src/analysis/classify/feature-counts.js';
import { applyKeywordRules, compileKeywordRules, type CompiledKeywordRules, type KeywordMatch } from '../../src/analysis/classify/keyword-rules.js';
import { predictNaiveBayes } from '../../src/analysis/classify/naive-bayes.js';
import { predictSoftmax } from '../../src/analysis/classify/softmax-regression.js';
import { countVector } from '../../src/analysis/classify/sparse-vector.js';
import { compileTextClassifier, fitTextClassifier, type TextClassifierMethod, type TextClassifierModel } from '../../src/analysis/classify/text-classifier.js';
import { inverseDocumentFrequency, tfIdfVector } from '../../src/analysis/classify/tf-idf.js';
import type { TokenizedText } from '../../src/analysis/text/tokenize.js';
import { catalogTokenizer, loadTaxonomy } from '../../src/classify/text-catalog.js';
import { SeededRandom } from '../../src/demo/random.js';
import { complaintDescription, type ComplaintTextKind } from '../../src/demo/text.js';

const tokenizer = catalogTokenizer();
const KINDS: readonly ComplaintTextKind[] = ['billing', 'product', 'service', 'technical', 'other'];
const EXTRA = [
  'My internet keeps dropping and the router is NOT WORKING',
  'I was overcharged on my bills, please refund the charges',
  'The agent was rude and hung up on me, not working again',
  'wifi 掉线 again, 客服 never called back, 宽带 宽带 宽带',
  '',
  '   ',
  '谢谢',
  '😡😡👍🏻',
  '<p>宽带<b>掉线</b></p><br><br>账单扣费',
  '宽带掉线，'.repeat(40),
  'xyz 今天天气不错 qwerty',
];

function corpus(n: number, seed: number): { texts: string[]; kinds: ComplaintTextKind[] } {
  const rng = new SeededRandom(seed);
  const texts: string[] = [];
  const kinds: ComplaintTextKind[] = [];
  for (let i = 0; i < n; i++) {
    const kind = KINDS[rng.int(KINDS.length)]!;
    texts.push(`${complaintDescription(rng, kind, `138${String(rng.int(1e8)).padStart(8, '0')}`, '', 0.3)}，共${i % 97}元`);
    kinds.push(kind);
  }
  return { texts: [...texts, ...EXTRA], kinds: [...kinds, ...EXTRA.map((_, i) => KINDS[i % KINDS.length]!)] };
}

const train = corpus(1500, 7);
const trainTokens = train.texts.map((t) => tokenizer.tokenize(t));
const trainDocs = trainTokens.map((t) => [...t.terms, ...t.phrases]);
const test = corpus(800, 11);
const testTokens: TokenizedText[] = test.texts.map((t) => tokenizer.tokenize(t));

function fit(method: TextClassifierMethod, labels: readonly string[], docs = trainDocs): TextClassifierModel {
  const f = fitTextClassifier(docs, labels, { method });
  if (f.status !== 'ok') throw new Error(f.reason);
  // Through JSON, as a stored model is read back.
  return JSON.parse(JSON.stringify(f.model)) as TextClassifierModel;
}

/** The plain definition: countVector, then the learner's own predict function. */
function reference(model: TextClassifierModel, features: readonly string[]): number[] {
  const index = new Map(model.features.map((f, i) => [f, i]));
  const counts = countVector(features, index);
  if (model.method === 'naive_bayes') return predictNaiveBayes(model.naiveBayes!, counts);
  return predictSoftmax(model.softmax!, tfIdfVector(counts, inverseDocumentFrequency(model.documentFrequency, model.documents)));
}

function expectSame(actual: { label: string; confidence: number; probabilities: readonly number[] }, expected: number[], classes: readonly string[]): void {
  let best = 0;
  for (let c = 1; c < expected.length; c++) if (expected[c]! > expected[best]!) best = c;
  expect(actual.probabilities).toEqual(expected);
  // toEqual treats +0/−0 alike; the probabilities are positive, so this is bit-for-bit.
  actual.probabilities.forEach((p, c) => expect(Object.is(p, expected[c])).toBe(true));
  expect(actual.label).toBe(classes[best]);
  expect(actual.confidence).toBe(expected[best]);
}

describe('FeatureCounts', () => {
  it('equals countVector: repeats, unknown features, long documents (native sort), growth, reuse', () => {
    const rng = new SeededRandom(3);
    const vocabulary = Array.from({ length: 300 }, (_, i) => `w${i}`);
    const index = new Map(vocabulary.map((f, i) => [f, i]));
    const counts = new FeatureCounts(4);
    for (let d = 0; d < 400; d++) {
      const length = d % 7 === 0 ? 200 + rng.int(300) : rng.int(60);
      const doc = Array.from({ length }, () => (rng.int(10) === 0 ? `unknown${rng.int(5)}` : vocabulary[rng.int(d % 3 === 0 ? 8 : 300)]!));
      const split = rng.int(length + 1);
      counts.count(index, doc.slice(0, split), doc.slice(split));
      const expected = countVector(doc, index);
      expect(Array.from(counts.columns.subarray(0, counts.size))).toEqual(Array.from(expected.indices));
      expect(Array.from(counts.counts.subarray(0, counts.size))).toEqual(Array.from(expected.values));
    }
    expect(counts.count(index, []).size).toBe(0);
    expect(counts.count(index, ['nothing', 'known']).size).toBe(0);
  });
});

describe('compiled prediction equals the plain definition, bit for bit', () => {
  const categoryLabels = train.kinds.map((k) => (k === 'billing' ? 'product' : k));
  for (const method of ['naive_bayes', 'logistic'] as const) {
    it(`${method}: predict(terms, phrases) = predict([...terms, ...phrases]) = countVector + predict function`, () => {
      const model = fit(method, categoryLabels);
      const compiled = compileTextClassifier(model);
      for (const t of testTokens) {
        const features = [...t.terms, ...t.phrases];
        const expected = reference(model, features);
        expectSame(compiled.predict(t.terms, t.phrases), expected, model.classes);
        expectSame(compiled.predict(features), expected, model.classes);
      }
    });
  }

  it('compileTextClassifiers: the same vocabulary (shared counts) and different vocabularies (merged index)', () => {
    const category = fit('naive_bayes', categoryLabels);
    const kind = fit('naive_bayes', train.kinds);
    // A vocabulary of its own: trained on a third of the documents, logistic.
    const third = trainDocs.filter((_, i) => i % 3 === 0);
    const other = fit('logistic', train.kinds.filter((_, i) => i % 3 === 0), third);
    expect(category.features).toEqual(kind.features);
    expect(other.features).not.toEqual(kind.features);
    const same = compileTextClassifiers([category, kind]);
    const mixed = compileTextClassifiers([other, category, kind]);
    for (const t of testTokens) {
      const features = [...t.terms, ...t.phrases];
      const [a, b] = same.predictAll(t.terms, t.phrases);
      expectSame(a!, reference(category, features), category.classes);
      expectSame(b!, reference(kind, features), kind.classes);
      const [x, y, z] = mixed.predictAll(features);
      expectSame(x!, reference(other, features), other.classes);
      expectSame(y!, reference(category, features), category.classes);
      expectSame(z!, reference(kind, features), kind.classes);
      expectSame(mixed.classifiers[0]!.predict(t.terms, t.phrases), reference(other, features), other.classes);
    }
    expect(compileTextClassifiers([]).predictAll(['宽带'])).toEqual([]);
    expect(() => compileTextClassifiers([{ format: 'other/9' } as unknown as TextClassifierModel])).toThrow(/^compileTextClassifiers: unknown model format 'other\/9'$/);
  });
});

/** The previous applyKeywordRules (a Set of found keywords, a search per candidate), kept as the reference. */
function referenceRules(rules: CompiledKeywordRules, cleanedText: string, terms: readonly string[]): KeywordMatch {
  let found: Set<string> | null = null;
  for (let i = 0; i < cleanedText.length; i++) {
    const candidates = rules.byFirstUnit.get(cleanedText.charCodeAt(i));
    if (candidates === undefined) continue;
    for (const c of candidates) if (cleanedText.startsWith(c.keyword, i)) (found ??= new Set()).add(c.keyword);
  }
  for (let i = 0; i < terms.length; i++) {
    const candidates = rules.byFirstTerm.get(terms[i]!);
    if (candidates === undefined) continue;
    for (const p of candidates) if (p.terms.every((term, j) => terms[i + j] === term)) (found ??= new Set()).add(p.keyword);
  }
  if (found === null) return { code: rules.fallback, score: 0, matched: [], fallback: true };
  let best: { code: string; matched: string[] } | null = null;
  for (const c of rules.codes) {
    const matched: string[] = [];
    for (const k of c.substrings) if (found.has(k)) matched.push(k);
    for (const p of c.phrases) if (found.has(p.keyword)) matched.push(p.keyword);
    if (matched.length > 0 && (best === null || matched.length > best.matched.length)) best = { code: c.code, matched };
  }
  if (best === null) return { code: rules.fallback, score: 0, matched: [], fallback: true };
  return { code: best.code, score: best.matched.length, matched: best.matched, fallback: false };
}

describe('keyword rules: the bit-table scan equals the plain reading', () => {
  const taxonomy = loadTaxonomy();
  const terms = (s: string) => tokenizer.tokenize(s).terms;
  it('both targets of the catalog taxonomy, over demo, English, mixed and edge texts', () => {
    for (const target of ['category', 'root_cause']) {
      const rules = compileKeywordRules(taxonomy.targets[target]!, terms);
      let matchedSome = 0;
      for (const t of [...testTokens, ...trainTokens.slice(0, 300)]) {
        const actual = applyKeywordRules(rules, t.cleaned, t.terms);
        expect(actual).toEqual(referenceRules(rules, t.cleaned, t.terms));
        if (!actual.fallback) matchedSome++;
      }
      expect(matchedSome).toBeGreaterThan(500);
    }
  });

  it('a keyword listed under two codes, zh and en spelling the same, overlapping keywords, a phrase at the end', () => {
    const rules = compileKeywordRules(
      {
        fallback: 'other',
        codes: [
          { code: 'a', zh: ['宽带', '宽带掉线', 'wifi'], en: ['wifi', 'not working'] },
          { code: 'b', zh: ['宽带', '掉线', '线'], en: ['router broken'] },
          { code: 'c', zh: ['线'], en: [] },
        ],
      },
      (s) => s.split(' ').filter((w) => w !== '' && w !== 'is'),
    );
    const cases: readonly [string, readonly string[]][] = [
      ['宽带掉线', []],
      ['掉线线线', []],
      ['wifi 宽带', ['wifi']],
      ['', ['router', 'broken']],
      ['', ['router']],
      ['', ['not', 'working', 'not']],
      ['无关', ['nothing']],
      ['宽', []],
    ];
    for (const [text, t] of cases) expect(applyKeywordRules(rules, text, t)).toEqual(referenceRules(rules, text, t));
    expect(applyKeywordRules(rules, 'wifi 宽带', ['wifi'])).toEqual({ code: 'a', score: 3, matched: ['宽带', 'wifi', 'wifi'], fallback: false });
  });
});
