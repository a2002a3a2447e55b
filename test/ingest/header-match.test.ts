/**
 * Phrase-level header matching (src/ingest/header-match.ts, header-phrases.ts) and the order of evidence in
 * mapColumns (profile > preset > alias > phrase, "ignore", constants). Expected mappings are worked out by hand
 * from the phrase tables: a phrase scores its number of stems, a `~` stem half.
 */
import { describe, expect, it } from 'vitest';
import { headerWords, matchPhrases, scoreHeader } from '../../src/ingest/header-match.js';
import { FIELDS_BY_KIND, type SourceKind } from '../../src/ingest/fields.js';
import { mapColumns, MappingError, type ColumnMapping } from '../../src/ingest/mapping.js';
import type { Preset } from '../../src/ingest/presets.js';
import type { MappingProfile } from '../../src/ingest/profile.js';

/** Every field of a kind is free. */
const allFree = (kind: SourceKind) => new Set(FIELDS_BY_KIND[kind].map((f) => f.name));
const columnsOf = (headers: readonly string[]) => headers.map((header, column) => ({ column, header }));
/** header → field (and how), for the columns a mapping took. */
const taken = (m: ColumnMapping) => Object.fromEntries(m.used.map((u) => [u.header, `${u.field} (${u.via})`]));

/** A preset object as loadPresets would return it (only `profile` matters to mapColumns). */
function preset(kind: SourceKind, profile: MappingProfile): Preset {
  return { id: 'test-preset', vendor: 'Test', product: 'test export', kind, documentation: 'none', detect: { columns: Object.keys(profile.columns ?? {}), minMatches: 1 }, profile };
}

describe('headerWords', () => {
  it('splits camelCase and runs of capitals', () => {
    expect(headerWords('RecordedDate')).toEqual(['recorded', 'date']);
    expect(headerWords('XMLHttpRequest')).toEqual(['xml', 'http', 'request']);
    expect(headerWords('AWSAccountId')).toEqual(['aws', 'account', 'id']);
  });

  it('drops bracketed notes (ASCII and full-width) and splits on anything not a letter or digit', () => {
    expect(headerWords('Date/Time Opened (UTC)')).toEqual(['date', 'time', 'opened']);
    expect(headerWords('Q5_NPS_GROUP')).toEqual(['q5', 'nps', 'group']);
    expect(headerWords('Score [1-5] ')).toEqual(['score']);
    expect(headerWords('满意度【必填】')).toEqual(['满意度']);
  });

  it('keeps a Chinese run whole, and folds full-width letters (NFKC) before splitting camelCase', () => {
    expect(headerWords('客服态度(1-5分)')).toEqual(['客服态度']);
    expect(headerWords('客服 态度（满分5分）')).toEqual(['客服', '态度']);
    // ＡｇｅｎｔＩＤ → AgentID → agent id
    expect(headerWords('ＡｇｅｎｔＩＤ')).toEqual(['agent', 'id']);
  });

  it('gives no words for an empty or bracket-only header', () => {
    expect(headerWords('')).toEqual([]);
    expect(headerWords('   ')).toEqual([]);
    expect(headerWords('(blank)')).toEqual([]);
  });
});

describe('scoreHeader', () => {
  it('scores a phrase by its stems, each beginning a different word in any order; a ~ stem counts half', () => {
    const scores = scoreHeader('calls', 'Queue Time');
    // 'queue time' (2 stems) for wait_seconds, '~queue' (0.5) for queue.
    expect(scores.get('wait_seconds')).toEqual({ score: 2, phrase: 'queue time' });
    expect(scores.get('queue')).toEqual({ score: 0.5, phrase: 'queue' });
    // 'time in queue' has three stems; the words may come in another order than the phrase's.
    expect(scoreHeader('calls', 'Time In Queue').get('wait_seconds')).toEqual({ score: 3, phrase: 'time in queue' });
  });

  it('matches a stem only at the start of a word, and one word per stem', () => {
    // 'talk' must begin a word: "Stalk" is not talk time.
    expect(scoreHeader('calls', 'Stalk').has('talk_seconds')).toBe(false);
    // 'hold time' needs two distinct words.
    expect(scoreHeader('calls', 'Holdtime').get('hold_seconds')).toEqual({ score: 1, phrase: 'hold' });
  });

  it('matches a Chinese phrase anywhere in the header', () => {
    expect(scoreHeader('surveys', '您对客服态度满意吗').get('attitude')).toEqual({ score: 1, phrase: '态度' });
    expect(scoreHeader('surveys', '您对客服态度满意吗').get('overall')).toEqual({ score: 0.5, phrase: '满意' });
  });

  it('limits the fields scored to the free ones (the not-a-field phrases always count)', () => {
    const scores = scoreHeader('surveys', 'Q5_NPS_GROUP', new Set(['overall']));
    expect([...scores.keys()]).toEqual(['(none)']);
  });
});

