/** The message of a period without data: one line naming the sources, the period and what is loaded. */
import { describe, expect, it } from 'vitest';
import { emptyPeriodMessage } from '../../src/analyze/analysis.js';

const BETWEEN = 'between 2026-07-01 and 2026-09-30 (UTC)';
const SPAN = '2025-01-01 to 2026-03-31';

describe('emptyPeriodMessage', () => {
  it('one source, loaded or not', () => {
    expect(emptyPeriodMessage(['contacts'], BETWEEN, () => SPAN)).toBe(`no contacts ${BETWEEN}; loaded data spans ${SPAN}`);
    expect(emptyPeriodMessage(['surveys'], BETWEEN, () => undefined)).toBe(`no survey responses ${BETWEEN}; no survey responses are loaded`);
  });

  it('sources sharing a span say it once', () => {
    expect(emptyPeriodMessage(['contacts', 'surveys', 'complaints'], BETWEEN, () => SPAN)).toBe(
      `no contacts, survey responses or complaints ${BETWEEN}; loaded data spans ${SPAN}`,
    );
    expect(emptyPeriodMessage(['contacts', 'complaints'], BETWEEN, () => undefined)).toBe(`no contacts or complaints ${BETWEEN}; none of them are loaded`);
  });

  it("sources with different spans give each source's", () => {
    expect(emptyPeriodMessage(['contacts', 'complaints'], BETWEEN, (s) => (s === 'contacts' ? SPAN : undefined))).toBe(
      `no contacts or complaints ${BETWEEN}; loaded: contacts ${SPAN}, complaints none`,
    );
  });
});
