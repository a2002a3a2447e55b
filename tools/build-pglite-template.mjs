#!/usr/bin/env node
// Run by `npm run build` after tsc: makes the embedded database's template data directory when it is missing
// (src/db/pglite-template.ts explains why). Prints one line when it makes one; a failure only warns, because
// servq then runs initdb for each new embedded database as PGlite does by itself.
import { buildPgliteTemplate, pgliteTemplatePath } from '../dist/src/db/pglite-template.js';

try {
  const path = pgliteTemplatePath();
  if (await buildPgliteTemplate(path)) process.stderr.write(`servq: made the embedded database template ${path}\n`);
} catch (error) {
  process.stderr.write(`servq: warning: could not make the embedded database template (${error instanceof Error ? error.message : String(error)}); new embedded databases will run initdb instead\n`);
}
