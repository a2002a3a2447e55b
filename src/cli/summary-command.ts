/**
 * `servq summary`: a short text summary of what is loaded (until the report issues bring the real reports).
 */
import { channelSummary, complaintSummary, sourceSummary, surveySummary } from '../db/summary-queries.js';
import type { Database } from '../db/session.js';
import { count, table, withDatabase, type GlobalOptions } from './context.js';

/** A metric with no data prints "–", never 0. */
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const secs = (x: number | null) => (x === null ? '–' : x < 600 ? `${x.toFixed(0)}s` : `${(x / 60).toFixed(0)}m`);
/** Prints the summary of the data in `db` (all of it; `sourcesOnly`: the sources table alone); days are in `timeZone`. */
export async function printDataSummary(db: Database, timeZone: string, o: { sourcesOnly?: boolean } = {}): Promise<void> {
  console.log(`\nLoaded data (${db.description}; days in ${timeZone}):`);
  console.log(
    table(['source', 'rows', 'from', 'to', 'batches'], (await sourceSummary(db, timeZone)).map((s) => [s.source, count(s.rows), s.first ?? '–', s.last ?? '–', String(s.batches)])),
  );
  if (o.sourcesOnly) return;
  const channels = await channelSummary(db);
  if (channels.length > 0) {
    console.log('\nContacts by channel (service level: answered within the standard ÷ answered + abandoned; ASA and waits over answered contacts):');
    console.log(
      table(
        ['channel', 'contacts', 'abandoned', 'ASA', 'median wait', 'P90 wait', 'standard', 'service level'],
        channels.map((c) => [c.channel, count(c.contacts), pct(c.abandonRate), secs(c.asaSeconds), secs(c.medianWaitSeconds), secs(c.p90WaitSeconds), c.thresholdSeconds === null ? '–' : `≤ ${secs(c.thresholdSeconds)}`, pct(c.serviceLevel)]),
      ),
    );
  }
  const surveys = await surveySummary(db);
  if (surveys.overallAnswers > 0 || surveys.npsAnswers > 0) {
    console.log(
      `\nSurveys: CSAT ${pct(surveys.csat)} (top-two-box, 4–5 of 5, n = ${count(surveys.overallAnswers)}; target ≥ 90%)` +
        `, NPS ${surveys.nps === null ? '–' : surveys.nps.toFixed(1)} (0–10 answers, n = ${count(surveys.npsAnswers)})`,
    );
  }
  if (surveys.cesAnswers > 0) {
    console.log(`  Ease (CES 2.0, 1–7 "made it easy", higher is better): mean ${surveys.cesMean!.toFixed(2)}, ${pct(surveys.cesEasyShare)} answering 5–7 (n = ${count(surveys.cesAnswers)})`);
  }
  if (surveys.effortAnswers > 0) {
    console.log(`  Effort (CES 1.0, 1–5, lower is better): mean ${surveys.effortMean!.toFixed(2)}, ${pct(surveys.effortLowShare)} answering 1–2 (n = ${count(surveys.effortAnswers)})`);
  }
  const complaints = await complaintSummary(db);
  if (complaints.length > 0) {
    console.log('\nComplaints by category:');
    console.log(table(['category', 'complaints', 'first response ≤ 24h', 're-opened'], complaints.map((c) => [c.category, count(c.complaints), pct(c.respondedWithin24h), pct(c.reopenedShare)])));
  }
}

export async function runSummary(o: { timeZone: string }, g: GlobalOptions): Promise<void> {
  await withDatabase(g, (db) => printDataSummary(db, o.timeZone));
}
