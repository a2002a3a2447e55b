/** Temporary files for tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'servq-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** Writes `content` to a fresh file named `name` (in its own folder) and returns its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const dir = join(root, String(n++));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A fresh empty folder, removed after the test file. */
export function tempDir(): string {
  const dir = join(root, String(n++));
  mkdirSync(dir, { recursive: true });
  return dir;
}
