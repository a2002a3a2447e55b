/**
 * A freshly initialised embedded data directory, made once by the build and unpacked into each new embedded
 * database instead of running initdb there.
 *
 * Why: PGlite creates a new data directory by starting a second instance with initdb's WebAssembly module, dumping
 * what it made into an in-memory tarball and loading that into the first: on this machine 5.5 s and a peak RSS of
 * 916 MB for an empty database — the peak of a new user's first `npm start` (879 MB) and of every fresh test
 * database. Unpacking the same tarball made once (4.5 MB gzip, PGlite's own `dumpDataDir` and `loadDataDir`):
 * 2.5 s and 420 MB. The tarball is PGlite's initdb output and nothing of servq (migrations run as on any new
 * database); it is named after the PGlite version that made it, so another PGlite finds none and runs initdb.
 * Every database unpacked from it shares its system identifier, which only replication reads (PGlite has none).
 *
 * `node tools/build-pglite-template.mjs` (run by `npm run build`) makes it when it is missing.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

/** The installed PGlite's version (its package.json, found from its resolved entry point). */
export function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('servq: cannot find the version of @electric-sql/pglite');
    dir = parent;
  }
}

/** Where the build keeps the template for the installed PGlite. */
export function pgliteTemplatePath(): string {
  return join(PACKAGE_ROOT, 'dist', 'pglite-template', `pgdata-pglite-${pgliteVersion()}.tar.gz`);
}

/**
 * Makes the template at `path` unless it exists: initdb in an in-memory PGlite, its data directory dumped as a
 * gzipped tarball, written beside and renamed into place (a build stopped half-way leaves no partial template).
 * @returns whether it was made now
 */
export async function buildPgliteTemplate(path: string = pgliteTemplatePath()): Promise<boolean> {
  if (existsSync(path)) return false;
  const { PGlite } = await import('@electric-sql/pglite');
  const lite = await PGlite.create();
  try {
    const tarball = await lite.dumpDataDir('gzip');
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, new Uint8Array(await tarball.arrayBuffer()));
    renameSync(partial, path);
  } finally {
    await lite.close();
  }
  return true;
}
