/**
 * The taxonomy's keyword rules (catalog/taxonomy.json) as a classifier: the code whose keywords a text holds
 * most.
 *
 * Method: a transparent dictionary classifier, the rule form quality teams write by hand (cf. Sebastiani 2002,
 * "Machine learning in automated text categorization", ACM Computing Surveys 34(1), §1: the knowledge-engineering
 * approach the learned classifiers are measured against). Chinese keywords match as substrings of the cleaned
 * text (so a segmentation that splits a keyword differently still matches); English keywords are tokenized as
 * the text is (stop words out, Porter stems) and match as consecutive terms ("not working" matches "is not
 * working" and "NOT WORKING"; keywords with the same stems count once). A code scores the number of its distinct keywords found; the highest score wins;
 * a tie goes to the code listed first (the file's order is the priority); no keyword found gives the target's
 * fallback code. Negation is not read ("没有掉线" matches 掉线): complaint texts state the problem they have.
 */

/** One code's keywords, as written in the taxonomy file. */
export interface CodeKeywords {
  readonly code: string;
  /** Chinese keywords (and any keyword to match as a substring). */
  readonly zh: readonly string[];
  /** English keywords or phrases (matched word by word after stemming). */
  readonly en: readonly string[];
}

/** The rules of one target (category, root cause). */
export interface TargetRules {
  /** The code given when no keyword matches. */
  readonly fallback: string;
  /** In priority order (ties go to the earlier). */
  readonly codes: readonly CodeKeywords[];
}

/** The whole taxonomy file. */
export interface TaxonomyRules {
  readonly version: string;
  readonly targets: Readonly<Record<string, TargetRules>>;
}

interface CompiledCode {
  readonly code: string;
  readonly substrings: readonly string[];
  readonly phrases: readonly { readonly keyword: string; readonly terms: readonly string[] }[];
}

/** Rules ready to apply (keywords normalised and tokenized once). */
export interface CompiledKeywordRules {
  readonly fallback: string;
  readonly codes: readonly CompiledCode[];
  /** Substring keywords by the code unit they start with: one pass over the text finds them all. */
  readonly byFirstUnit: ReadonlyMap<number, readonly { readonly keyword: string; readonly code: number; readonly id: number }[]>;
  /** English phrases by their first term. */
  readonly byFirstTerm: ReadonlyMap<string, readonly { readonly keyword: string; readonly terms: readonly string[]; readonly id: number }[]>;
  /** English keywords that tokenize to nothing (all stop words): they can never match. */
  readonly unusable: readonly string[];
  /**
   * byFirstUnit flattened for the scan: bit u of `startsKeyword` (8 KiB: stays in the CPU's first-level cache)
   * is set when a substring keyword starts with UTF-16 code unit u, and then those keywords are
   * `unitKeywords[unitStart[u] … unitStart[u + 1])`. Most characters start none and cost one bit test.
   */
  readonly startsKeyword: Uint32Array;
  readonly unitStart: Int32Array;
  readonly unitKeywords: readonly string[];
  /** The keyword number of each entry of unitKeywords. */
  readonly unitKeywordIds: Int32Array;
  /** Bit u set when an English phrase's first term starts with code unit u (byFirstTerm is read only then). */
  readonly startsPhrase: Uint32Array;
  /** Every distinct keyword (substring or English phrase), numbered; found keywords are marked by number. */
  readonly keywords: readonly string[];
  /** Per code (in `codes` order), the numbers of its substring keywords and then of its phrases, in rule order. */
  readonly codeKeywords: readonly Int32Array[];
  /** Reused per call: `marks[id] === mark` when keyword `id` was found in the current text. */
  readonly scratch: { marks: Uint32Array; mark: number };
}

/** The outcome for one text. */
export interface KeywordMatch {
  readonly code: string;
  /** Distinct keywords of the winning code found (0 when the fallback was given). */
  readonly score: number;
  /** The winning code's keywords found, in rule order. */
  readonly matched: readonly string[];
  /** True when no keyword of any code matched. */
  readonly fallback: boolean;
}

