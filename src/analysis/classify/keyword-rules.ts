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
  readonly byFirstUnit: ReadonlyMap<number, readonly { readonly keyword: string; readonly code: number }[]>;
  /** English phrases by their first term. */
  readonly byFirstTerm: ReadonlyMap<string, readonly { readonly keyword: string; readonly terms: readonly string[] }[]>;
  /** English keywords that tokenize to nothing (all stop words): they can never match. */
  readonly unusable: readonly string[];
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
  const byFirstUnit = new Map<number, { keyword: string; code: number }[]>();
  const byFirstTerm = new Map<string, { keyword: string; terms: readonly string[] }[]>();
  codes.forEach((c, code) => {
    for (const keyword of c.substrings) {
      const first = keyword.charCodeAt(0);
      const list = byFirstUnit.get(first);
      if (list) list.push({ keyword, code });
      else byFirstUnit.set(first, [{ keyword, code }]);
    }
    for (const p of c.phrases) {
      const list = byFirstTerm.get(p.terms[0]!);
      if (list) list.push(p);
      else byFirstTerm.set(p.terms[0]!, [p]);
    }
  });
  return { fallback: rules.fallback, codes, unusable, byFirstUnit, byFirstTerm };
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
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
  // One pass over the text for every substring keyword, one over the terms for every phrase (instead of one
  // search per keyword: 200 keywords × 200 000 texts).
  let found: Set<string> | null = null;
  for (let i = 0; i < cleanedText.length; i++) {
    const candidates = rules.byFirstUnit.get(cleanedText.charCodeAt(i));
    if (candidates === undefined) continue;
    for (const c of candidates) if (cleanedText.startsWith(c.keyword, i)) (found ??= new Set()).add(c.keyword);
  }
  for (let i = 0; i < terms.length; i++) {
    const candidates = rules.byFirstTerm.get(terms[i]!);
    if (candidates === undefined) continue;
    for (const p of candidates) if (containsSequence(terms.slice(i, i + p.terms.length), p.terms)) (found ??= new Set()).add(p.keyword);
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
