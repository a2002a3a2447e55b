/**
 * Child process of the analysis-at-scale benchmark's what-if measurements:
 * `node dist/bench/analysis/scale-setup.js FILE.sql` runs a SQL script on the database servq would open
 * (DATABASE_URL, else SERVQ_DATA_DIR) after the data is generated and before it is measured — e.g. another
 * definition of a `*_current` view, or an index — so a proposed change is measured against the same data and
 * baseline without touching src/. Runs after every generation and growth step: the script must be repeatable
 * (CREATE OR REPLACE, IF NOT EXISTS). Exits 0, or prints the error and exits 1.
 */
import { readFileSync } from 'node:fs';
import { connect } from '../../src/db/connect.js';
import { withSession } from '../../src/db/session.js';

async function main(argv: readonly string[]): Promise<number> {
  const file = argv[0];
  if (file === undefined) {
    process.stderr.write('usage: node dist/bench/analysis/scale-setup.js FILE.sql\n');
    return 2;
  }
  const script = readFileSync(file, 'utf8');
  const db = await connect();
  try {
    await withSession(db, (s) => s.exec(script));
  } finally {
    await db.close();
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`scale-setup: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