/**
 * Compiles one target's rules.
 * @param rules the target's codes and fallback
 * @param terms the tokenizer's terms of a text (the same tokenizer that will read the complaints)
 * @throws RangeError when a code is listed twice or the fallback is empty
 * @example compileKeywordRules({ fallback: 'other', codes: [{ code: 'technical', zh: ['掉线'], en: ['not working'] }] }, (t) => t.split(' ').filter((w) => w !== 'is')).codes[0]!.phrases[0]!.terms // => ['not', 'working']
 */
export function compileKeywordRules(rules: TargetRules, terms: (text: string) => readonly string[]): CompiledKeywordRules {
  if (rules.fallback.length === 0) throw new RangeError('compileKeywordRules: the fallback code is empty');
  const seen = new Set<string>();
  const unusable: string[] = [];
  const codes = rules.codes.map((c) => {
    if (seen.has(c.code)) throw new RangeError(`compileKeywordRules: code '${c.code}' is listed twice`);
    seen.add(c.code);
    const substrings = [...new Set(c.zh.map((k) => k.normalize('NFKC').toLowerCase().trim()).filter((k) => k.length > 0))];
    const stems = new Set<string>();
    const phrases = c.en.flatMap((keyword) => {
      const t = terms(keyword);
      if (t.length === 0) {
        unusable.push(keyword);
        return [];
      }
      // "bill" and "billing" have one stem: one keyword, counted once.
      const key = t.join(' ');
      if (stems.has(key)) return [];
      stems.add(key);
      return [{ keyword, terms: [...t] }];
    });
    return { code: c.code, substrings, phrases };
  });
  // A keyword string is one keyword wherever it is listed (found once, it counts for every code listing it).
  const keywordIds = new Map<string, number>();
  const idOf = (keyword: string): number => {
    let id = keywordIds.get(keyword);
    if (id === undefined) keywordIds.set(keyword, (id = keywordIds.size));
    return id;
  };
  const byFirstUnit = new Map<number, { keyword: string; code: number; id: number }[]>();
  const byFirstTerm = new Map<string, { keyword: string; terms: readonly string[]; id: number }[]>();
  const startsPhrase = new Uint32Array(0x10000 >>> 5);
  const codeKeywords = codes.map((c, code) => {
    const ids: number[] = [];
    for (const keyword of c.substrings) {
      const id = idOf(keyword);
      ids.push(id);
      const first = keyword.charCodeAt(0);
      const list = byFirstUnit.get(first);
      if (list) list.push({ keyword, code, id });
      else byFirstUnit.set(first, [{ keyword, code, id }]);
    }
    for (const p of c.phrases) {
      const id = idOf(p.keyword);
      ids.push(id);
      const entry = { ...p, id };
      const unit = p.terms[0]!.charCodeAt(0);
      startsPhrase[unit >>> 5]! |= 1 << (unit & 31);
      const list = byFirstTerm.get(p.terms[0]!);
      if (list) list.push(entry);
      else byFirstTerm.set(p.terms[0]!, [entry]);
    }
    return Int32Array.from(ids);
  });
  const keywords = [...keywordIds.keys()];
  const startsKeyword = new Uint32Array(0x10000 >>> 5);
  const unitStart = new Int32Array(0x10001);
  const unitKeywords: string[] = [];
  const unitKeywordIds: number[] = [];
  for (let u = 0; u < 0x10000; u++) {
    unitStart[u] = unitKeywords.length;
    const list = byFirstUnit.get(u);
    if (list === undefined) continue;
    startsKeyword[u >>> 5]! |= 1 << (u & 31);
    for (const c of list) {
      unitKeywords.push(c.keyword);
      unitKeywordIds.push(c.id);
    }
  }
  unitStart[0x10000] = unitKeywords.length;
  return {
    fallback: rules.fallback,
    codes,
    unusable,
    byFirstUnit,
    byFirstTerm,
    startsKeyword,
    unitStart,
    unitKeywords,
    unitKeywordIds: Int32Array.from(unitKeywordIds),
    startsPhrase,
    keywords,
    codeKeywords,
    scratch: { marks: new Uint32Array(keywords.length), mark: 0 },
  };
}