describe('matchPhrases', () => {
  it("lets an item's own word beat the generic ~satisf / ~满意 of overall", () => {
    const { matches, notes } = matchPhrases('surveys', columnsOf(['Satisfaction with speed', '您对客服态度满意吗', 'Overall satisfaction']), allFree('surveys'));
    expect(matches.map((m) => [m.header, m.field, m.score])).toEqual([
      ['Satisfaction with speed', 'speed', 1],
      ['您对客服态度满意吗', 'attitude', 1],
      ['Overall satisfaction', 'overall', 1],
    ]);
    expect(matches[0]!.evidence).toBe("phrase 'speed' (1)");
    expect(notes).toEqual([]);
  });

  it('refuses a column that two fields claim with equal scores, and says so', () => {
    // 'speed' (speed) and 'knowledg' (expertise) score 1 each.
    const { matches, notes } = matchPhrases('surveys', columnsOf(['Speed and knowledge']), allFree('surveys'));
    expect(matches).toEqual([]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^column 'Speed and knowledge' could be '(speed|expertise)' .* or '(speed|expertise)' .*: not mapped; say which in a profile$/);
    expect(notes[0]).toContain("'speed'");
    expect(notes[0]).toContain("'expertise'");
  });

  it('refuses a field that two columns claim with equal scores, and keeps the clearer of unequal ones', () => {
    // 'complaint type' and 'issue type' both score 2 for category: neither is mapped.
    const tie = matchPhrases('complaints', columnsOf(['Complaint Type', 'Issue Type']), allFree('complaints'));
    expect(tie.matches).toEqual([]);
    expect(tie.notes).toHaveLength(1);
    expect(tie.notes[0]).toBe("columns 'Complaint Type' (phrase 'complaint type' (2)) and 'Issue Type' (phrase 'issue type' (2)) could each be 'category': none mapped; say which in a profile");
    // 'complaint type' (2) beats 'categor' (1): the second column is named in a note, not mapped.
    const clear = matchPhrases('complaints', columnsOf(['Category Name', 'Complaint Type']), allFree('complaints'));
    expect(clear.matches.map((m) => [m.header, m.field, m.score])).toEqual([['Complaint Type', 'category', 2]]);
    expect(clear.notes).toEqual(["column 'Category Name' also reads as 'category' but 'Complaint Type' says it more clearly: not mapped"]);
  });

  it('keeps headers whose best phrase says "not a field" unmapped, without a note', () => {
    // Q5_NPS_GROUP: 'nps group' (2) beats team's 'group' (1); Hang Up By: 'hang up by' (3) beats 'hang up' (2);
    // Number of Transfers: 'number of' (2) beats 'transfer' (1).
    const surveys = matchPhrases('surveys', columnsOf(['Q5_NPS_GROUP']), allFree('surveys'));
    expect(surveys).toEqual({ matches: [], notes: [] });
    const calls = matchPhrases('calls', columnsOf(['Hang Up By', 'Number of Transfers']), allFree('calls'));
    expect(calls).toEqual({ matches: [], notes: [] });
  });

  // Regression (a bug found in review, fixed in header-match.ts): the NOT_A_FIELD pseudo-field takes part in the column-level tie, so a header whose
  // "not a field" phrase scores as much as a real one ('aws account' vs 'account id', 2 each) gets a note
  // telling the user it "could be 'customer_id' … or '(none)'" — an internal name, and a tie that is not one
  // (the header's own words say it is not a customer). Expected: unmapped, and no note naming '(none)'.
  it("does not offer the internal '(none)' as a candidate in a tie note (AWSAccountId)", () => {
    const { matches, notes } = matchPhrases('calls', columnsOf(['AWSAccountId']), allFree('calls'));
    expect(matches).toEqual([]);
    expect(notes.join(' ')).not.toContain('(none)');
  });

  // Regression (a bug found in review, fixed in header-phrases.ts): STAFF's bare 'agent' (1) ties with every item word (1), so the very example the
  // module documents — "How satisfied were you with the agent's attitude?" — is refused as a tie between
  // attitude and agent_code, and so is any question that mentions the agent ("How knowledgeable was the
  // agent?"). A survey whose only rating question says "agent" is then refused with "no rating column".
  it("maps the documented question \"How satisfied were you with the agent's attitude?\" to attitude", () => {
    const { matches } = matchPhrases('surveys', columnsOf(["How satisfied were you with the agent's attitude?", 'How knowledgeable was the agent?']), allFree('surveys'));
    expect(matches.map((m) => [m.header, m.field])).toEqual([
      ["How satisfied were you with the agent's attitude?", 'attitude'],
      ['How knowledgeable was the agent?', 'expertise'],
    ]);
  });

  // Regression (a bug found in review, fixed in header-match.ts): stems match anywhere in the header and in any order, so "Queue Start Time" matches
  // 'queue time' (2) and becomes wait_seconds: a timestamp column read as a duration (every row rejected as
  // invalid_duration). Its best reading, 'start time', names a field already fed; it should stay unmapped.
  it('does not read "Queue Start Time" as the wait in queue', () => {
    const m = mapColumns('calls', ['Call ID', 'Start Time', 'Channel', 'Queue Start Time']);
    expect(m.columns.has('wait_seconds')).toBe(false);
    expect(m.unmapped).toContain('Queue Start Time');
  });
});

