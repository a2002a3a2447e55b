/**
 * The keyword-rules classifier, the text classifier's fit / store / predict cycle, and cross-validation against
 * the baseline and the rules, on small hand-made texts: a single-class training set, documents without terms,
 * and a model that round-trips through JSON.
 */
import { describe, expect, it } from 'vitest';
import { crossValidateTextClassifier } from '../../../src/analysis/classify/cross-validate-classifier.js';
import { applyKeywordRules, compileKeywordRules } from '../../../src/analysis/classify/keyword-rules.js';
import { compileTextClassifier, fitTextClassifier, type TextClassifierModel } from '../../../src/analysis/classify/text-classifier.js';
import { catalogTokenizer, loadTaxonomy } from '../../../src/classify/text-catalog.js';

const tokenizer = catalogTokenizer();
const features = (text: string) => {
  const t = tokenizer.tokenize(text);
  return [...t.terms, ...t.phrases];
};

describe('keyword rules', () => {
  const taxonomy = loadTaxonomy();
  const rules = compileKeywordRules(taxonomy.targets['category']!, (t) => tokenizer.tokenize(t).terms);
  const classify = (text: string) => {
    const t = tokenizer.tokenize(text);
    return applyKeywordRules(rules, t.cleaned, t.terms);
  };

  it('Chinese keywords as substrings, English ones as stemmed words and phrases', () => {
    expect(classify('家里宽带频繁掉线')).toMatchObject({ code: 'technical', score: 2, matched: ['宽带', '掉线'], fallback: false });
    expect(classify('本月账单多扣费')).toMatchObject({ code: 'product', matched: ['账单', '扣费'] });
    expect(classify('The internet is NOT WORKING since Monday')).toMatchObject({ code: 'technical', matched: ['internet', 'not working'] });
    expect(classify('I was overcharged on my bills')).toMatchObject({ code: 'product', matched: ['bill', 'overcharge'] });
    expect(classify('the agent was rude')).toMatchObject({ code: 'service' });
  });

  it('the most keywords win, a tie goes to the code listed first, nothing found to the fallback', () => {
    // 宽带 (technical) against 账单 + 扣费 (product).
    expect(classify('宽带已经办理停机，账单仍按月扣费').code).toBe('product');
    // One keyword each: technical is listed before service.
    expect(classify('营业厅排队叫号系统故障').code).toBe('technical');
    expect(classify('谢谢')).toEqual({ code: 'other', score: 0, matched: [], fallback: true });
    expect(classify('')).toMatchObject({ code: 'other', fallback: true });
  });

  it('reports English keywords that are only stop words, and rejects a code listed twice', () => {
    const compiled = compileKeywordRules({ fallback: 'other', codes: [{ code: 'process', zh: [], en: ['again', 'the process'] }] }, (t) => tokenizer.tokenize(t).terms);
    expect(compiled.unusable).toEqual(['again']);
    expect(() => compileKeywordRules({ fallback: 'other', codes: [{ code: 'a', zh: [], en: [] }, { code: 'a', zh: [], en: [] }] }, () => [])).toThrow(/^compileKeywordRules: code 'a' is listed twice$/);
  });
});

const TEXTS: readonly (readonly [string, string])[] = [
  ['家里宽带频繁掉线', 'technical'],
  ['宽带掉线，报修未上门', 'technical'],
  ['光猫故障，宽带断网', 'technical'],
  ['手机信号差，通话掉线', 'technical'],
  ['wifi keeps dropping, router broken', 'technical'],
  ['本月账单多扣费', 'product'],
  ['账单重复扣费，要求退费', 'product'],
  ['套餐扣费与宣传不符', 'product'],
  ['取消的业务仍在扣费，要求退款', 'product'],
  ['overcharged on my bill, want a refund', 'product'],
  ['客服态度恶劣', 'service'],
  ['客服态度冷淡，打断我说话', 'service'],
  ['坐席态度差，承诺回电没有回电', 'service'],
  ['排队等待很久，客服态度不好', 'service'],
  ['the agent was rude and hung up', 'service'],
];

