/** The reason file's mapping from the ingest options a message names to the inbox config keys that set them. */
import { describe, expect, it } from 'vitest';
import { optionsAsConfigKeys } from '../../src/pipeline/inbox.js';

describe('optionsAsConfigKeys', () => {
  it("gives each ingest option a message names its inbox kind's key, in the config's order, and nothing for options the config has not", () => {
    const message = 'pass --date-format DMY; or --max-reject-rate 1, --map FILE, --preset none, --time-zone X, --encoding gb18030, --delimiter ";", --min-date 2001-01-01, --max-duplicate-rate 1; --write-profile and --replace-batch are no settings';
    expect(optionsAsConfigKeys(message, 'surveys')).toEqual([
      '--map → inbox.kinds.surveys.map',
      '--preset → inbox.kinds.surveys.preset',
      '--time-zone → inbox.kinds.surveys.timeZone',
      '--date-format → inbox.kinds.surveys.dateFormat',
      '--encoding → inbox.kinds.surveys.encoding',
      '--delimiter → inbox.kinds.surveys.delimiter',
      '--max-reject-rate → inbox.kinds.surveys.maxRejectRate',
      '--max-duplicate-rate → inbox.kinds.surveys.maxDuplicateRate',
      '--min-date → inbox.kinds.surveys.minDate',
    ]);
    expect(optionsAsConfigKeys('the file is binary', 'calls')).toEqual([]);
  });
});