describe('mapColumns: order of evidence', () => {
  it('maps by alias before phrase: an alias takes its field, the phrase column stays unmapped', () => {
    // 'channel' is an alias of channel; 'Interaction Type' reads as channel by phrase, but the field is taken.
    const m = mapColumns('calls', ['start_time', 'Interaction Type', 'channel']);
    expect(taken(m)).toEqual({ start_time: 'started_at (alias)', channel: 'channel (alias)' });
    expect(m.unmapped).toEqual(['Interaction Type']);
  });

  it('maps by phrase what no alias names, with the evidence', () => {
    const m = mapColumns('calls', ['start_time', 'Interaction Type', 'Total Queue Time']);
    expect(taken(m)).toEqual({ start_time: 'started_at (alias)', 'Interaction Type': 'channel (phrase)', 'Total Queue Time': 'wait_seconds (phrase)' });
    expect(m.used.find((u) => u.header === 'Total Queue Time')!.evidence).toBe("phrase 'queue time' (2)");
  });

  it('lets a preset column take a field before an alias, and the profile replace the preset for a header', () => {
    const p = preset('calls', { columns: { 'Interaction Type': 'channel', 'Contact Kind': 'queue' } });
    const byPreset = mapColumns('calls', ['start_time', 'channel', 'Interaction Type', 'Contact Kind'], undefined, true, p);
    // The preset feeds channel from 'Interaction Type': the alias column 'channel' does not compete.
    expect(taken(byPreset)).toEqual({ start_time: 'started_at (alias)', 'Interaction Type': 'channel (preset)', 'Contact Kind': 'queue (preset)' });
    expect(byPreset.unmapped).toEqual(['channel']);
    // The profile says 'Interaction Type' is the queue: the preset's entry for that header is replaced, so
    // channel is free again for its alias.
    const byProfile = mapColumns('calls', ['start_time', 'channel', 'Interaction Type'], { columns: { 'Interaction Type': 'queue' } }, true, p);
    expect(taken(byProfile)).toEqual({ start_time: 'started_at (alias)', channel: 'channel (alias)', 'Interaction Type': 'queue (profile)' });
    expect(byProfile.notes).toEqual([]);
  });

  it('keeps a column marked "ignore" out of aliases and phrases, and frees its field for another column', () => {
    const m = mapColumns('calls', ['start_time', 'channel', 'Medium'], { columns: { channel: 'ignore' } });
    expect(taken(m)).toEqual({ start_time: 'started_at (alias)', Medium: 'channel (phrase)' });
    expect(m.notes).toContain("column 'channel' ignored (profile)");
    expect(m.unmapped).toEqual(['channel']);
  });

  it('lets a preset ignore a column the alias would take', () => {
    const m = mapColumns('complaints', ['Created', 'State'], undefined, true, preset('complaints', { columns: { State: 'ignore' } }));
    expect(m.columns.has('status')).toBe(false);
    expect(m.notes).toContain("column 'State' ignored (preset)");
  });
});

