/**
 * What rendering a report needs from the installed packages: the report font's TTF files (Noto Sans SC from
 * `@expo-google-fonts/noto-sans-sc`, pinned in package.json), the browser builds of vega, vega-lite and
 * vega-embed to inline in `report.html`, and the git commit servq runs from (for the manifest).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportAssets } from '../reports/index.js';
import { subsetFontFile } from '../reports/render/web-font.js';
import { PACKAGE_ROOT, SERVQ_VERSION } from '../paths.js';

/** The folder of an installed package (walking up from the file its name resolves to). */
export function packageDir(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`servq: cannot find the folder of the package ${name}`);
    dir = parent;
  }
}

/** The report font's files. */
export function reportFonts(): { regular: string; bold: string } {
  const dir = packageDir('@expo-google-fonts/noto-sans-sc');
  return { regular: join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'), bold: join(dir, '700Bold', 'NotoSansSC_700Bold.ttf') };
}

/** The commit of the checkout servq runs from, or null (an installed package has none). */
export function gitCommit(): string | null {
  if (!existsSync(join(PACKAGE_ROOT, '.git'))) return null;
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  return r.status === 0 && /^[0-9a-f]{40}$/.test(r.stdout.trim()) ? r.stdout.trim() : null;
}

let cached: ReportAssets | null = null;

export function reportAssets(): ReportAssets {
  if (cached) return cached;
  const read = (pkg: string, file: string) => readFileSync(join(packageDir(pkg), 'build', file), 'utf8');
  const fonts = reportFonts();
  const fontData = { regular: readFileSync(fonts.regular), bold: readFileSync(fonts.bold) };
  cached = {
    fonts,
    fontData,
    async subsetFonts(characters) {
      // Cut in the report's own temporary folder, removed once its PNGs and PDF are drawn.
      const dir = mkdtempSync(join(tmpdir(), 'servq-report-fonts-'));
      try {
        const regular = await subsetFontFile(fontData.regular, characters, 'truetype');
        const bold = await subsetFontFile(fontData.bold, characters, 'truetype');
        writeFileSync(join(dir, 'regular.ttf'), regular);
        writeFileSync(join(dir, 'bold.ttf'), bold);
        return { fonts: { regular: join(dir, 'regular.ttf'), bold: join(dir, 'bold.ttf') }, data: { regular, bold }, dispose: () => rmSync(dir, { recursive: true, force: true }) };
      } catch (error) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    },
    libraries: { vega: read('vega', 'vega.min.js'), vegaLite: read('vega-lite', 'vega-lite.min.js'), vegaEmbed: read('vega-embed', 'vega-embed.min.js') },
    version: SERVQ_VERSION,
    commit: gitCommit(),
  };
  return cached;
}
