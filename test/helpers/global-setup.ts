/**
 * Once per test run: a scratch folder shared by the test files (the demo database template of
 * demo-database.ts is built there by the first file that needs it), removed at the end with any server
 * template database.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder for templates shared by the test files of this run. */
    sharedRoot: string;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'servq-test-run-'));
  project.provide('sharedRoot', root);
  return async () => {
    const serverUrl = process.env['TEST_DATABASE_URL'];
    const templates = readdirSync(root)
      .filter((f) => f.endsWith('.server-template'))
      .map((f) => readFileSync(join(root, f), 'utf8').trim());
    if (serverUrl && templates.length > 0) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      for (const name of templates) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
    rmSync(root, { recursive: true, force: true });
  };
}
