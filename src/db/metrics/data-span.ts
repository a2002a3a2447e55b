/**
 * What data an analysis can use: per source, the loaded batches and the time span their rows cover (from
 * ingest_batch, not a scan of the fact tables), so an analysis can name the batches it read and explain an
 * empty period ("loaded data spans … to …").
 */
import { withSession, type Database } from '../session.js';
import type { MetricSource } from './dimensions.js';

/** The ingest_batch.source_kind of each metric source. */
export const SOURCE_KIND: Readonly<Record<MetricSource, string>> = { contacts: 'calls', surveys: 'surveys', complaints: 'complaints' };

export interface SourceSpan {
  readonly source: MetricSource;
  /** First and last loaded row time over all loaded batches (null when nothing is loaded). */
  readonly first: Date | null;
  readonly last: Date | null;
  /** First and last local day of that span in the given time zone. */
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  readonly batches: number;
}

/** The loaded span of each source, days in `timeZone`. */
export async function sourceSpans(db: Database, timeZone: string): Promise<SourceSpan[]> {
  const { rows } = await withSession(db, (s) =>
    s.query<{ source_kind: string; first: Date | null; last: Date | null; first_day: string | null; last_day: string | null; batches: number }>(
      `SELECT k.source_kind, min(b.time_from) AS first, max(b.time_to) AS last,
              to_char(min(b.time_from) AT TIME ZONE $1, 'YYYY-MM-DD') AS first_day,
              to_char(max(b.time_to) AT TIME ZONE $1, 'YYYY-MM-DD') AS last_day,
              count(b.batch_id)::int AS batches
       FROM (VALUES ('calls'), ('surveys'), ('complaints')) k(source_kind)
       LEFT JOIN ingest_batch b ON b.source_kind = k.source_kind AND b.status = 'loaded'
       GROUP BY k.source_kind`,
      [timeZone],
    ),
  );
  const bySource = new Map(rows.map((r) => [r.source_kind, r]));
  return (Object.entries(SOURCE_KIND) as [MetricSource, string][]).map(([source, kind]) => {
    const r = bySource.get(kind);
    return {
      source,
      first: r?.first ? new Date(r.first) : null,
      last: r?.last ? new Date(r.last) : null,
      firstDay: r?.first_day ?? null,
      lastDay: r?.last_day ?? null,
      batches: Number(r?.batches ?? 0),
    };
  });
}

/**
 * The loaded batches of `sources` whose rows overlap the local days `[from, to)` in `timeZone`: the batches an
 * analysis over those days reads (`dataBatches` of its output).
 */
export async function batchesInRanges(
  db: Database,
  sources: readonly MetricSource[],
  ranges: readonly { readonly from: string; readonly to: string }[],
  timeZone: string,
): Promise<number[]> {
  if (sources.length === 0 || ranges.length === 0) return [];
  const params: unknown[] = [timeZone, sources.map((s) => SOURCE_KIND[s])];
  const overlaps = ranges.map((r) => {
    params.push(r.from, r.to);
    const f = `$${params.length - 1}`;
    const t = `$${params.length}`;
    return `(b.time_from < (${t}::timestamp AT TIME ZONE $1) AND b.time_to >= (${f}::timestamp AT TIME ZONE $1))`;
  });
  const { rows } = await withSession(db, (s) =>
    s.query<{ batch_id: number }>(
      `SELECT b.batch_id FROM ingest_batch b WHERE b.status = 'loaded' AND b.source_kind = ANY($2::text[]) AND (${overlaps.join(' OR ')}) ORDER BY b.batch_id`,
      params,
    ),
  );
  return rows.map((r) => Number(r.batch_id));
}
