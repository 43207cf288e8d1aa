/**
 * The proxy token on every route that spends keys or shows provider state: optional (any key
 * accepted) until one is created; then required as `x-api-key` or `Authorization: Bearer`, answered
 * 401 in the client's own error shape without it, rotated and removed through the API with
 * immediate effect; aimux's own requests (the provider test) still pass.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../../support/raw-http';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';

interface RouteCase {
  name: string;
  path: string;
  method: 'GET' | 'POST';
  body?: unknown;
  shape: 'anthropic' | 'openai' | 'any';
}

const ROUTES: RouteCase[] = [
  { name: 'messages', path: '/v1/messages', method: 'POST', body: { model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }, shape: 'anthropic' },
  { name: 'count_tokens', path: '/v1/messages/count_tokens', method: 'POST', body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, shape: 'anthropic' },
  { name: 'chat', path: '/v1/chat/completions', method: 'POST', body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, shape: 'openai' },
  { name: 'responses', path: '/v1/responses', method: 'POST', body: { model: 'm', input: 'hi', store: false }, shape: 'openai' },
  { name: 'models', path: '/v1/models', method: 'GET', shape: 'any' },
  { name: 'anthropic models', path: '/anthropic/v1/models', method: 'GET', shape: 'anthropic' },
  { name: 'health', path: '/health', method: 'GET', shape: 'any' },
];

function call(svc: TestService, r: RouteCase, headers: Record<string, string> = {}) {
  return rawRequest(svc.url + r.path, {
    method: r.method,
    headers: { ...(r.body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(r.body ? { body: JSON.stringify(r.body) } : {}),
  });
}

function expect401(r: RouteCase, res: Awaited<ReturnType<typeof call>>) {
  expect(res.status).toBe(401);
  const body = res.json<any>();
  if (r.shape === 'anthropic' || (r.shape === 'any' && body.type === 'error')) {
    expect(body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(body.error.message).toMatch(/proxy token/);
  } else {
    expect(body).toMatchObject({ error: { type: 'authentication_error', code: 'unauthorized', param: null } });
    expect(body.error.message).toMatch(/proxy token/);
  }
}

let svc: TestService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(() => svc.close());

describe('no proxy token set (the default on loopback)', () => {
  it.each(ROUTES)('$name: no key, or any key, is accepted', async (r) => {
    for (const headers of [{}, { 'x-api-key': 'anything' }, { authorization: 'Bearer whatever' }] as Array<Record<string, string>>) {
      const res = await call(svc, r, headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it('the status says no token is required', async () => {
    expect((await svc.api.getStatus()).proxyTokenRequired).toBe(false);
    expect(await svc.api.getProxyToken()).toEqual({ set: false, required: false });
  });
});

describe('with a proxy token', () => {
  let token: string;
  beforeAll(async () => {
    token = (await svc.api.rotateProxyToken()).token;
  });
  afterAll(async () => {
    await svc.api.removeProxyToken();
  });

  it('is 256 bits, base64url, shown once; the status says it is required', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await svc.api.getProxyToken()).toEqual({ set: true, required: true });
    expect((await svc.api.getStatus()).proxyTokenRequired).toBe(true);
  });

  it.each(ROUTES)('$name: 401 in the client’s shape without it or with a wrong one; 200 with x-api-key or Bearer', async (r) => {
    expect401(r, await call(svc, r));
    expect401(r, await call(svc, r, { 'x-api-key': `${token.slice(0, -1)}x` }));
    expect401(r, await call(svc, r, { authorization: `Bearer ${token}x` }));
    expect401(r, await call(svc, r, { authorization: token }));
    expect((await call(svc, r, { 'x-api-key': token })).status).toBe(200);
    expect((await call(svc, r, { authorization: `Bearer ${token}` })).status).toBe(200);
    // A wrong x-api-key beside the right Bearer (Claude Code may send both): the right one counts.
    expect((await call(svc, r, { 'x-api-key': 'stale', authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('Claude Code’s ways in: ANTHROPIC_AUTH_TOKEN (Bearer) and ANTHROPIC_API_KEY (x-api-key) through the real SDK', async () => {
    const viaAuth = new Anthropic({ apiKey: null, authToken: token, baseURL: svc.url, maxRetries: 0 });
    const viaKey = new Anthropic({ apiKey: token, baseURL: svc.url, maxRetries: 0 });
    for (const c of [viaAuth, viaKey]) {
      const msg = await c.messages.create({ model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
      expect(msg.type).toBe('message');
    }
    const wrong = new Anthropic({ apiKey: 'not-the-token', baseURL: svc.url, maxRetries: 0 });
    const err = await wrong.messages.create({ model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('OpenAI SDK: the token as the API key (Chat and Responses); a wrong one is an AuthenticationError', async () => {
    const ok = new OpenAI({ apiKey: token, baseURL: `${svc.url}/v1`, maxRetries: 0 });
    expect((await ok.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).object).toBe('chat.completion');
    expect((await ok.responses.create({ model: 'm', input: 'hi', store: false })).object).toBe('response');
    const wrong = new OpenAI({ apiKey: 'not-the-token', baseURL: `${svc.url}/v1`, maxRetries: 0 });
    expect(await wrong.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('aimux’s own requests through the proxy (the provider test, x-aimux-internal) pass without it', async () => {
    const r = await svc.api.testProvider({ id: 'synthetic' });
    expect(r.ok).toBe(true);
  });

  it('the landing routes (Claude Code’s HEAD preflight) need no token', async () => {
    expect((await rawRequest(`${svc.url}/`, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('rotation and removal apply to the next request', () => {
  it('the old token stops at once; after removal anything goes again', async () => {
    const r = ROUTES[0]!;
    const first = (await svc.api.rotateProxyToken()).token;
    expect((await call(svc, r, { 'x-api-key': first })).status).toBe(200);
    const second = (await svc.api.rotateProxyToken()).token;
    expect(second).not.toBe(first);
    expect((await call(svc, r, { 'x-api-key': first })).status).toBe(401);
    expect((await call(svc, r, { 'x-api-key': second })).status).toBe(200);
    expect(await svc.api.removeProxyToken()).toEqual({ set: false, required: false });
    expect((await call(svc, r, { 'x-api-key': first })).status).toBe(200);
    expect((await call(svc, r)).status).toBe(200);
  });

  it('the API never returns the stored token (only rotate shows the new one)', async () => {
    const t = (await svc.api.rotateProxyToken()).token;
    const status = await rawRequest(`${svc.url}/api/v1/tokens/proxy`, { headers: { authorization: `Bearer ${svc.token}` } });
    expect(status.text).not.toContain(t);
    expect(JSON.stringify(await svc.api.getStatus())).not.toContain(t);
    await svc.api.removeProxyToken();
  });
});
