/**
 * src/db/tables.ts describes the schema by hand; this keeps it true. A fresh database is migrated and every
 * column information_schema reports for the tables and views of its schema is compared with
 * `TABLE_COLUMNS` (whose lists the compiler holds equal to the interfaces' keys). A failure names each
 * table and column to add to, or remove from, tables.ts.
 */
import { describe, expect, it } from 'vitest';
import { withSession } from '../../src/db/session.js';
import { TABLE_COLUMNS } from '../../src/db/tables.js';
import { TEST_DATABASES } from '../helpers/databases.js';

/** What differs between the database's columns and the lists, one readable line each (empty when none). */
function schemaDifferences(
  database: ReadonlyMap<string, readonly string[]>,
  described: Readonly<Record<string, readonly string[]>>,
): string[] {
  const problems: string[] = [];
  const where = 'src/db/tables.ts (its interface and TABLE_COLUMNS)';
  for (const [relation, columns] of database) {
    const listed = described[relation];
    if (listed === undefined) {
      problems.push(`${relation}: in the database, not in ${where}; its columns: ${columns.join(', ')}`);
      continue;
    }
    for (const column of columns) {
      if (!listed.includes(column)) problems.push(`${relation}.${column}: in the database, missing from ${where}`);
    }
    for (const column of listed) {
      if (!columns.includes(column)) problems.push(`${relation}.${column}: in ${where}, not in the database`);
    }
    const repeated = listed.filter((column, i) => listed.indexOf(column) !== i);
    for (const column of new Set(repeated)) problems.push(`${relation}.${column}: listed twice in TABLE_COLUMNS`);
  }
  for (const relation of Object.keys(described)) {
    if (!database.has(relation)) problems.push(`${relation}: in ${where}, no such table or view in the database`);
  }
  return problems;
}

describe('schemaDifferences', () => {
  it('names missing, extra and repeated columns and unknown relations', () => {
    const database = new Map([
      ['contact', ['contact_id', 'updated_at']],
      ['survey_item', ['item', 'label']],
    ]);
    expect(schemaDifferences(database, { contact: ['contact_id', 'gone', 'contact_id'], team: ['team_code'] })).toEqual([
      'contact.updated_at: in the database, missing from src/db/tables.ts (its interface and TABLE_COLUMNS)',
      'contact.gone: in src/db/tables.ts (its interface and TABLE_COLUMNS), not in the database',
      'contact.contact_id: listed twice in TABLE_COLUMNS',
      'survey_item: in the database, not in src/db/tables.ts (its interface and TABLE_COLUMNS); its columns: item, label',
      'team: in src/db/tables.ts (its interface and TABLE_COLUMNS), no such table or view in the database',
    ]);
    expect(schemaDifferences(new Map([['team', ['team_code']]]), { team: ['team_code'] })).toEqual([]);
  });
});

describe.each(TEST_DATABASES)('src/db/tables.ts against the migrated schema on $name', ({ open }) => {
  it('lists exactly the columns of every table and view', async () => {
    const t = await open();
    try {
      const { rows } = await withSession(t.db, (s) =>
        s.query<{ table_name: string; column_name: string }>(
          `SELECT table_name, column_name FROM information_schema.columns
           WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
        ),
      );
      const database = new Map<string, string[]>();
      for (const row of rows) database.set(row.table_name, [...(database.get(row.table_name) ?? []), row.column_name]);
      // Guards the query itself: a schema read as empty would make every list look extra, not pass.
      expect(database.get('contact')).toContain('customer_key');
      expect(schemaDifferences(database, TABLE_COLUMNS)).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
});
