/**
 * Data flows one way (STYLE.md): ingest → db → analysis → reports; `src/analyze` (the analyses over the
 * database) joins db and analysis and is used by the command line, reports and notebooks. `src/db` never imports `src/ingest`;
 * `src/analysis` imports neither the database, the loader, the file system nor a database driver, so notebooks
 * and tests call it directly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
}

function violations(folder: string, forbidden: RegExp): string[] {
  return files(join(SRC, folder)).flatMap((file) => imports(file).filter((spec) => forbidden.test(spec)).map((spec) => `${relative(SRC, file)} imports ${spec}`));
}

describe('layering', () => {
  it('src/db does not import src/ingest', () => {
    expect(violations('db', /(^|\/)ingest\//)).toEqual([]);
  });

  it('src/analysis imports no database, loader, file system or driver', () => {
    expect(violations('analysis', /(^|\/)(db|ingest|cli)\/|^node:fs|^pg$|^@electric-sql|^kysely/)).toEqual([]);
  });

  it('src/db imports neither the analyses nor the command line; src/analyze not the command line or the loader', () => {
    expect(violations('db', /(^|\/)(analyze|cli)\//)).toEqual([]);
    expect(violations('analyze', /(^|\/)(cli|ingest)\/|^node:fs|^pg$|^@electric-sql/)).toEqual([]);
  });

  it('src/reports imports no database, loader, command line, file system or driver', () => {
    expect(violations('reports', /(^|\/)(db|ingest|cli)\/|^node:fs|^pg$|^@electric-sql|^kysely/)).toEqual([]);
  });

  it('only the command line uses the pipelines; the declarations in pipelines/ hold no logic (they import src/pipeline only)', () => {
    expect(violations('db', /(^|\/)pipeline\//)).toEqual([]);
    expect(violations('analyze', /(^|\/)pipeline\//)).toEqual([]);
    expect(violations('reports', /(^|\/)pipeline\//)).toEqual([]);
    expect(violations('ingest', /(^|\/)pipeline\//)).toEqual([]);
    const declarations = join(SRC, '..', 'pipelines');
    const outside = files(declarations).flatMap((file) => imports(file).filter((spec) => !/^\.\.\/src\/pipeline\/|^\.\/[a-z-]+\.js$/.test(spec)).map((spec) => `${relative(declarations, file)} imports ${spec}`));
    expect(outside).toEqual([]);
    expect(files(declarations).length).toBeGreaterThanOrEqual(5);
  });

  it('finds imports at all (the scan is not vacuous)', () => {
    expect(imports(join(SRC, 'db', 'ingest-queries.ts'))).toContain('./schema.js');
  });
});
