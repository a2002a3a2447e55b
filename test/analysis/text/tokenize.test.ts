/**
 * Tokenizing complaint text with the catalog's word lists (catalog/text/): Chinese segmentation with the service
 * dictionary, stop words, English stems, mixed text, phrases within clauses, and bad input (empty, whitespace,
 * emoji only, HTML, 64 KiB). Masked personal data never becomes a term: checked on hand-written cases and as a
 * property over random texts with random masked and unmasked data inserted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clauseBigrams } from '../../../src/analysis/text/bigrams.js';
import { englishStem } from '../../../src/analysis/text/english-stem.js';
import { createSegmenter } from '../../../src/analysis/text/segmenter.js';
import { createTokenizer } from '../../../src/analysis/text/tokenize.js';
import { parseUserDictionary, parseWordList } from '../../../src/analysis/text/word-lists.js';
import { CATALOG_DIR } from '../../../src/paths.js';

const read = (f: string) => readFileSync(join(CATALOG_DIR, 'text', f), 'utf8');
const tokenizer = createTokenizer({
  userWords: parseUserDictionary(read('service-words.txt')),
  stopWords: [...parseWordList(read('stop-words-zh.txt')), ...parseWordList(read('stop-words-en.txt'))],
});

describe('word lists', () => {
  it('parse comments, blanks, repeats and the jieba dictionary format', () => {
    expect(parseWordList('# comment\n的\n\nThe\n的\r\nＡＢ\n')).toEqual(['的', 'the', 'ab']);
    expect(parseUserDictionary('掉线 20000 v\n光猫\n# x\n工单号 5')).toEqual([
      { word: '掉线', frequency: 20000, tag: 'v' },
      { word: '光猫', frequency: 20000, tag: 'n' },
      { word: '工单号', frequency: 5, tag: 'n' },
    ]);
    expect(() => parseUserDictionary('掉线 many')).toThrow(/^parseUserDictionary: the frequency of '掉线' must be a positive integer, got 'many'$/);
    expect(() => parseUserDictionary('a 1 n extra')).toThrow(/^parseUserDictionary: expected/);
  });

  it('the catalog lists load, and negations are not stop words', () => {
    const stop = new Set([...parseWordList(read('stop-words-zh.txt')), ...parseWordList(read('stop-words-en.txt'))]);
    for (const w of ['的', '了', 'the', 'is', 'and']) expect(stop.has(w)).toBe(true);
    for (const w of ['不', '没有', '未', 'not', 'no']) expect(stop.has(w)).toBe(false);
    expect(parseUserDictionary(read('service-words.txt')).map((w) => w.word)).toEqual(expect.arrayContaining(['宽带', '掉线', '退费', '工单']));
  });
});

describe('segmentation', () => {
  it('keeps service vocabulary whole with the user dictionary', () => {
    const plain = createSegmenter([]);
    const service = createSegmenter(parseUserDictionary(read('service-words.txt')));
    expect(plain.cut('工单号')).not.toEqual(['工单号']);
    expect(service.cut('工单号')).toEqual(['工单号']);
    expect(service.cut('光猫故障灯常亮')).toEqual(expect.arrayContaining(['光猫']));
    expect(service.cut('携号转网申请被拒绝')).toEqual(expect.arrayContaining(['携号转网']));
    expect(service.cut('家里宽带频繁掉线')).toEqual(['家里', '宽带', '频繁', '掉线']);
    expect(service.cut('')).toEqual([]);
    expect(() => createSegmenter([{ word: 'a b', frequency: 1, tag: 'n' }])).toThrow(/^createSegmenter: a user word must be non-empty without spaces/);
  });

  it('is cached per dictionary', () => {
    expect(createSegmenter([])).toBe(createSegmenter([]));
  });
});

describe('tokenize', () => {
  it('Chinese: content words, stop words out, phrases within clauses', () => {
    const t = tokenizer.tokenize('家里宽带频繁掉线，影响居家办公。报修三天了');
    expect(t.terms).toEqual(['家里', '宽带', '频繁', '掉线', '影响', '居家', '办公', '报修', '三天']);
    expect(t.phrases).toEqual(['家里 宽带', '宽带 频繁', '频繁 掉线', '影响 居家', '居家 办公', '报修 三天']);
    expect(t.truncated).toBe(false);
  });

  it('English: lower case, stop words out, Porter stems, contractions and negation kept', () => {
    const t = tokenizer.tokenize("The Internet keeps DROPPING and I can't log in; agent's attitude was rude!");
    expect(t.terms).toEqual(['internet', 'keep', 'drop', 'not', 'log', 'agent', 'attitud', 'rude']);
    expect(t.phrases).toEqual(['internet keep', 'keep drop', 'drop not', 'not log', 'agent attitud', 'attitud rude']);
    expect(englishStem('charges')).toBe('charg');
    expect(englishStem('connection')).toBe('connect');
    expect(englishStem('is')).toBe('is');
  });

  it('mixed Chinese and English, full-width letters, 5G and IPTV as terms', () => {
    const t = tokenizer.tokenize('５Ｇ网络下 IPTV 经常黑屏, WiFi signal weak');
    expect(t.terms).toEqual(['5g', '网络', 'iptv', '经常', '黑屏', 'wifi', 'signal', 'weak']);
  });

  it('HTML and emoji do not become terms', () => {
    const t = tokenizer.tokenize('<div class="msg"><p>宽带<b>掉线</b>😡😡</p><script>var 账单=1</script><p>&lt;退费&gt;</p></div>');
    expect(t.terms).toEqual(['宽带', '掉线', '退费']);
    expect(t.phrases).toEqual(['宽带 掉线']);
  });

  it('masked and unmasked personal data never becomes a term', () => {
    const t = tokenizer.tokenize('请回电138****5678，或13812345678，邮箱z***@163.com、***@***、li.lei@example.com，身份证110105********123X，座机0755-****1234');
    expect(t.terms).toEqual(['回电', '邮箱', '身份证', '座机']);
  });

  it('masked data inserted anywhere never leaves a trace in terms or phrases (property)', () => {
    const piece = fc.constantFrom('宽带掉线', '账单扣费', 'the agent was rude', '，', ' ', '退费', 'WiFi', '😡', '<b>', '</b>');
    const personal = fc.oneof(
      fc.tuple(fc.integer({ min: 130, max: 199 }), fc.integer({ min: 0, max: 9999 })).map(([a, b]) => `${a}****${String(b).padStart(4, '0')}`),
      fc.tuple(fc.integer({ min: 1e10, max: 2e10 - 1 })).map(([n]) => `1${String(n).slice(1)}`),
      fc.constantFrom('***@***', 'z***@163.com', 'wang.li@example.com', '110105********123X', '0755-****1234', '4401********1234', '****5678'),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, personal), { minLength: 1, maxLength: 12 }), (parts) => {
        const t = tokenizer.tokenize(parts.join(''));
        for (const token of [...t.terms, ...t.phrases]) {
          expect(token).not.toMatch(/[*@]|\d{4}/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('empty, whitespace, punctuation, numbers and emoji only give no term', () => {
    for (const text of [null, undefined, '', '   ', '\n\t \u3000', '，。！？…', '12345 678', '😡😡👍🏻', '138****5678', '<p></p>']) {
      expect(tokenizer.tokenize(text)).toMatchObject({ terms: [], phrases: [], truncated: false });
    }
  });

  it('64 KiB of text is read whole, longer text is cut at 64 Ki characters and says so', () => {
    const sentence = '家里宽带频繁掉线，影响居家办公。';
    const long = sentence.repeat(65_536 / sentence.length);
    expect(long.length).toBe(65_536);
    const start = performance.now();
    const t = tokenizer.tokenize(long);
    expect(performance.now() - start).toBeLessThan(5000);
    expect(t.truncated).toBe(false);
    expect(t.terms.length).toBe(7 * (65_536 / sentence.length));
    const longer = tokenizer.tokenize(long + long);
    expect(longer.truncated).toBe(true);
    expect(longer.terms.length).toBe(t.terms.length);
    // One 64 KiB "word" of Latin letters (a pasted hash or log line) is dropped, not kept as a term.
    expect(tokenizer.tokenize('x'.repeat(65_536)).terms).toEqual([]);
  });

  it('clauseBigrams pairs neighbours within each clause only', () => {
    expect(clauseBigrams([['a', 'b', 'c'], ['d'], ['e', 'f']])).toEqual(['a b', 'b c', 'e f']);
    expect(clauseBigrams([])).toEqual([]);
  });
});
