/**
 * `servq analyze themes` (complaint descriptions) and `servq analyze comment-themes` (survey comments): the
 * terms and two-word phrases whose share grew most against the previous period, with counts and two example
 * texts each.
 *
 * Stages:
 *   1. SQL (src/db/metrics/text-rows.ts): the texts of the period and of the period before (previousPeriod:
 *      the quarter before a quarter, …), with the `--by` dimensions; above MODEL_ROW_CAP per period a seeded
 *      sample
 *   2. tokenize (catalog tokenizer: segmentation with the service dictionary, stop words, English stems;
 *      personal data never becomes a term)
 *   3. per group: emergingTerms over terms and, separately, over phrases (src/analysis/text/emerging-terms.ts:
 *      document counts, weighted log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi & Quinn
 *      2008), at most THEME_LIMIT of each kind with z ≥ THEME_MIN_Z and at least THEME_MIN_COUNT texts now
 *   4. rows: metric `theme`, value = z, n = texts now; extras term, kind, rank, count_now, count_before,
 *      share_now, share_before, log_odds, examples (two different texts of the period, masked again and cut at 80
 *      characters, joined by ' ¦ '), example_records (their BATCH:LINE)
 */
import { emergingTerms } from '../../analysis/text/emerging-terms.js';
import { stripMarkup } from '../../analysis/text/strip-markup.js';
import { catalogTokenizer } from '../../classify/text-catalog.js';
import { textRows, type TextRow, type TextSource } from '../../db/metrics/text-rows.js';
import { maskPersonalData } from '../../privacy/mask.js';
import type { AnalysisDefinition } from '../analysis.js';
import type { MetricRow } from '../document.js';
import { previousPeriod } from '../period.js';
import { belowMinimum, emptyRow, groupRows, MODEL_ROW_CAP, sampleNotes } from './model-groups.js';

/** Most terms (and, separately, phrases) listed per group. */
export const THEME_LIMIT = 15;
/** Fewest texts of the period a term must appear in. */
export const THEME_MIN_COUNT = 5;
/** Smallest z listed: a term whose share grew by less than about one standard error is noise, not a theme. */
export const THEME_MIN_Z = 1;
/** Example texts per term (distinct texts, the earliest of the period), and their length. */
export const THEME_EXAMPLES = 2;
export const THEME_EXAMPLE_CHARS = 80;

type Group = Readonly<Record<string, string | null>>;

/** One text readable in a table cell: markup out, personal data masked (again), blanks folded, cut. */
export function exampleText(text: string): string {
  const plain = maskPersonalData(stripMarkup(text)).replace(/\s+/g, ' ').trim();
  const chars = [...plain];
  return chars.length > THEME_EXAMPLE_CHARS ? `${chars.slice(0, THEME_EXAMPLE_CHARS - 1).join('')}…` : plain;
}

/** The first THEME_EXAMPLES texts that read differently once shown. */
function distinctExamples(rows: readonly TextRow[]): { text: string; record: string }[] {
  const out: { text: string; record: string }[] = [];
  for (const r of rows) {
    const text = exampleText(r.text);
    if (out.length < THEME_EXAMPLES && !out.some((e) => e.text === text)) out.push({ text, record: r.record });
  }
  return out;
}

/** A text's distinct terms and phrases: all the themes need of it (each text counts a term once). */
interface TextTerms {
  readonly terms: readonly string[];
  readonly phrases: readonly string[];
}

/**
 * Tokenizes each text and keeps its distinct terms and phrases, every one the same string object as the same
 * term of other texts: the tokenizer's output (fresh strings per text, repeats, the cleaned text) held for the
 * 84k survey comments of the analysis benchmark added ~53 MB to the heap (comment-themes alone at 2M calls, peak
 * RSS 266 → 241 MB with this).
 */
function textTerms(texts: readonly TextRow[]): Map<TextRow, TextTerms> {
  const tokenizer = catalogTokenizer();
  const interned = new Map<string, string>();
  const distinct = (words: readonly string[]): string[] => {
    const out = new Set<string>();
    for (const w of words) {
      let s = interned.get(w);
      if (s === undefined) interned.set(w, (s = w));
      out.add(s);
    }
    return [...out];
  };
  return new Map(
    texts.map((r) => {
      const t = tokenizer.tokenize(r.text);
      return [r, { terms: distinct(t.terms), phrases: distinct(t.phrases) }];
    }),
  );
}

