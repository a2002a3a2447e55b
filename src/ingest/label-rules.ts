/**
 * Phrase rules for vocabulary labels no table lists exactly: `服务态度差` → staff_attitude, `网络故障` →
 * technical, "Closed with explanation" → closed. Kept as data (catalog/label-rules.json) plus a profile's
 * `labelRules`, which come first.
 *
 * Method: the label is normalised as vocabulary labels are (NFKC, lower case, blanks folded). A rule matches
 * when its phrase occurs in the label — an English phrase as whole words, allowing an inflection at its end
 * (`-s`, `-es`, `-d`, `-ed`, `-ing`): `fee` matches "fees" but not "Feedback", `app` not "happy" or
 * "Appointment". A phrase negated just before it (不/未/非/没/无 within the three characters before a Chinese
 * phrase; not/non/no/never/less/without within the two words before an English one) does not match:
 * "Closed - not resolved" is closed, "不太紧急" is not urgent — such labels need a rule of their own, or are
 * reported unknown, never read the opposite way. The longest matching phrase wins (`不紧急` beats `紧急`, "unanswered" beats "answer"). Among
 * equally long phrases the first rule in order decides when it is the profile's (a user's rules come before a
 * preset's, so a user can correct a preset); between built-in rules of different codes there is no code: the
 * label is reported as unknown, never guessed. Each rule is applied once per distinct label (the caller
 * memoises), with its phrase normalised once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATALOG_DIR } from '../paths.js';
import { normalizeVocabularyLabel } from './standardize/vocabulary.js';

/** One rule: a label containing `contains` gets `code`; `source` says where the rule came from. */
export interface LabelRule {
  readonly contains: string;
  readonly code: string;
  readonly source: 'built-in' | 'profile';
}

/** Normalised phrases, computed once per rule object. */
const PHRASES = new WeakMap<LabelRule, string>();

function phraseOf(rule: LabelRule): string {
  let phrase = PHRASES.get(rule);
  if (phrase === undefined) {
    phrase = normalizeVocabularyLabel(rule.contains);
    PHRASES.set(rule, phrase);
  }
  return phrase;
}

/** The outcome of applying rules to one label. */
export interface RuleMatch {
  readonly code: string | null;
  /** The rule that decided, or the tied rules when none could. */
  readonly rules: readonly LabelRule[];
}

const FileSchema = z.record(z.string(), z.union([z.string(), z.array(z.object({ contains: z.string().min(1), code: z.string().min(1) }).strict())]));

let builtIn: ReadonlyMap<string, readonly LabelRule[]> | undefined;

/** The built-in rules per profile vocabulary section (`category`, `root_cause`, …). */
export function builtInLabelRules(): ReadonlyMap<string, readonly LabelRule[]> {
  if (builtIn !== undefined) return builtIn;
  const file = FileSchema.parse(JSON.parse(readFileSync(join(CATALOG_DIR, 'label-rules.json'), 'utf8')));
  const rules = new Map<string, LabelRule[]>();
  for (const [section, list] of Object.entries(file)) {
    if (typeof list === 'string') continue; // "$comment"
    rules.set(section, list.map((r) => ({ ...r, source: 'built-in' as const })));
  }
  builtIn = rules;
  return rules;
}

const ASCII_WORD = /[a-z0-9]/;

const INFLECTIONS = ['', 's', 'es', 'd', 'ed', 'ing'];
const CJK_NEGATIONS = /[不未非没無无]/;
const NEGATION_WORDS = new Set(['not', 'non', 'no', 'never', 'less', 'without']);

/** True when the text just before `at` negates what follows (see the module header). */
function negated(label: string, at: number, latin: boolean): boolean {
  if (!latin) return CJK_NEGATIONS.test(label.slice(Math.max(0, at - 3), at));
  const before = label.slice(0, at).split(/[^a-z0-9]+/).filter((w) => w.length > 0).slice(-2);
  return before.some((w) => NEGATION_WORDS.has(w));
}

/**
 * True when `phrase` occurs in `label`: anywhere for a Chinese phrase; for a phrase of Latin letters or digits
 * at a word start and ending at a word end, after an optional inflection.
 */
function occurs(label: string, phrase: string): boolean {
  const latinStart = ASCII_WORD.test(phrase[0]!);
  const latinEnd = ASCII_WORD.test(phrase[phrase.length - 1]!);
  for (let i = label.indexOf(phrase); i >= 0; i = label.indexOf(phrase, i + 1)) {
    if (latinStart && i > 0 && ASCII_WORD.test(label[i - 1]!)) continue;
    if (negated(label, i, latinStart)) continue;
    if (!latinEnd) return true;
    const end = i + phrase.length;
    for (const suffix of INFLECTIONS) {
      if (!label.startsWith(suffix, end)) continue;
      const after = end + suffix.length;
      if (after === label.length || !ASCII_WORD.test(label[after]!)) return true;
    }
  }
  return false;
}

/**
 * Applies `rules` to `label` (see the module header).
 * @example matchLabelRules('服务态度差', [{ contains: '态度', code: 'staff_attitude', source: 'built-in' }]).code // => 'staff_attitude'
 */
export function matchLabelRules(label: string, rules: readonly LabelRule[]): RuleMatch {
  const text = normalizeVocabularyLabel(label);
  let best: LabelRule[] = [];
  let bestLength = 0;
  for (const rule of rules) {
    const phrase = phraseOf(rule);
    if (phrase.length < bestLength || !occurs(text, phrase)) continue;
    if (phrase.length > bestLength) {
      best = [rule];
      bestLength = phrase.length;
    } else {
      best.push(rule);
    }
  }
  if (best.length === 0) return { code: null, rules: [] };
  // The profile's rules come first (a user's before a preset's): among equally long phrases the first of them decides.
  if (best[0]!.source === 'profile') return { code: best[0]!.code, rules: [best[0]!] };
  const codes = new Set(best.map((r) => r.code));
  return codes.size === 1 ? { code: best[0]!.code, rules: [best[0]!] } : { code: null, rules: best };
}
