/**
 * What the database and the loader share about the fact tables: the source kinds, the table each loads into,
 * the time column that dates its rows, and the framing of binary COPY. Kept in `src/db` so data flows one way
 * (STYLE.md): `src/ingest` imports these; nothing in `src/db` imports `src/ingest`.
 */

/** The three kinds of source file servq ingests. */
export const SOURCE_KINDS = ['calls', 'surveys', 'complaints'] as const;
/** One of `SOURCE_KINDS`. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A fact table that loads are written into. */
export type FactTable = 'contact' | 'survey_response' | 'complaint';

/** The table each source kind loads into. */
export const FACT_TABLE: Readonly<Record<SourceKind, FactTable>> = { calls: 'contact', surveys: 'survey_response', complaints: 'complaint' };

/** The source kind each fact table holds (FACT_TABLE reversed). */
export const KIND_OF_TABLE = Object.fromEntries(SOURCE_KINDS.map((k) => [FACT_TABLE[k], k])) as Readonly<Record<FactTable, SourceKind>>;

/** The required time column that dates a row of each table (and bounds where its duplicates can be). */
export const TIME_COLUMN: Readonly<Record<FactTable, string>> = {
  contact: 'started_at',
  survey_response: 'answered_at',
  complaint: 'received_at',
};

// Binary COPY framing (PostgreSQL docs, "COPY", Binary Format). Row: int16 field count, then per field int32
// byte length (−1 for NULL) and the value in the type's binary send format (big-endian).

/** The binary COPY file header: signature, flags, header-extension length. */
export const BINARY_COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** The binary COPY trailer: a field count of −1. */
export const BINARY_COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** Class (first key) of servq's two-key advisory locks: "servq"; the second key names what is locked. */
export const ADVISORY_LOCK_CLASS = 0x5e7e;
