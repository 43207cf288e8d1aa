/**
 * Chromium for the dashboard's end-to-end tests, driven by playwright-core's library API from
 * vitest: Debian's /usr/bin/chromium when present (CI installs it), else Playwright's own browser
 * if one is installed; neither → `skipReason` says why and the tests skip with it.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath(): { path: string } | { skipReason: string } {
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium' };
  let own: string | undefined;
  try {
    own = chromium.executablePath();
  } catch {
    own = undefined;
  }
  if (own && existsSync(own)) return { path: own };
  return { skipReason: 'no Chromium: /usr/bin/chromium is missing (apt-get install -y chromium) and Playwright has no browser installed' };
}

export async function launchChromium(): Promise<Browser> {
  const found = chromiumPath();
  if ('skipReason' in found) throw new Error(found.skipReason);
  return chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS, headless: true });
}
