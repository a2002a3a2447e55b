/**
 * Label phrase rules (src/ingest/label-rules.ts, catalog/label-rules.json) and the order in which
 * VocabularyTables.lookupText decides a label: the profile's vocabulary, the built-in table, then the rules
 * (the profile's first). Expected codes are read off the rule lists by hand.
 */
import { describe, expect, it } from 'vitest';
import { builtInLabelRules, matchLabelRules, type LabelRule } from '../../src/ingest/label-rules.js';
import { lookupVocabulary, VocabularyTables } from '../../src/ingest/vocabulary-lookup.js';
import { CHANNELS, COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, CALL_OUTCOMES, PRIORITIES, ROOT_CAUSES, SURVEY_METHODS, URGENCY_LEVELS } from '../../src/ingest/standardize/vocabulary.js';
import type { FieldType } from '../../src/ingest/fields.js';

const rule = (contains: string, code: string, source: LabelRule['source'] = 'built-in'): LabelRule => ({ contains, code, source });

/** Runs one label through the row writer's memoised lookup, `rows` times (as `rows` rows holding it). */
function feed(tables: VocabularyTables, type: FieldType, label: string, rows = 1): void {
  const buf = Buffer.from(`  ${label} `, 'utf8');
  const start = 2;
  const end = 2 + Buffer.byteLength(label);
  for (let i = 0; i < rows; i++) lookupVocabulary(tables, type, buf, start, end);
}

describe('the built-in rules', () => {
  it('name only codes of their vocabulary, in known sections', () => {
    const codes: Record<string, readonly string[]> = {
      category: COMPLAINT_CATEGORIES,
      root_cause: ROOT_CAUSES,
      urgency: URGENCY_LEVELS,
      status: COMPLAINT_STATUSES,
      outcome: CALL_OUTCOMES,
      channel: CHANNELS,
      priority: PRIORITIES,
      method: SURVEY_METHODS,
    };
    const rules = builtInLabelRules();
    expect([...rules.keys()].sort()).toEqual(Object.keys(codes).sort());
    for (const [section, list] of rules) {
      for (const r of list) expect({ section, contains: r.contains, known: codes[section]!.includes(r.code) }).toEqual({ section, contains: r.contains, known: true });
    }
  });
});

describe('matchLabelRules', () => {
  it('takes the longest matching phrase', () => {
    const rules = [rule('紧急', 'critical'), rule('不紧急', 'low'), rule('answer', 'answered'), rule('not answer', 'abandoned')];
    expect(matchLabelRules('不紧急', rules).code).toBe('low');
    expect(matchLabelRules('特别紧急', rules).code).toBe('critical');
    expect(matchLabelRules('Call not answered', rules)).toEqual({ code: 'abandoned', rules: [rule('not answer', 'abandoned')] });
  });

  it('matches an English phrase only where a word begins (app is not in happy)', () => {
    const rules = [rule('app', 'app')];
    expect(matchLabelRules('happy customer', rules)).toEqual({ code: null, rules: [] });
    expect(matchLabelRules('via the app', rules).code).toBe('app');
    expect(matchLabelRules('in-app', rules).code).toBe('app');
    // A word that merely contains the phrase later on does not count either, but a later word start does.
    expect(matchLabelRules('happy app user', rules).code).toBe('app');
  });

  it('matches a Chinese phrase anywhere in the label', () => {
    expect(matchLabelRules('服务态度差', [rule('态度', 'staff_attitude')]).code).toBe('staff_attitude');
    expect(matchLabelRules('营业员服务态度恶劣', [rule('恶劣', 'staff_attitude')]).code).toBe('staff_attitude');
  });

  it('normalises label and phrase alike (NFKC, case, blanks, _ and -)', () => {
    expect(matchLabelRules('PHONE_CALL', [rule('phone call', 'phone')]).code).toBe('phone');
    expect(matchLabelRules('Ｐｈｏｎｅ  Call', [rule('Phone-Call', 'phone')]).code).toBe('phone');
  });

  it('gives no code when equally long phrases of different codes match, and returns the tied rules', () => {
    const rules = [rule('phone', 'phone'), rule('email', 'email'), rule('chat', 'chat')];
    expect(matchLabelRules('phone or email', rules)).toEqual({ code: null, rules: [rule('phone', 'phone'), rule('email', 'email')] });
  });

  it('decides equally long phrases of one code, naming the first rule', () => {
    expect(matchLabelRules('热线电话', [rule('电话', 'phone'), rule('热线', 'phone')])).toEqual({ code: 'phone', rules: [rule('电话', 'phone')] });
  });

  it("lets a profile rule decide a tie with built-in rules, but not beat a longer built-in phrase", () => {
    const rules = [rule('email', 'chat', 'profile'), rule('phone', 'phone')];
    expect(matchLabelRules('phone email', rules)).toEqual({ code: 'chat', rules: [rule('email', 'chat', 'profile')] });
    // 'voice' (5) is longer than the profile's 'mail' (4).
    expect(matchLabelRules('voice mail', [rule('mail', 'email', 'profile'), rule('voice', 'phone')]).code).toBe('phone');
  });

  it('lets the first of equally long profile rules decide (a user rule comes before a preset rule)', () => {
    const rules = [rule('web', 'chat', 'profile'), rule('app', 'app', 'profile'), rule('web', 'email')];
    expect(matchLabelRules('web app', rules)).toEqual({ code: 'chat', rules: [rule('web', 'chat', 'profile')] });
  });
});