describe('mapColumns: constants', () => {
  it('feeds a required field from a constant (a phone-only log has no channel column)', () => {
    expect(() => mapColumns('calls', ['start_time', 'wait_time'])).toThrow(/no column for 'channel'/);
    const m = mapColumns('calls', ['start_time', 'wait_time'], { constants: { channel: 'phone' } });
    expect([...m.constants]).toEqual([['channel', 'phone']]);
    expect(m.columns.has('channel')).toBe(false);
  });

  it('feeds the required survey time from a date constant (one survey wave)', () => {
    expect(() => mapColumns('surveys', ['overall'])).toThrow(/no column for 'answered_at'/);
    const m = mapColumns('surveys', ['overall'], { constants: { answered_at: '2026-03-31' } });
    expect(m.constants.get('answered_at')).toBe('2026-03-31');
  });

  it('keeps an alias column out of a field a constant feeds, with a note', () => {
    const m = mapColumns('calls', ['start_time', 'channel'], { constants: { channel: 'phone' } });
    expect(m.columns.has('channel')).toBe(false);
    expect(m.notes).toContain("column 'channel' not used: 'channel' is a constant in the profile");
  });

  it('refuses a profile that maps a column to a field it also gives a constant', () => {
    const run = () => mapColumns('calls', ['start_time', 'Medium'], { columns: { Medium: 'channel' }, constants: { channel: 'phone' } });
    expect(run).toThrow(MappingError);
    expect(run).toThrow("the profile maps column 'Medium' to 'channel' and also gives 'channel' a constant; keep one");
  });

  it('refuses a constant for a field the kind does not have', () => {
    expect(() => mapColumns('calls', ['start_time', 'channel'], { constants: { satisfaction: '5' } })).toThrow("the profile's constants name 'satisfaction', which is not a calls field");
  });
});

describe('mapColumns: edge cases', () => {
  it('leaves empty headers unmapped without failing', () => {
    const m = mapColumns('calls', ['', 'start_time', 'channel', '']);
    expect(taken(m)).toEqual({ start_time: 'started_at (alias)', channel: 'channel (alias)' });
    expect(m.unmapped).toEqual(['', '']);
  });

  it('refuses a header that appears twice and maps to a field', () => {
    expect(() => mapColumns('calls', ['start_time', 'channel', 'channel'])).toThrow("the header 'channel' appears twice (columns 2 and 3)");
  });

  it('names the phrase tie in the error for a missing required field', () => {
    // 'Created' and 'Opened' both read as received_at (one word each): neither is taken.
    expect(() => mapColumns('complaints', ['Ticket ID', 'Created', 'Opened'])).toThrow(/no column for 'received_at'.*columns 'Created' \(phrase 'created' \(1\)\) and 'Opened' \(phrase 'opened' \(1\)\) could each be 'received_at'/);
  });

  // Regression (a bug found in review, fixed in header-match.ts, field-level tie note): the note quotes the first column's evidence only, so it says
  // both columns match 'complaint type' when 'Ticket Type' matched 'ticket type': the user is told a
  // phrase the second header does not contain.
  it("names each tied column's own phrase in a field-level tie note", () => {
    const { notes } = matchPhrases('complaints', columnsOf(['Complaint Type', 'Ticket Type']), allFree('complaints'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("'ticket type'");
  });
});
