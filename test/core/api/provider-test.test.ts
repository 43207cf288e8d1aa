/**
 * The provider test (a minimal real request through aimux's own proxy) against loopback upstreams
 * that succeed, reject the key, and never answer; and the live model list.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicTextStream, json, openAITextStream, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';

const KEY = 'sk-test-PROVTEST-0123456789abcdef';
let svc: TestService | undefined;
let up: FakeUpstream | undefined;
afterEach(async () => {
  await svc?.close();
  await up?.close();
  svc = undefined;
  up = undefined;
});

function config(protocol: 'openai' | 'anthropic', baseUrl: string, extra: Record<string, unknown> = {}) {
  return {
    providers: [{ id: 'up', protocol, baseUrl, apiKeys: ['env:UP_KEY'], models: ['up-model'], ...extra }],
    routing: { default: ['up/up-model'] },
  };
}

describe('provider test', () => {
  it('reports latency and the answer from an OpenAI-protocol upstream, through the real path with the key', async () => {
    up = await startFakeUpstream((_req, res) => sse(res, openAITextStream(['O', 'K'])));
    svc = await startService({ config: config('openai', `${up.url}/v1`), env: { UP_KEY: KEY } });
    const r = await svc.api.testProvider({ id: 'up' });
    expect(r).toMatchObject({ ok: true, model: 'up-model', status: 200, text: 'OK' });
    if (r.ok) expect(r.latencyMs).toBeGreaterThanOrEqual(r.ttfbMs);
    expect(up.requests).toHaveLength(1);
    expect(up.requests[0]!.url).toBe('/v1/chat/completions');
    expect(up.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(up.requests[0]!.json.model).toBe('up-model');
  });

  it('works on an Anthropic upstream and while the proxy is paused', async () => {
    up = await startFakeUpstream((_req, res) => sse(res, anthropicTextStream(['OK'])));
    svc = await startService({ config: config('anthropic', up.url), env: { UP_KEY: KEY } });
    await svc.api.setPaused({ paused: true });
    const paused = await fetch(`${svc.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: 'x', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(paused.status).toBe(503);
    expect(((await paused.json()) as { error: { message: string } }).error.message).toMatch(/paused/);
    const r = await svc.api.testProvider({ id: 'up' });
    expect(r).toMatchObject({ ok: true, text: 'OK' });
    expect(up.requests[0]!.headers['x-api-key']).toBe(KEY);
    expect(up.requests[0]!.headers['x-aimux-internal']).toBeUndefined();
  });

  it("reports the upstream's rejection of the key, without the key", async () => {
    up = await startFakeUpstream((_req, res) => json(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } }));
    svc = await startService({ config: config('openai', `${up.url}/v1`), env: { UP_KEY: KEY } });
    const r = await svc.api.testProvider({ id: 'up' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.status).toBe(401);
      expect(r.error.message).toMatch(/Incorrect API key/);
    }
    expect(JSON.stringify(r)).not.toContain(KEY);
    expect((await svc.api.listKeys({ providerId: 'up' }))[0]!.state).toBe('rejected');
  });

  it('reports a timeout when the upstream never answers', async () => {
    up = await startFakeUpstream(() => new Promise(() => {}));
    svc = await startService({ config: config('openai', `${up.url}/v1`, { timeouts: { firstByteMs: 300 } }), env: { UP_KEY: KEY } });
    const r = await svc.api.testProvider({ id: 'up' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.status).toBe(504);
      expect(r.error.message).toMatch(/first-byte timeout|no response/);
    }
  });

  it("lists the provider's live models, falling back to the configured ones with the reason", async () => {
    up = await startFakeUpstream((req, res) =>
      req.url === '/v1/models' ? json(res, 200, { object: 'list', data: [{ id: 'b-model' }, { id: 'a-model' }] }) : json(res, 404, {}),
    );
    svc = await startService({ config: config('openai', `${up.url}/v1`), env: { UP_KEY: KEY } });
    expect(await svc.api.listProviderModels({ id: 'up' })).toEqual({ models: ['a-model', 'b-model'], source: 'upstream' });
    expect(up.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    up.handler = (_req, res) => json(res, 500, {});
    expect(await svc.api.listProviderModels({ id: 'up' })).toEqual({ models: ['up-model'], source: 'config', error: 'the provider answered HTTP 500' });
  });
});