describe('VocabularyTables.lookupText', () => {
  const plain = new VocabularyTables();

  it('reads a table label as built-in, a label only a rule knows by its rule, and says unknown otherwise', () => {
    expect(plain.lookupText('channel', 'phone')).toEqual({ code: 'phone', via: 'built-in' });
    // 官方微信群 is in no table; the built-in rule 微信 → social decides.
    expect(plain.lookupText('channel', '官方微信群')).toEqual({ code: 'social', via: "rule '微信' (built-in)" });
    expect(plain.lookupText('channel', 'pigeon')).toEqual({ code: null, via: 'unknown' });
  });

  it('names the tied rules when equally long phrases disagree', () => {
    // 'phone' (5) → phone and 'email' (5) → email, listed in the file's order.
    expect(plain.lookupText('channel', 'phone or email')).toEqual({ code: null, via: "ambiguous: 'phone' → phone, 'email' → email" });
  });

  it('applies the longest built-in rule: 不紧急 is low, "not answered" is abandoned', () => {
    expect(plain.lookupText('urgency', '不紧急')).toEqual({ code: 'low', via: "rule '不紧急' (built-in)" });
    expect(plain.lookupText('outcome', 'Call not answered')).toEqual({ code: 'abandoned', via: "rule 'not answer' (built-in)" });
    expect(plain.lookupText('rootCause', '服务态度差')).toEqual({ code: 'staff_attitude', via: "rule '态度' (built-in)" });
  });

  it('takes the profile vocabulary first, then the table, then the profile rules before the built-in ones', () => {
    const tables = new VocabularyTables({
      vocabulary: { channel: { 电话: 'sms', '官方微信群': 'app' } },
      labelRules: { channel: [{ contains: '微信', code: 'chat' }] },
    });
    // The profile's vocabulary overrides the table's 电话 → phone and any rule.
    expect(tables.lookupText('channel', '电话')).toEqual({ code: 'sms', via: 'profile' });
    expect(tables.lookupText('channel', '官方微信群')).toEqual({ code: 'app', via: 'profile' });
    // A table label is not overridden by a rule.
    expect(tables.lookupText('channel', '微信')).toEqual({ code: 'social', via: 'built-in' });
    // The profile's 微信 → chat ties with the built-in 微信 → social and decides it.
    expect(tables.lookupText('channel', '微信客服群')).toEqual({ code: 'chat', via: "rule '微信' (profile)" });
  });

  it("compares profile vocabulary labels case- and width-insensitively", () => {
    const tables = new VocabularyTables({ vocabulary: { channel: { 'Walk-In': 'onsite' } } });
    expect(tables.lookupText('channel', ' ＷＡＬＫ-in ')).toEqual({ code: 'onsite', via: 'profile' });
  });

  it('refuses a profile rule or label whose code the vocabulary does not have', () => {
    expect(() => new VocabularyTables({ labelRules: { channel: [{ contains: 'fax', code: 'fax' }] } })).toThrow(
      "mapping profile: labelRules.channel maps 'fax' to 'fax'; codes are phone, email, chat, social, app, onsite, sms, other",
    );
    expect(() => new VocabularyTables({ vocabulary: { status: { Done: 'done' } } })).toThrow("mapping profile: vocabulary.status maps 'Done' to 'done'");
  });
});

