/**
 * Local wall-clock time → UTC in an IANA time zone, fast enough for every timestamp of a large file: the
 * offset is computed with `Intl` once per local hour seen and cached (a year of data has ~8,800 hours).
 *
 * Method: take the offsets 3 h either side of the first guess. Equal: that is the offset. Different (a
 * daylight-saving transition is near): keep the one under which L maps back to itself; when both do (the
 * repeated hour) or neither does (the skipped hour), take the smaller offset — which is what PostgreSQL does:
 * a skipped time gets the offset from before the jump, a repeated time the offset from after it (PostgreSQL
 * docs, appendix B "Handling of Invalid or Ambiguous Timestamps"; checked against PostgreSQL 15 in the tests).
 */

const HOUR_MS = 3_600_000;

export class ZoneOffsets {
  private readonly cache = new Map<number, number>();
  private readonly format: Intl.DateTimeFormat;

  /** @throws RangeError when `timeZone` is not an IANA time-zone name */
  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset east of UTC, in ms, at the instant `utcMs`. */
  offsetAtInstant(utcMs: number): number {
    const parts = this.format.formatToParts(new Date(utcMs));
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const p of parts) {
      if (p.type === 'year') year = Number(p.value);
      else if (p.type === 'month') month = Number(p.value);
      else if (p.type === 'day') day = Number(p.value);
      else if (p.type === 'hour') hour = Number(p.value);
      else if (p.type === 'minute') minute = Number(p.value);
      else if (p.type === 'second') second = Number(p.value);
    }
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
    return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
  }

  private resolve(local: number): number {
    const guess = local - this.offsetAtInstant(local);
    const early = this.offsetAtInstant(guess - 3 * HOUR_MS);
    const late = this.offsetAtInstant(guess + 3 * HOUR_MS);
    if (early === late) return early;
    const earlyFits = this.offsetAtInstant(local - early) === early;
    const lateFits = this.offsetAtInstant(local - late) === late;
    if (earlyFits !== lateFits) return earlyFits ? early : late;
    return Math.min(early, late);
  }

  /**
   * UTC epoch ms of a local wall-clock time given as `Date.UTC(local fields)`.
   * @example new ZoneOffsets('Asia/Shanghai').toUtc(Date.UTC(2026, 0, 5, 9)) // => Date.UTC(2026, 0, 5, 1)
   */
  toUtc(localMs: number): number {
    const hour = Math.floor(localMs / HOUR_MS);
    let offset = this.cache.get(hour);
    if (offset === undefined) {
      offset = this.resolve(hour * HOUR_MS);
      if (this.cache.size > 200_000) this.cache.clear();
      this.cache.set(hour, offset);
    }
    return localMs - offset;
  }
}
