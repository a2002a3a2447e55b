/**
 * Phrase-level header matching, for the columns no profile, preset or exact alias names.
 *
 * Method: a header is split into words (NFKC, camelCase split — "RecordedDate" → recorded date —, lower case,
 * bracketed units dropped, any non-letter/digit separates). A phrase of `header-phrases.ts` matches when its
 * stems begin consecutive words in order (English: "queue time" matches "Queue Time (s)", not "Queue Start
 * Time") or occurs in the header (Chinese); its score is its number of stems (a `~` stem counts half). Each
 * column goes to its best-scoring field — and stays unmapped when that field is already fed by a better column
 * ("Queue Start Time" says start time, which "Start Time" feeds: it is not read as something weaker). Then each
 * field keeps its best-scoring column. Ties at either step are refused, never broken by order: the column stays
 * unmapped and a note names the contenders, so `inspect` and the error for a required field can say what to
 * declare.
 */
import type { SourceKind } from './fields.js';
import { HEADER_PHRASES, NOT_A_FIELD } from './header-phrases.js';

export interface PhraseMatch {
  readonly column: number;
  readonly header: string;
  readonly field: string;
  readonly score: number;
  /** "phrase 'queue time' (2)" */
  readonly evidence: string;
}

interface Compiled {
  readonly phrase: string;
  readonly stems: readonly string[];
  readonly score: number;
}

const CJK = /[^\x00-\x7f]/;

function compile(phrases: readonly string[]): Compiled[] {
  return phrases.map((phrase) => {
    const generic = phrase.startsWith('~');
    const text = generic ? phrase.slice(1) : phrase;
    const stems = CJK.test(text) ? [text] : text.split(' ');
    return { phrase: text, stems, score: stems.length * (generic ? 0.5 : 1) };
  });
}

const COMPILED = new Map<SourceKind, Map<string, Compiled[]>>(
  (Object.keys(HEADER_PHRASES) as SourceKind[]).map((kind) => [
    kind,
    new Map(Object.entries(HEADER_PHRASES[kind]).map(([field, phrases]) => [field, compile(phrases)])),
  ]),
);

/**
 * The words of a header: NFKC, camelCase split, bracketed notes dropped, lower case, split on anything that
 * is not a letter or digit.
 * @example headerWords('Date/Time Opened (UTC)') // => ['date', 'time', 'opened']
 */
export function headerWords(header: string): string[] {
  return header
    .normalize('NFKC')
    .replace(/[（(【\[].*?[)）】\]]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** True when the stems begin consecutive words of `words` in order (English), or the one stem occurs in `text` (Chinese). */
function phraseMatches(stems: readonly string[], words: readonly string[], text: string): boolean {
  if (CJK.test(stems[0]!)) return text.includes(stems[0]!);
  for (let i = 0; i + stems.length <= words.length; i++) {
    let all = true;
    for (let j = 0; j < stems.length && all; j++) if (!words[i + j]!.startsWith(stems[j]!)) all = false;
    if (all) return true;
  }
  return false;
}

/** The best phrase of each field for one header: field → score and phrase. */
export function scoreHeader(kind: SourceKind, header: string, fields?: ReadonlySet<string>): Map<string, { score: number; phrase: string }> {
  const words = headerWords(header);
  const text = header.normalize('NFKC').toLowerCase();
  const scores = new Map<string, { score: number; phrase: string }>();
  for (const [field, phrases] of COMPILED.get(kind)!) {
    if (fields !== undefined && !fields.has(field) && field !== NOT_A_FIELD) continue;
    for (const p of phrases) {
      if (p.score <= (scores.get(field)?.score ?? 0)) continue;
      if (phraseMatches(p.stems, words, text)) scores.set(field, { score: p.score, phrase: p.phrase });
    }
  }
  return scores;
}

/**
 * Assigns open columns to free fields by phrase (see the module header).
 * @param columns the columns no profile, preset or alias took
 * @param free the fields no column or constant feeds yet
 */
export function matchPhrases(
  kind: SourceKind,
  columns: readonly { readonly column: number; readonly header: string }[],
  free: ReadonlySet<string>,
): { matches: PhraseMatch[]; notes: string[] } {
  const notes: string[] = [];
  const best = new Map<string, PhraseMatch[]>();
  for (const { column, header } of columns) {
    const all = [...scoreHeader(kind, header)].sort((a, b) => b[1].score - a[1].score);
    // A header whose best reading is a field already fed, or "not a field", is not read as something weaker.
    const head = all[0];
    if (head === undefined || head[0] === NOT_A_FIELD || !free.has(head[0])) continue;
    if (all.some(([field, v]) => field === NOT_A_FIELD && v.score === head[1].score)) continue;
    const scores = all.filter(([field]) => free.has(field));
    const [top, next] = scores;
    if (top === undefined) continue;
    if (next !== undefined && next[1].score === top[1].score) {
      notes.push(`column '${header}' could be '${top[0]}' (phrase '${top[1].phrase}') or '${next[0]}' (phrase '${next[1].phrase}'): not mapped; say which in a profile`);
      continue;
    }
    const match: PhraseMatch = { column, header, field: top[0], score: top[1].score, evidence: `phrase '${top[1].phrase}' (${top[1].score})` };
    best.set(top[0], [...(best.get(top[0]) ?? []), match]);
  }
  const matches: PhraseMatch[] = [];
  for (const [field, candidates] of best) {
    candidates.sort((a, b) => b.score - a.score);
    const [first, second] = candidates;
    if (second !== undefined && second.score === first!.score) {
      const tied = candidates.filter((c) => c.score === first!.score).map((c) => `'${c.header}' (${c.evidence})`);
      notes.push(`columns ${tied.join(' and ')} could each be '${field}': none mapped; say which in a profile`);
      continue;
    }
    matches.push(first!);
    for (const other of candidates.slice(1)) notes.push(`column '${other.header}' also reads as '${field}' but '${first!.header}' says it more clearly: not mapped`);
  }
  return { matches: matches.sort((a, b) => a.column - b.column), notes };
}