function groupThemes(group: Group, now: readonly TextRow[], nowTokens: readonly TextTerms[], beforeTokens: readonly TextTerms[], minN: number, noun: string): MetricRow[] {
  const n = now.length;
  if (n < minN) return [emptyRow(group, 'theme', 'score', n, 'suppressed', belowMinimum(n, minN), { term: null, kind: null })];
  if (beforeTokens.length === 0) {
    return [emptyRow(group, 'theme', 'score', n, 'insufficient', `no ${noun} in the previous period to compare with`, { term: null, kind: null })];
  }
  const rows: MetricRow[] = [];
  for (const kind of ['term', 'phrase'] as const) {
    const pick = (t: TextTerms) => (kind === 'term' ? t.terms : t.phrases);
    // More example candidates than shown: texts repeat (templates, copy-paste), and two identical examples say less.
    const found = emergingTerms(nowTokens.map(pick), beforeTokens.map(pick), { minCount: THEME_MIN_COUNT, limit: THEME_LIMIT, examples: 8 * THEME_EXAMPLES }).filter(
      (t) => t.z >= THEME_MIN_Z,
    );
    found.forEach((t, i) => {
      const examples = distinctExamples(t.exampleIndices.map((j) => now[j]!));
      rows.push({
        group,
        metric: 'theme',
        value: t.z,
        n,
        status: 'ok',
        unit: 'score',
        extra: {
          term: t.term,
          kind,
          rank: i + 1,
          count_now: t.countNow,
          count_before: t.countBefore,
          share_now: t.shareNow,
          share_before: t.shareBefore,
          log_odds: t.logOddsRatio,
          examples: examples.map((e) => e.text).join(' ¦ '),
          example_records: examples.map((e) => e.record).join(' '),
        },
      });
    });
  }
  if (rows.length === 0) {
    return [emptyRow(group, 'theme', 'score', n, 'insufficient', `no term in ${THEME_MIN_COUNT} or more ${noun} grew by z ≥ ${THEME_MIN_Z} against the previous period`, { term: null, kind: null })];
  }
  return rows;
}

function themesOf(source: TextSource, name: string, summary: string, noun: string): AnalysisDefinition {
  return {
    name,
    summary,
    sources: [source],
    // tokenizing and scoring the texts takes about as long as reading them
    compute: true,
    async run(db, req) {
      const before = previousPeriod(req.period);
      const ranges = [
        { key: 'current', from: req.period.from, to: req.period.to },
        { key: 'previous', from: before.from, to: before.to },
      ];
      req.progress?.(`reading ${noun}`);
      const read = await textRows(db, { source, ranges, timeZone: req.timeZone, by: req.by, filters: req.filters, cap: MODEL_ROW_CAP, seed: req.seed });
      const totalNow = read.totals['current'] ?? 0;
      const totalBefore = read.totals['previous'] ?? 0;
      const notes = [
        ...sampleNotes(`${noun} (${req.period.label})`, totalNow, read.rows.filter((r) => r.rangeKey === 'current').length, req.seed),
        ...sampleNotes(`${noun} (${before.label})`, totalBefore, read.rows.filter((r) => r.rangeKey === 'previous').length, req.seed),
        `compared with ${before.label}: ${totalBefore.toLocaleString('en-US')} ${noun} with text then, ${totalNow.toLocaleString('en-US')} now`,
      ];
      req.progress?.(`tokenizing ${read.rows.length.toLocaleString('en-US')} texts`);
      const tokens = textTerms(read.rows);
      const rows: MetricRow[] = [];
      for (const { group, rows: texts } of groupRows(read.rows)) {
        const now = texts.filter((t) => t.rangeKey === 'current');
        const previous = texts.filter((t) => t.rangeKey === 'previous');
        if (now.length === 0) continue;
        rows.push(...groupThemes(group, now, now.map((t) => tokens.get(t)!), previous.map((t) => tokens.get(t)!), req.minN, noun));
      }
      return {
        rows,
        variants: {
          theme: `z-score of the weighted log-odds ratio (Monroe, Colaresi & Quinn 2008, informative Dirichlet prior α_w = the term's count over both periods, as R tidylo) of the share of ${noun} mentioning the term, ${req.period.label} against ${before.label}; each text counts a term once; terms (segmented words, English stems) and two-word phrases ranked separately, the ${THEME_LIMIT} highest with z ≥ ${THEME_MIN_Z} and at least ${THEME_MIN_COUNT} ${noun} now; |z| > 1.96 ≈ 5 % for one term, but expect some of many terms above it by chance`,
        },
        notes,
        ranges,
        observed: { [source]: totalNow } as Partial<Record<TextSource, number>>,
      };
    },
  };
}

/** Emerging terms of complaint descriptions (`servq analyze themes`). */
export const themes: AnalysisDefinition = themesOf(
  'complaints',
  'themes',
  'terms and two-word phrases of complaint descriptions whose share grew most against the previous period (weighted log-odds z), with examples',
  'complaints',
);

/** Emerging terms of survey comments (`servq analyze comment-themes`). */
export const commentThemes: AnalysisDefinition = themesOf(
  'surveys',
  'comment-themes',
  'terms and two-word phrases of survey comments whose share grew most against the previous period (weighted log-odds z), with examples',
  'survey comments',
);
