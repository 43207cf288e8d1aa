/**
 * DNS rebinding and browsers, on every route of the port (proxy routes, /health, the landing page,
 * the management API, the dashboard's prefix, unknown paths): a Host that is not loopback or the bound
 * host → 403; an Origin that is neither this server's own nor (proxy routes) explicitly allowed →
 * 403; no CORS header anywhere except to an allowed origin, whose preflight gets allow headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../../support/raw-http';
import type { RawResponse } from '../../support/raw-http';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';

const ALLOWED = 'https://app.example';
const config = {
  server: { allowedOrigins: [ALLOWED] },
  providers: [{ id: 'synthetic', protocol: 'synthetic' }],
  routing: { default: ['synthetic/synthetic-1'] },
};

const anthropicBody = JSON.stringify({ model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
const PATHS: Array<{ path: string; method: string; body?: string; proxy: boolean }> = [
  { path: '/v1/messages', method: 'POST', body: anthropicBody, proxy: true },
  { path: '/v1/messages/count_tokens', method: 'POST', body: anthropicBody, proxy: true },
  { path: '/v1/chat/completions', method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }), proxy: true },
  { path: '/v1/responses', method: 'POST', body: JSON.stringify({ model: 'm', input: 'hi', store: false }), proxy: true },
  { path: '/v1/models', method: 'GET', proxy: true },
  { path: '/health', method: 'GET', proxy: false },
  { path: '/', method: 'GET', proxy: false },
  { path: '/api/v1/status', method: 'GET', proxy: false },
  { path: '/ui/', method: 'GET', proxy: false },
  { path: '/no/such/route', method: 'GET', proxy: false },
];

let svc: TestService;
beforeAll(async () => {
  svc = await startService({ config });
});
afterAll(() => svc.close());

function send(p: (typeof PATHS)[number], headers: Record<string, string>): Promise<RawResponse> {
  return rawRequest(svc.url + p.path, {
    method: p.method,
    headers: { authorization: `Bearer ${svc.token}`, ...(p.body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(p.body ? { body: p.body } : {}),
  });
}

const corsHeaders = (r: RawResponse) => Object.keys(r.headers).filter((h) => h.startsWith('access-control-'));

describe('Host (DNS rebinding)', () => {
  it.each(PATHS)('$method $path: a foreign Host is refused with 403, before anything runs', async (p) => {
    for (const host of ['attacker.example', `attacker.example:${new URL(svc.url).port}`, '127.0.0.1.nip.io', '[::2]', '0.0.0.0']) {
      const r = await send(p, { host });
      expect(r.status, `host ${JSON.stringify(host)}`).toBe(403);
      expect(r.text).toMatch(/Host|DNS rebinding/);
      expect(corsHeaders(r)).toEqual([]);
    }
  });

  it.each(PATHS)('$method $path: loopback names are accepted', async (p) => {
    const port = new URL(svc.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `127.1.2.3:${port}`, 'LOCALHOST']) {
      expect([403]).not.toContain((await send(p, { host })).status);
    }
  });

  it('the 403 comes in the client’s shape: Anthropic on /v1/messages, OpenAI on /v1/chat/completions, the API’s on /api', async () => {
    expect((await send(PATHS[0]!, { host: 'evil.example' })).json()).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    expect((await send(PATHS[2]!, { host: 'evil.example' })).json()).toMatchObject({ error: { type: 'permission_error', code: 'forbidden' } });
    expect((await send(PATHS[7]!, { host: 'evil.example' })).json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});

describe('Origin (web pages in the user’s browser)', () => {
  it.each(PATHS)('$method $path: a foreign origin is refused with 403 and no CORS header', async (p) => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost:1', `${ALLOWED}.evil.example`, 'http://127.0.0.1']) {
      const r = await send(p, { origin });
      expect(r.status, origin).toBe(403);
      expect(corsHeaders(r)).toEqual([]);
    }
  });

  it.each(PATHS)('$method $path: its own origin (the dashboard is same-origin) passes, without CORS headers', async (p) => {
    const r = await send(p, { origin: svc.url });
    expect(r.status).not.toBe(403);
    expect(corsHeaders(r)).toEqual([]);
  });

  it.each(PATHS.filter((p) => p.proxy))('$method $path: an origin listed in server.allowedOrigins passes and is told so', async (p) => {
    const r = await send(p, { origin: ALLOWED });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(r.headers.vary).toMatch(/Origin/);
  });

  it('allowedOrigins opens the proxy routes only, never the API or /health', async () => {
    for (const p of PATHS.filter((x) => x.path === '/api/v1/status' || x.path === '/health')) {
      expect((await send(p, { origin: ALLOWED })).status).toBe(403);
    }
  });

  it('preflights: a foreign origin gets 403 and no allow headers; an allowed one gets 204 with them', async () => {
    const pre = (origin: string) =>
      rawRequest(`${svc.url}/v1/messages`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });
    const evil = await pre('https://evil.example');
    expect(evil.status).toBe(403);
    expect(corsHeaders(evil)).toEqual([]);
    const ok = await pre(ALLOWED);
    expect(ok.status).toBe(204);
    expect(ok.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-methods': 'GET, HEAD, POST',
      'access-control-allow-headers': 'content-type,x-api-key',
    });
  });

  it('a preflight without an Origin (not a browser) gets no allow headers', async () => {
    const r = await rawRequest(`${svc.url}/v1/messages`, { method: 'OPTIONS' });
    expect(r.status).toBe(405);
    expect(corsHeaders(r)).toEqual([]);
  });

  it('a "simple" cross-site POST (text/plain, no preflight) is refused before its body is read: nothing is generated', async () => {
    const before = (await svc.api.getHealth()).providers[0]!;
    const r = await rawRequest(`${svc.url}/v1/messages`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: anthropicBody });
    expect(r.status).toBe(403);
    expect(r.headers.connection).toBe('close');
    expect((await svc.api.getHealth()).providers[0]!.inFlight).toBe(before.inFlight);
  });
});
