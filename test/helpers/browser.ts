/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser; STACK.md): for tests that open
 * report.html. CI installs `chromium` (.ci/run) and the test fails there without it; elsewhere a machine without
 * it skips those tests, saying why.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env['SERVQ_CHROMIUM'] ?? '/usr/bin/chromium';

/** Whether browser tests run here: always on CI (a missing browser then fails them). */
export const BROWSER_AVAILABLE = existsSync(CHROMIUM) || process.env['CI'] === 'true';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set SERVQ_CHROMIUM`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
