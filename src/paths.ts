/**
 * Locations inside the installed package, found the same way from `src/` (tests) and `dist/src/` (CLI).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'sql'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('servq: cannot find the package root (package.json beside sql/)');
    dir = parent;
  }
}

/** Absolute path of the servq package (the folder holding package.json and sql/). */
export const PACKAGE_ROOT = findPackageRoot();
/** Folder of the numbered SQL migrations. */
export const SQL_DIR = join(PACKAGE_ROOT, 'sql');
/** Data servq ships about real exports: vendor presets, label phrase rules (catalog/README.md). */
export const CATALOG_DIR = join(PACKAGE_ROOT, 'catalog');
/** servq's version, stamped on every batch. */
export const SERVQ_VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
