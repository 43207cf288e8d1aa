/**
 * Every error case of the foundation answers in the client's protocol shape with the right status:
 * never a hang, an HTML page or a stack trace.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { json, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { singleProvider, startProxy } from '../../support/proxy';
import type { TestProxy } from '../../support/proxy';

let upstream: FakeUpstream | undefined;
let proxy: TestProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

const A = (url: string) => new Anthropic({ apiKey: 'client-key', baseURL: url, maxRetries: 0 });
const O = (url: string) => new OpenAI({ apiKey: 'client-key', baseURL: `${url}/v1`, maxRetries: 0 });
const anthropicReq = { model: 'm', max_tokens: 10, messages: [{ role: 'user' as const, content: 'hi' }] };
const openaiReq = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

async function post(url: string, path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  expect(text).not.toMatch(/<html|at .*\.ts:\d+|    at /i);
  return { status: res.status, body: JSON.parse(text), headers: res.headers };
}

function expectAnthropicError(body: any, type: string, message?: RegExp) {
  expect(body.type).toBe('error');
  expect(body.error.type).toBe(type);
  if (message) expect(body.error.message).toMatch(message);
}

function expectOpenAIError(body: any, message?: RegExp) {
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.type).toBe('string');
  expect('code' in body.error).toBe(true);
  if (message) expect(body.error.message).toMatch(message);
}

describe('client errors', () => {
  it('malformed JSON → 400 in both shapes', async () => {
    proxy = await startProxy({ providers: [{ id: 's', protocol: 'synthetic' }], routing: { default: ['s/synthetic-1'] } });
    const a = await post(proxy.url, '/v1/messages', '{"model": "m", ', { 'anthropic-version': '2023-06-01' });
    expect(a.status).toBe(400);
    expectAnthropicError(a.body, 'invalid_request_error', /not valid JSON/);
    const o = await post(proxy.url, '/v1/chat/completions', '{nope');
    expect(o.status).toBe(400);
    expectOpenAIError(o.body, /not valid JSON/);
    expect(o.body.error.type).toBe('invalid_request_error');
  });

  it('missing required fields → 400 naming the field', async () => {
    proxy = await startProxy({ providers: [{ id: 's', protocol: 'synthetic' }], routing: { default: ['s/synthetic-1'] } });
    const noMax = await post(proxy.url, '/v1/messages', JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }));
    expect(noMax.status).toBe(400);
    expectAnthropicError(noMax.body, 'invalid_request_error', /^max_tokens: field required$/);
    const noModel = await post(proxy.url, '/v1/chat/completions', JSON.stringify({ messages: [] }));
    expect(noModel.status).toBe(400);
    expectOpenAIError(noModel.body, /^model: field required$/);
    const err = await A(proxy.url).messages.create({ model: 'm', max_tokens: 5, messages: 'x' as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as InstanceType<typeof Anthropic.BadRequestError>).message).toContain('messages: expected an array');
  });

  it('unknown provider in provider/model → 404', async () => {
    proxy = await startProxy({ providers: [{ id: 's', protocol: 'synthetic' }], routing: { default: ['s/synthetic-1'] } });
    const err = await A(proxy.url).messages.create({ ...anthropicReq, model: 'nope/model-x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect((err as Error).message).toContain('nope');
    const oerr = await O(proxy.url).chat.completions.create({ ...openaiReq, model: 'nope/model-x' }).catch((e: unknown) => e);
    expect(oerr).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('body over the limit → 413', async () => {
    proxy = await startProxy({ server: { maxBodyBytes: 2048 }, providers: [{ id: 's', protocol: 'synthetic' }], routing: { default: ['s/synthetic-1'] } });
    const big = JSON.stringify({ ...anthropicReq, messages: [{ role: 'user', content: 'x'.repeat(5000) }] });
    const a = await post(proxy.url, '/v1/messages', big, { 'anthropic-version': '2023-06-01' });
    expect(a.status).toBe(413);
    expectAnthropicError(a.body, 'request_too_large', /2048-byte limit/);
    const o = await post(proxy.url, '/v1/chat/completions', big);
    expect(o.status).toBe(413);
  });

  it('unknown route → 404 and wrong method → 405, in the guessed shape', async () => {
    proxy = await startProxy({ providers: [{ id: 's', protocol: 'synthetic' }], routing: { default: ['s/synthetic-1'] } });
    const r = await fetch(`${proxy.url}/v1/nothing`, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(r.status).toBe(404);
    expectAnthropicError(await r.json(), 'not_found_error');
    const m = await fetch(`${proxy.url}/v1/chat/completions`);
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('POST');
    expectOpenAIError(await m.json());
  });
});

describe('upstream errors keep their meaning', () => {
  const cases: Array<[number, string, unknown, unknown]> = [
    [401, 'authentication_error', Anthropic.AuthenticationError, OpenAI.AuthenticationError],
    [403, 'permission_error', Anthropic.PermissionDeniedError, OpenAI.PermissionDeniedError],
    [429, 'rate_limit_error', Anthropic.RateLimitError, OpenAI.RateLimitError],
    [500, 'api_error', Anthropic.InternalServerError, OpenAI.InternalServerError],
    [503, 'overloaded_error', Anthropic.InternalServerError, OpenAI.InternalServerError],
  ];

  it.each(cases)('upstream %i → the SDK typed error with that status (Anthropic)', async (status, type, AErr) => {
    upstream = await startFakeUpstream((_req, res) => json(res, status, { type: 'error', error: { type, message: `upstream says ${status} for key test-upstream-key-000001` } }, { 'retry-after': '7' }));
    proxy = await startProxy(singleProvider('anthropic', upstream.url));
    const err = (await A(proxy.url).messages.create(anthropicReq).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(err).toBeInstanceOf(AErr as never);
    expect(err.status).toBe(status);
    expect((err.error as any).error.type).toBe(type);
    expect(err.message).toContain(`upstream says ${status}`);
    expect(err.message).not.toContain('test-upstream-key-000001');
    if (status === 429 || status === 503) expect(err.headers?.get('retry-after')).toBe('7');
  });

  it.each(cases)('upstream %i → the SDK typed error with that status (OpenAI)', async (status, _type, _A, OErr) => {
    upstream = await startFakeUpstream((_req, res) => json(res, status, { error: { message: `openai upstream ${status}`, type: 'x', code: null } }));
    proxy = await startProxy(singleProvider('openai', `${upstream.url}/v1`));
    const err = (await O(proxy.url).chat.completions.create(openaiReq).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err).toBeInstanceOf(OErr as never);
    expect(err.status).toBe(status);
    expect(err.message).toContain(`openai upstream ${status}`);
  });

  it('an HTML error page upstream never reaches the client as HTML', async () => {
    upstream = await startFakeUpstream((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad Gateway</body></html>');
    });
    proxy = await startProxy(singleProvider('anthropic', upstream.url));
    const r = await post(proxy.url, '/v1/messages', JSON.stringify(anthropicReq));
    expect(r.status).toBe(502);
    expectAnthropicError(r.body, 'api_error', /non-JSON error page/);
  });

  it('upstream unreachable → 502', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s: Server = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    proxy = await startProxy(singleProvider('anthropic', `http://127.0.0.1:${closed}`));
    const err = (await A(proxy.url).messages.create(anthropicReq).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(err.status).toBe(502);
    expect(err.message).toContain('connection refused');
    const oerr = (await (async () => {
      await proxy!.close();
      proxy = await startProxy(singleProvider('openai', `http://127.0.0.1:${closed}/v1`));
      return O(proxy.url).chat.completions.create(openaiReq).catch((e: unknown) => e);
    })()) as InstanceType<typeof OpenAI.APIError>;
    expect(oerr.status).toBe(502);
  });

  it('upstream that accepts and never answers → 504 after the first-byte timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      proxy = await startProxy(singleProvider('anthropic', `http://127.0.0.1:${port}`, { timeouts: { firstByteMs: 300 } }));
      const t0 = performance.now();
      const r = await post(proxy.url, '/v1/messages', JSON.stringify({ ...anthropicReq, stream: true }));
      expect(r.status).toBe(504);
      expectAnthropicError(r.body, 'api_error', /first-byte timeout/);
      expect(performance.now() - t0).toBeLessThan(3000);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('a 200 that is not JSON (or not an event stream for a streaming request) is a 502 error, never passed on', async () => {
    upstream = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Please log in</body></html>');
    });
    proxy = await startProxy(singleProvider('anthropic', upstream.url));
    const plain = await post(proxy.url, '/v1/messages', JSON.stringify(anthropicReq));
    expect(plain.status).toBe(502);
    expectAnthropicError(plain.body, 'api_error', /not JSON/);
    const streamed = await post(proxy.url, '/v1/messages', JSON.stringify({ ...anthropicReq, stream: true }));
    expect(streamed.status).toBe(502);
    expectAnthropicError(streamed.body, 'api_error', /instead of an event stream/);
  });
});

describe('a 200 that carries an error object (OpenRouter does this)', () => {
  it('is a failed attempt: the next target serves, and alone it reaches the client as that error', async () => {
    const bad = await startFakeUpstream((_req, res) => json(res, 200, { error: { message: 'Provider returned error', code: 429 } }));
    upstream = await startFakeUpstream((_req, res) => json(res, 200, { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'from good' }, finish_reason: 'stop' }] }));
    try {
      proxy = await startProxy({
        providers: [
          { id: 'bad', protocol: 'openai', baseUrl: `${bad.url}/v1`, models: ['m'] },
          { id: 'good', protocol: 'openai', baseUrl: `${upstream.url}/v1`, models: ['m'] },
        ],
        routing: { default: ['bad/m', 'good/m'] },
      });
      const ok = await O(proxy.url).chat.completions.create(openaiReq).withResponse();
      expect(ok.data.choices[0]!.message.content).toBe('from good');
      expect(ok.response.headers.get('x-aimux-attempts')).toBe('2');
      // A 429 from a keyless provider cools it, so ask a fresh proxy for the error as such.
      await proxy.close();
      proxy = await startProxy({ providers: [{ id: 'bad', protocol: 'openai', baseUrl: `${bad.url}/v1`, models: ['m'] }], routing: { default: ['bad/m'] } });
      const alone = await A(proxy.url).messages.create({ ...anthropicReq, model: 'bad/m' }).catch((e: unknown) => e);
      expect(alone).toBeInstanceOf(Anthropic.RateLimitError);
      expect((alone as any).error.error).toEqual({ type: 'rate_limit_error', message: 'provider "bad" answered 200 with an error: Provider returned error' });
    } finally {
      await bad.close();
    }
  });
});