/** True when `text` holds `keyword` from position `at` (its first unit already matched). */
function keywordAt(text: string, at: number, keyword: string): boolean {
  const length = keyword.length;
  if (at + length > text.length) return false;
  for (let q = 1; q < length; q++) if (text.charCodeAt(at + q) !== keyword.charCodeAt(q)) return false;
  return true;
}

/** True when `terms` holds `phrase` from position `at`. */
function phraseAt(terms: readonly string[], at: number, phrase: readonly string[]): boolean {
  if (at + phrase.length > terms.length) return false;
  for (let j = 0; j < phrase.length; j++) if (terms[at + j] !== phrase[j]) return false;
  return true;
}

/**
 * The code the rules give a text.
 * @param rules compiled rules of one target
 * @param cleanedText the text as the tokenizer cleaned it (TokenizedText.cleaned)
 * @param terms the text's terms (TokenizedText.terms)
 * @example
 * const rules = compileKeywordRules({ fallback: 'other', codes: [{ code: 'technical', zh: ['掉线', '宽带'], en: [] }, { code: 'product', zh: ['账单'], en: [] }] }, () => []);
 * applyKeywordRules(rules, '宽带掉线，账单有误', []) // => { code: 'technical', score: 2, matched: ['掉线', '宽带'], fallback: false }
 */
export function applyKeywordRules(rules: CompiledKeywordRules, cleanedText: string, terms: readonly string[]): KeywordMatch {
  // One pass over the text for every substring keyword (a bit test per character: most start none), one over
  // the terms for every phrase (instead of one search per keyword: 200 keywords × 200 000 texts); found
  // keywords are marked in a reused array (no Set per text) and only the winner's list is built.
  const scratch = rules.scratch;
  const marks = scratch.marks;
  if (scratch.mark === 0xffffffff) {
    marks.fill(0);
    scratch.mark = 0;
  }
  const mark = ++scratch.mark;
  const unitStart = rules.unitStart;
  const unitKeywords = rules.unitKeywords;
  const n = cleanedText.length;
  let any = false;
  const startsKeyword = rules.startsKeyword;
  for (let i = 0; i < n; i++) {
    const u = cleanedText.charCodeAt(i);
    if ((startsKeyword[u >>> 5]! & (1 << (u & 31))) === 0) continue;
    const end = unitStart[u + 1]!;
    for (let c = unitStart[u]!; c < end; c++) {
      const keyword = unitKeywords[c]!;
      if (keywordAt(cleanedText, i, keyword)) {
        marks[rules.unitKeywordIds[c]!] = mark;
        any = true;
      }
    }
  }
  if (rules.byFirstTerm.size > 0) {
    const startsPhrase = rules.startsPhrase;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      if (term.length === 0) continue;
      const u = term.charCodeAt(0);
      if ((startsPhrase[u >>> 5]! & (1 << (u & 31))) === 0) continue;
      const candidates = rules.byFirstTerm.get(term);
      if (candidates === undefined) continue;
      for (let c = 0; c < candidates.length; c++) {
        const p = candidates[c]!;
        if (phraseAt(terms, i, p.terms)) {
          marks[p.id] = mark;
          any = true;
        }
      }
    }
  }
  if (!any) return { code: rules.fallback, score: 0, matched: [], fallback: true };
  // The code with the most distinct keywords found; a tie goes to the code listed first.
  let best = -1;
  let bestScore = 0;
  for (let c = 0; c < rules.codeKeywords.length; c++) {
    const ids = rules.codeKeywords[c]!;
    let score = 0;
    for (let t = 0; t < ids.length; t++) if (marks[ids[t]!] === mark) score++;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (best < 0) return { code: rules.fallback, score: 0, matched: [], fallback: true };
  const ids = rules.codeKeywords[best]!;
  const matched: string[] = [];
  for (let t = 0; t < ids.length; t++) if (marks[ids[t]!] === mark) matched.push(rules.keywords[ids[t]!]!);
  return { code: rules.codes[best]!.code, score: bestScore, matched, fallback: false };
}
