/** Responses requests are routed like the others: failover before the first byte, Retry-After from a known cooldown. */
import { describe, expect, it } from 'vitest';
import { json, sse, startFakeUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { an, oa, postRaw, useCleanup } from '../translation-e2e/helpers';
import { checkResponsesStream } from './helpers';

const track = useCleanup();

describe('Responses routing', () => {
  it('fails over from a failing Chat target to an Anthropic one before the first byte', async () => {
    const bad = track(await startFakeUpstream((_req, res) => json(res, 503, { error: { message: 'down' } })));
    const good = track(await startFakeUpstream((_req, res) => sse(res, [an.start(), an.blockStart(0, { type: 'text', text: '' }), an.text(0, 'ok'), an.blockStop(0), ...an.end('end_turn')])));
    const proxy = track(
      await startProxy({
        providers: [
          { id: 'chat', protocol: 'openai', baseUrl: `${bad.url}/v1`, models: ['m'] },
          { id: 'claude', protocol: 'anthropic', baseUrl: good.url, models: ['c'] },
        ],
        routing: { default: ['chat/m', 'claude/c'] },
      }),
    );
    const r = await postRaw(proxy.url, '/v1/responses', { model: 'codex-model', input: 'hi', stream: true });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-aimux-attempts')).toBe('2');
    expect(r.headers.get('x-aimux-provider')).toBe('claude');
    expect(r.headers.get('x-aimux-class')).toBe('default');
    expect(checkResponsesStream(r.events).output[0].content[0].text).toBe('ok');
    expect(bad.requests).toHaveLength(1);
  });

  it('a 429 without Retry-After from the upstream still carries one: the key cooldown aimux knows', async () => {
    const up = track(await startFakeUpstream((_req, res) => json(res, 429, { error: { message: 'slow down', type: 'rate_limit_error' } })));
    const proxy = track(
      await startProxy({ providers: [{ id: 'chat', protocol: 'openai', baseUrl: `${up.url}/v1`, apiKeys: ['k-000000000001'], models: ['m'] }], routing: { default: ['chat/m'] } }),
    );
    const r = await postRaw(proxy.url, '/v1/responses', { model: 'x', input: 'hi', stream: true });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(r.text).error).toMatchObject({ type: 'rate_limit_error', message: expect.stringContaining('slow down') });
  });

  it('a stream that opens with an error event is a failed attempt, not a committed answer', async () => {
    const flaky = track(await startFakeUpstream((_req, res) => sse(res, [`data: ${JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } })}\n\n`])));
    const good = track(await startFakeUpstream((_req, res) => sse(res, [oa.chunk({ role: 'assistant', content: 'fine' }), oa.chunk({}, 'stop'), oa.DONE])));
    const proxy = track(
      await startProxy({
        providers: [
          { id: 'a', protocol: 'openai', baseUrl: `${flaky.url}/v1`, models: ['m'] },
          { id: 'b', protocol: 'openai', baseUrl: `${good.url}/v1`, models: ['m'] },
        ],
        routing: { default: ['a/m', 'b/m'] },
      }),
    );
    const r = await postRaw(proxy.url, '/v1/responses', { model: 'x', input: 'hi' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).output[0].content[0].text).toBe('fine');
    expect(r.headers.get('x-aimux-usage')).toBe('estimated');
  });
});