describe('fitTextClassifier and compileTextClassifier', () => {
  const docs = TEXTS.map(([t]) => features(t));
  const labels = TEXTS.map(([, l]) => l);

  for (const method of ['naive_bayes', 'logistic'] as const) {
    it(`${method}: learns the three classes, and its model survives JSON`, () => {
      const fit = fitTextClassifier(docs, labels, { method });
      expect(fit.status).toBe('ok');
      if (fit.status !== 'ok') return;
      expect(fit.model.classes).toEqual(['product', 'service', 'technical']);
      expect(fit.model.classCounts).toEqual([5, 5, 5]);
      const stored = JSON.parse(JSON.stringify(fit.model)) as TextClassifierModel;
      const model = compileTextClassifier(stored);
      expect(model.predict(features('宽带又掉线了')).label).toBe('technical');
      expect(model.predict(features('账单扣费不对')).label).toBe('product');
      expect(model.predict(features('客服态度太差')).label).toBe('service');
      const p = model.predict(features('宽带又掉线了'));
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(p.confidence).toBe(Math.max(...p.probabilities));
      // No known feature: the prior (equal classes), so a low confidence.
      const unknown = model.predict(features('今天天气不错'));
      expect(unknown.confidence).toBeLessThan(0.5);
      expect(model.predict([]).confidence).toBeLessThan(0.5);
    });
  }

  it('a single-class training set, no documents, or no shared feature: insufficient, with the reason', () => {
    const single = fitTextClassifier(docs.slice(0, 5), labels.slice(0, 5), { method: 'naive_bayes' });
    expect(single).toEqual({ status: 'insufficient', method: 'naive_bayes', reason: "all 5 labelled documents have the same class 'technical': a classifier needs examples of at least two classes" });
    expect(fitTextClassifier([], [], { method: 'logistic' })).toMatchObject({ status: 'insufficient', reason: 'no labelled documents to learn from' });
    expect(fitTextClassifier([['a'], ['b']], ['x', 'y'], { method: 'naive_bayes' })).toMatchObject({ status: 'insufficient', reason: 'no term or phrase occurs in 2 or more of the 2 labelled documents' });
    expect(() => fitTextClassifier([['a']], [], { method: 'naive_bayes' })).toThrow(/^fitTextClassifier: 1 documents but 0 labels$/);
    expect(() => compileTextClassifier({ format: 'other/9' } as unknown as TextClassifierModel)).toThrow(/^compileTextClassifier: unknown model format 'other\/9'$/);
  });
});

describe('crossValidateTextClassifier', () => {
  const docs = TEXTS.map(([t]) => features(t));
  const labels = TEXTS.map(([, l]) => l);

  it('scores the classifier, the majority baseline and the rules over the same out-of-fold documents', () => {
    const rules = labels.map((l, i) => (i % 5 === 4 ? 'other' : l));
    const ev = crossValidateTextClassifier(docs, labels, { method: 'naive_bayes' }, { folds: 5, seed: 3 }, rules);
    expect(ev.status).toBe('ok');
    if (ev.status !== 'ok') return;
    expect(ev.classifier.n).toBe(15);
    expect(ev.predictions).toHaveLength(15);
    // Five folds, one of each class per fold: every training set has 4-4-4, the majority is the first label.
    expect(ev.baseline.accuracy).toBeCloseTo(1 / 3, 12);
    expect(ev.rules!.accuracy).toBeCloseTo(12 / 15, 12);
    expect(ev.rules!.labels).toEqual(['other', 'product', 'service', 'technical']);
    expect(ev.classifier.macroF1).toBeGreaterThan(ev.baseline.macroF1);
    // The same seed gives the same folds and so the same predictions.
    const again = crossValidateTextClassifier(docs, labels, { method: 'naive_bayes' }, { folds: 5, seed: 3 }, rules);
    expect(again.status === 'ok' && again.predictions).toEqual(ev.predictions);
  });

  it('one class or fewer documents than folds: insufficient', () => {
    expect(crossValidateTextClassifier(docs.slice(0, 5), labels.slice(0, 5), { method: 'naive_bayes' })).toMatchObject({ status: 'insufficient', reason: "all 5 labelled documents have the same class 'technical': nothing to cross-validate" });
    expect(crossValidateTextClassifier([['a'], ['b']], ['x', 'y'], { method: 'naive_bayes' }, { folds: 5 })).toMatchObject({ status: 'insufficient', reason: '2 labelled documents, fewer than the 5 folds' });
    expect(crossValidateTextClassifier([], [], { method: 'naive_bayes' })).toMatchObject({ status: 'insufficient' });
  });
});
