/**
 * Phrase rules for vocabulary labels no table lists exactly: `服务态度差` → staff_attitude, `网络故障` →
 * technical, "Closed with explanation" → closed. Kept as data (catalog/label-rules.json) plus a profile's
 * `labelRules`, which come first.
 *
 * Method: the label is normalised as vocabulary labels are (NFKC, lower case, blanks folded). A rule matches
 * when its phrase occurs in the label — for an English phrase, starting at a word boundary, so `app` does not
 * match "happy". The longest matching phrase wins (`不紧急` beats `紧急`, "unanswered" beats "answer"); when two
 * rules of different codes match with phrases of the same length, there is no code: the label is reported
 * as unknown, never guessed. Each rule is applied once per distinct label (the caller memoises).
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

/** True when `phrase` occurs in `label`, at a word start for a phrase beginning with a Latin letter or digit. */
function occurs(label: string, phrase: string): boolean {
  const wordStart = ASCII_WORD.test(phrase[0]!);
  for (let i = label.indexOf(phrase); i >= 0; i = label.indexOf(phrase, i + 1)) {
    if (!wordStart || i === 0 || !ASCII_WORD.test(label[i - 1]!)) return true;
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
    const phrase = normalizeVocabularyLabel(rule.contains);
    if (phrase.length < bestLength || !occurs(text, phrase)) continue;
    if (phrase.length > bestLength) {
      best = [rule];
      bestLength = phrase.length;
    } else {
      best.push(rule);
    }
  }
  if (best.length === 0) return { code: null, rules: [] };
  // The profile's rules come first: among equally long phrases, a profile rule decides.
  const profileRules = best.filter((r) => r.source === 'profile');
  const deciding = profileRules.length > 0 ? profileRules : best;
  const codes = new Set(deciding.map((r) => r.code));
  return codes.size === 1 ? { code: deciding[0]!.code, rules: [deciding[0]!] } : { code: null, rules: deciding };
}