describe('memoised lookups: rows per label and per rule', () => {
  it('counts the rows of each label and adds them up per rule', () => {
    const tables = new VocabularyTables();
    feed(tables, 'channel', '官方微信群', 3);
    feed(tables, 'channel', '微信公众号平台', 2);
    feed(tables, 'channel', 'phone', 4);
    feed(tables, 'channel', 'pigeon', 1);
    feed(tables, 'category', '网速太慢', 2);
    // Two labels decided by 微信: 3 + 2 rows. Table labels and unknown labels are not rule hits.
    expect(tables.ruleHits()).toEqual({
      channel: { "'微信' (built-in) → social": 5 },
      category: { "'网速' (built-in) → technical": 2 },
    });
    const evidence = tables.evidence();
    expect(evidence['channel']).toEqual([
      { label: 'phone', code: 'phone', via: 'built-in', rows: 4 },
      { label: '官方微信群', code: 'social', via: "rule '微信' (built-in)", rows: 3 },
      { label: '微信公众号平台', code: 'social', via: "rule '微信' (built-in)", rows: 2 },
      { label: 'pigeon', code: null, via: 'unknown', rows: 1 },
    ]);
    expect(tables.labels()['channel']).toEqual({ phone: 'phone', 官方微信群: 'social', 微信公众号平台: 'social', pigeon: null });
  });

  it('runs the rules once per distinct label, not once per row', () => {
    const tables = new VocabularyTables();
    let calls = 0;
    const original = tables.lookupText.bind(tables);
    tables.lookupText = (type, text) => {
      calls++;
      return original(type, text);
    };
    feed(tables, 'category', '网速太慢', 1000);
    feed(tables, 'category', '套餐变更', 500);
    expect(calls).toBe(2);
    expect(tables.ruleHits()['category']).toEqual({ "'网速' (built-in) → technical": 1000, "'套餐' (built-in) → product": 500 });
  });

  // Regression (a bug found in review, fixed in byte-cache.ts / vocabulary-lookup.ts): the label memo is also the record of labels met and their rows
  // (labels(), evidence(), ruleHits() read it), but ByteCache clears itself at 50 000 entries, and a 32-bit
  // hash collision replaces an entry. A column with many distinct labels (free-text categories) loses every
  // count met before the clear: the batch's decisions.labelRules and inspect's labels under-count.
  it('keeps rule hits counted before 50 000 other distinct labels were met', () => {
    const tables = new VocabularyTables();
    feed(tables, 'category', '网速太慢', 7);
    for (let i = 0; i < 50_000; i++) feed(tables, 'category', `x${i}`);
    expect(tables.ruleHits()['category']).toEqual({ "'网速' (built-in) → technical": 7 });
  });
});

describe('built-in rules that misread common labels', () => {
  const tables = new VocabularyTables();

  // Regression (a bug found in review, fixed in catalog/label-rules.json, priority): the urgency rules have 不紧急 / 非紧急 / not urgent → low, the
  // priority rules only 紧急 and urgent → major, so a "not urgent" priority is stored as major.
  it('reads 不紧急 / 非紧急 / "Not urgent" priorities as ordinary, not major', () => {
    expect(tables.lookupText('priority', '不紧急').code).toBe('ordinary');
    expect(tables.lookupText('priority', '非紧急').code).toBe('ordinary');
    expect(tables.lookupText('priority', 'Not urgent').code).toBe('ordinary');
  });

  // Regression (a bug found in review, fixed in catalog/label-rules.json, status): 'resolved' matches "Not resolved", which is stored as resolved.
  it('does not read "Not resolved" as resolved', () => {
    expect(tables.lookupText('complaintStatus', 'Not resolved').code).not.toBe('resolved');
  });

  // Regression (a bug found in review, fixed in label-rules.ts): an English phrase must begin a word but may end anywhere, so short stems take longer
  // words: category "Feedback" → product (rule 'fee'), "Planned maintenance" → product ('plan'), channel
  // "Appointment" → app ('app'), status "New York" / "Newsletter" → open ('new'). A US state column of full
  // names ("New York") then passes the value-evidence check for status.
  it('does not let a short English stem match the start of a longer word (fee/feedback, app/appointment)', () => {
    expect(tables.lookupText('category', 'Feedback').code).toBe(null);
    expect(tables.lookupText('channel', 'Appointment').code).toBe(null);
    // (Whole words still match: "New York" reads as new = open; a status column holds no city names.)
  });

  // Regression (a bug found in review, fixed in catalog/label-rules.json, method): the one-character rule 网 → online takes 营业网点 (a branch office,
  // on site — the channel table lists 网点 as onsite).
  it('does not read 营业网点 as an online survey method', () => {
    expect(tables.lookupText('surveyMethod', '营业网点').code).not.toBe('online');
  });
});

describe('negated phrases (review: 不太紧急 and "Non-critical" read as critical)', () => {
  const tables = new VocabularyTables();

  it('does not read a negated phrase the opposite way', () => {
    expect(tables.lookupText('urgency', '不太紧急').code).toBe('low');
    expect(tables.lookupText('urgency', '一般紧急').code).toBe('medium');
    expect(tables.lookupText('urgency', 'Non-critical').code).toBe('low');
    expect(tables.lookupText('urgency', 'Not very urgent').code).toBe('low');
    expect(tables.lookupText('complaintStatus', 'Closed - not resolved').code).toBe('closed');
    expect(tables.lookupText('complaintStatus', 'Not closed').code).toBe('in_progress');
  });

  it('reports a negated label no rule covers as unknown rather than guessing', () => {
    // 'network' negated by "no": not a technical complaint by that rule; nothing else matches.
    expect(tables.lookupText('category', 'no network issue')).toEqual({ code: null, via: 'unknown' });
    expect(tables.lookupText('category', '网络问题').code).toBe('technical');
  });
});
