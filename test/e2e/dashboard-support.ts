/**
 * End-to-end support for the dashboard: the real service (core + management API + the /ui mount,
 * exactly what `aimux serve` runs) on 127.0.0.1:0, Chromium through playwright-core, axe-core
 * injected into the page, CSP violations recorded, and loopback OpenAI-style upstreams.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { isApiError } from '../../shared/api/errors';
import type { ApiClient } from '../../shared/api/client';
import { createUiMount } from '../../electron/core/server/static-ui';
import { json, openAICompletion, openAITextStream, sse, startFakeUpstream } from '../support/fake-upstream';
import type { FakeUpstream } from '../support/fake-upstream';
import { startService } from '../support/service';
import type { TestService } from '../support/service';

export const ROOT = join(__dirname, '../..');
export const UI_DIR = join(ROOT, 'dist/renderer');
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

export interface Dashboard extends TestService {
  /** What `aimux serve` prints: the dashboard with the admin token in the fragment. */
  dashboardUrl: string;
}

export async function startDashboard(opts: Parameters<typeof startService>[0] = {}): Promise<Dashboard> {
  const svc = await startService({ ...opts, mounts: [createUiMount(UI_DIR)] });
  return { ...svc, dashboardUrl: `${svc.url}/ui/#token=${svc.token}` };
}

/** An OpenAI-compatible upstream that accepts only `Bearer <goodKey>` and counts what it answered. */
export async function startOpenAIUpstream(name: string, goodKey: string): Promise<FakeUpstream> {
  return startFakeUpstream(async (req, res) => {
    if (req.url.endsWith('/models')) return json(res, 200, { data: [{ id: `${name}-model` }] });
    if (req.headers.authorization !== `Bearer ${goodKey}`) return json(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    if (req.json?.stream) return sse(res, openAITextStream([`hello from ${name}`], { model: `${name}-model`, usage: true }));
    return json(res, 200, openAICompletion(`hello from ${name}`, { model: `${name}-model` }));
  });
}

export async function newPage(browser: Browser, opts: { width?: number; height?: number; dark?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 }, colorScheme: opts.dark ? 'dark' : 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // Page-side code is written as strings: this program is typed for Node, without DOM types.
  await page.addInitScript({
    content: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));",
  });
  return { context, page, errors };
}

/**
 * CSP violations other than the one we accept: Radix's modal scroll lock injects a <style> element,
 * which `style-src 'self'` blocks; this layout never scrolls <body>, so nothing is lost.
 */
export async function cspViolations(page: Page): Promise<Array<{ directive: string; blocked: string }>> {
  const all = (await page.evaluate('window.__csp')) as Array<{ directive: string; blocked: string }>;
  return all.filter((v) => !(v.directive === 'style-src-elem' && v.blocked === 'inline'));
}

let axeSource: string | undefined;
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through DevTools, not as a page script, so the page's CSP does not apply to it.
  await page.evaluate(axeSource);
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** Why an observability-backed test cannot run yet, or undefined when the server has the operations. */
export async function observabilityMissing(api: ApiClient): Promise<string | undefined> {
  try {
    await api.queryRequests({ limit: 1 });
    await api.getTimeSeries({ window: '1h' });
    return undefined;
  } catch (err) {
    if (isApiError(err) && (err.code === 'UNSUPPORTED' || err.code === 'NOT_FOUND')) return `waits for observability (issue 16): ${err.message}`;
    throw err;
  }
}

export async function sendChat(proxyUrl: string, content = 'hi'): Promise<Response> {
  return fetch(`${proxyUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'anything', messages: [{ role: 'user', content }] }),
  });
}
