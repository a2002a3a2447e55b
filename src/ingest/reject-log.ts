/**
 * Rejected rows: written as COPY text for `rejected_row` into a spool (memory, then disk), with a tally per
 * reason code and example lines, so the error budget can say which reasons dominate. The raw text kept is the
 * source record decoded to UTF-8, personal data masked, NUL shown as ␀, at most 64 KiB.
 */
import { CopyBuffer, writeAscii, writeByte, writeText } from './copy-buffer.js';
import { Spool } from './spool.js';
import { maskPersonalData } from '../privacy/mask.js';

/** Longest raw text kept for a rejected row, in characters (UTF-16 code units). */
export const MAX_REJECT_TEXT = 64 * 1024;

export interface ReasonTally {
  count: number;
  /** The first few line numbers and their reason sentence. */
  readonly examples: { lineNo: number; reason: string }[];
}

function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

export class RejectLog {
  readonly spool = new Spool();
  readonly tally = new Map<string, ReasonTally>();
  count = 0;
  private readonly out = new CopyBuffer(256 * 1024);
  private readonly prefix: string;

  constructor(batchId: number) {
    this.prefix = `${batchId}\t`;
  }

  /** Records one rejected row with all its reasons. */
  add(buf: Buffer, start: number, end: number, lineNo: number, codes: readonly string[], reasons: readonly string[]): void {
    this.count++;
    let text = maskPersonalData(buf.toString('utf8', start, Math.min(end, start + MAX_REJECT_TEXT * 4)));
    if (text.length > MAX_REJECT_TEXT) text = `${text.slice(0, MAX_REJECT_TEXT)}… [${end - start} bytes in all]`;
    // Reasons quote values: they are masked like the raw text.
    const maskedReasons = reasons.map(maskPersonalData);
    const out = this.out;
    out.beginRow();
    out.reserve(text.length * 6 + 1024 + maskedReasons.join('').length * 8);
    writeAscii(out, `${this.prefix}${lineNo}\t`);
    writeText(out, text);
    writeByte(out, 9);
    writeText(out, arrayLiteral(codes));
    writeByte(out, 9);
    writeText(out, arrayLiteral(maskedReasons));
    writeByte(out, 10);
    for (const chunk of out.take()) this.spool.write(chunk);
    codes.forEach((code, i) => {
      let tally = this.tally.get(code);
      if (!tally) {
        tally = { count: 0, examples: [] };
        this.tally.set(code, tally);
      }
      tally.count++;
      // Distinct lines: a row with two problems of one kind is one example.
      if (tally.examples.length < 3 && tally.examples.at(-1)?.lineNo !== lineNo) tally.examples.push({ lineNo, reason: maskedReasons[i]! });
    });
  }

  finish(): void {
    this.out.flush();
    for (const chunk of this.out.take()) this.spool.write(chunk);
  }

  /** "invalid_timestamp ×120 (e.g. line 7: started_at: '2026-02-30' is not a valid date/time); …" */
  dominantReasons(max = 3): string {
    return [...this.tally.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, max)
      .map(([code, t]) => `${code} ×${t.count} (e.g. line ${t.examples.map((e) => e.lineNo).join(', ')}: ${t.examples[0]!.reason})`)
      .join('; ');
  }
}
