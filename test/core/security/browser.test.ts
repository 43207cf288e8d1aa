/**
 * A real browser (Debian's Chromium through playwright-core) attacks aimux the two ways a web page
 * can: from another origin with `fetch('http://127.0.0.1:PORT/v1/messages')` (CORS and no-cors), and
 * by DNS rebinding (a page whose name now resolves to 127.0.0.1, so its requests are same-origin but
 * carry the attacker's Host). Both are refused and the provider receives nothing. Chromium's own
 * local-network protections are switched off, so aimux's defences are what is tested; the control
 * cases (an allowed origin, aimux's own origin) prove the browser does reach aimux.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../support/browser';
import { startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';
import { anthropicKit } from '../resilience/helpers';

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) console.log(`skipped: the browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const ALLOWED = 'http://allowed.test';
const BODY = JSON.stringify({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'spend the user’s keys' }] });

describe.skipIf(!hasBrowser)('a web page in the user’s browser', () => {
  let upstream: FakeUpstream;
  let svc: TestService;
  let browser: Browser;
  let context: BrowserContext;
  let port: string;

  beforeAll(async () => {
    upstream = await startFakeUpstream((req, res) => anthropicKit.reply(req, res, 'ok'));
    svc = await startService({
      config: {
        server: { allowedOrigins: [ALLOWED] },
        providers: [{ id: 'up', protocol: 'anthropic', baseUrl: upstream.url, apiKeys: ['test-upstream-key-000001'], models: ['up-model'] }],
        routing: { default: ['up/up-model'] },
      },
    });
    port = new URL(svc.url).port;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        ...CHROMIUM_ARGS,
        // DNS rebinding, simulated: these names resolve to loopback.
        '--host-resolver-rules=MAP evil.test 127.0.0.1, MAP allowed.test 127.0.0.1',
        // Chromium's Local/Private Network Access checks would block some attacks on their own;
        // browsers without them exist, so aimux must hold by itself.
        '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests',
      ],
    });
    context = await browser.newContext();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await svc?.close();
    await upstream?.close();
  });

  /** A page at `origin`, its HTML served by the test (the attacker's server before the DNS flip). */
  async function pageAt(origin: string): Promise<Page> {
    const page = await context.newPage();
    await page.route(`${origin}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>page</title><p>hello' }));
    await page.goto(`${origin}/`);
    return page;
  }

  /** Runs fetch in the page; returns the status and body, or the error the page saw. */
  function pageFetch(page: Page, url: string, init: { method?: string; headers?: Record<string, string>; body?: string; mode?: 'cors' | 'no-cors' }) {
    return page.evaluate(
      async ([u, i]) => {
        try {
          const r = await fetch(u, i as RequestInit);
          return { status: r.status, type: r.type, text: r.type === 'opaque' ? '' : await r.text() };
        } catch (e) {
          return { error: String(e) };
        }
      },
      [url, init] as const,
    );
  }

  it('another origin: fetch to http://127.0.0.1:PORT/v1/messages is refused (JSON, with a key header, and no-cors); the provider gets nothing', async () => {
    const page = await pageAt('http://attacker.test');
    const target = `http://127.0.0.1:${port}/v1/messages`;
    const json = await pageFetch(page, target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    expect(json).toMatchObject({ error: expect.stringMatching(/Failed to fetch/) });
    const keyed = await pageFetch(page, target, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'any' }, body: BODY });
    expect(keyed).toMatchObject({ error: expect.stringMatching(/Failed to fetch/) });
    // A "simple" request needs no preflight: the browser sends it; aimux must refuse it itself.
    const blind = await pageFetch(page, target, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: BODY });
    expect(blind).toMatchObject({ type: 'opaque' });
    const localhost = await pageFetch(page, `http://localhost:${port}/v1/messages`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: BODY });
    expect(localhost).toMatchObject({ type: 'opaque' });
    await page.close();
    expect(upstream.requests).toHaveLength(0);
  });

  it('DNS rebinding (forged Host): a page at http://evil.test:PORT calling its own origin gets 403 on every route; the provider gets nothing', async () => {
    const page = await pageAt(`http://evil.test:${port}`);
    const post = await pageFetch(page, '/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    expect(post.status).toBe(403);
    expect(JSON.parse((post as { text: string }).text)).toMatchObject({ type: 'error', error: { type: 'permission_error', message: expect.stringMatching(/DNS rebinding/) } });
    for (const path of ['/health', '/v1/models', '/api/v1/status', '/ui/']) {
      expect((await pageFetch(page, path, {})).status, path).toBe(403);
    }
    await page.close();
    expect(upstream.requests).toHaveLength(0);
  });

  it('controls: an origin listed in server.allowedOrigins, and aimux’s own origin, do get through', async () => {
    const allowed = await pageAt(ALLOWED);
    const r = await pageFetch(allowed, `http://127.0.0.1:${port}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    expect(r.status).toBe(200);
    await allowed.close();
    const own = await context.newPage();
    await own.goto(`http://127.0.0.1:${port}/`);
    const same = await pageFetch(own, '/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    expect(same.status).toBe(200);
    await own.close();
    expect(upstream.requests).toHaveLength(2);
  });
});
