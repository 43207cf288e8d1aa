/**
 * Every screen in Chromium against the real service: screenshots at 900×600 and 1440×900 in both
 * themes (test-results/screenshots/, git-ignored), no serious or critical axe-core violation in
 * either theme, and visible keyboard focus.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../support/browser';
import type { FakeUpstream } from '../support/fake-upstream';
import { SCREENSHOTS, axeViolations, cspViolations, newPage, sendChat, startDashboard, startOpenAIUpstream } from './dashboard-support';
import type { Dashboard } from './dashboard-support';

const found = chromiumPath();
if ('skipReason' in found) console.log(`dashboard e2e skipped: ${found.skipReason}`);

const SCREENS: Array<{ hash: string; name: string; heading: string | RegExp }> = [
  { hash: '#/overview', name: 'overview', heading: 'Overview' },
  { hash: '#/providers', name: 'providers', heading: 'Providers' },
  { hash: '#/providers/add', name: 'providers-add', heading: 'Add a provider' },
  { hash: '#/routing', name: 'routing', heading: 'Routing' },
  { hash: '#/requests', name: 'requests', heading: 'Requests' },
  { hash: '#/speed-test', name: 'speed-test', heading: 'Speed test' },
  { hash: '#/claude-code', name: 'claude-code', heading: 'Claude Code' },
  { hash: '#/settings', name: 'settings', heading: 'Settings' },
];
const SIZES = [
  [900, 600],
  [1440, 900],
] as const;

describe.skipIf('skipReason' in found)('dashboard screens', { timeout: 120_000 }, () => {
  let browser: Browser;
  let dash: Dashboard;
  let up: FakeUpstream;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    up = await startOpenAIUpstream('main', 'main-key');
    dash = await startDashboard({
      config: {
        providers: [
          { id: 'main', name: 'Main gateway', protocol: 'openai', baseUrl: `${up.url}/v1`, models: ['main-model', 'main-mini'], apiKeys: ['env:MAIN_KEY'] },
          { id: 'backup', protocol: 'openai', baseUrl: `${up.url}/v1`, models: ['backup-model'], apiKeys: ['env:NO_SUCH_KEY_SET'], enabled: false },
        ],
        routing: { default: ['main/main-model', 'backup/backup-model'], background: { targets: ['main/main-mini'], strategy: 'round-robin' }, modelMap: [{ match: 'claude-*haiku*', route: 'background' }] },
      },
      env: { MAIN_KEY: 'main-key', NO_SUCH_KEY_SET: 'x' },
    });
    for (let i = 0; i < 5; i++) await sendChat(dash.url, `screens ${i}`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await dash?.close();
    await up?.close();
  });

  for (const dark of [false, true]) {
    it(`every screen in the ${dark ? 'dark' : 'light'} theme: screenshots at both sizes, no serious axe violation`, async () => {
      const problems: string[] = [];
      for (const [width, height] of SIZES) {
        const { page, context, errors } = await newPage(browser, { width, height, dark });
        await page.goto(dash.dashboardUrl);
        await page.getByRole('heading', { name: 'Overview' }).waitFor();
        for (const s of SCREENS) {
          await page.evaluate(`location.hash = ${JSON.stringify(s.hash)}`);
          await page.getByRole(s.name === 'providers-add' ? 'dialog' : 'heading', { name: s.heading }).first().waitFor();
          await page.waitForTimeout(300);
          await page.screenshot({ path: join(SCREENSHOTS, `${s.name}-${width}x${height}-${dark ? 'dark' : 'light'}.png`) });
          expect(await page.evaluate('document.documentElement.dataset.theme')).toBe(dark ? 'dark' : 'light');
          // Readable at this size: nothing wider than the window.
          expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
          if (width === 1440) for (const v of await axeViolations(page)) problems.push(`${s.name}: ${v}`);
          if (s.name === 'providers-add') await page.keyboard.press('Escape');
        }
        expect(await cspViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      }
      expect(problems).toEqual([]);
    });
  }

  it('every control is reached from the keyboard with a visible focus ring', async () => {
    const { page, context } = await newPage(browser);
    await page.goto(dash.dashboardUrl);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const info = (await page.evaluate(`(() => { const el = document.activeElement; if (!el || el === document.body) return null; const cs = getComputedStyle(el); return { name: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40), outline: cs.outlineStyle, width: cs.outlineWidth }; })()`)) as { name: string; outline: string; width: string } | null;
      if (!info) continue;
      seen.push(info.name);
      expect(info.outline, `focus ring on "${info.name}"`).not.toBe('none');
      expect(info.width).not.toBe('0px');
    }
    for (const name of ['Skip to content', 'Overview', 'Providers', 'Routing', 'Settings', 'Pause proxy']) expect(seen).toContain(name);
    await context.close();
  });
});
