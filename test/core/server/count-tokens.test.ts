/**
 * count_tokens is never a 404: under every prefix Claude Code may use, for an unroutable model, and for providers
 * that cannot count (OpenAI-protocol ones, or Anthropic-protocol ones that answer 404). It is the upstream's
 * count when the upstream has the endpoint.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { json, startFakeUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { useCleanup } from '../translation-e2e/helpers';
import { estimateAnthropicInputTokens } from '../../../electron/core/tokens/estimate';

const track = useCleanup();
const body = { model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'count these words please' }], tools: [{ name: 'Bash', input_schema: { type: 'object' } }] };

async function post(url: string, path: string, b: unknown = body) {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'k' }, body: JSON.stringify(b) });
  return { status: res.status, count: res.headers.get('x-aimux-count'), json: (await res.json()) as any };
}

describe('count_tokens', () => {
  it('an Anthropic provider that counts answers it, under every prefix and with ?beta=true', async () => {
    const up = track(await startFakeUpstream((req, res) => (req.url.startsWith('/v1/messages/count_tokens') ? json(res, 200, { input_tokens: 4242 }) : json(res, 500, {}))));
    const proxy = track(await startProxy({ providers: [{ id: 'a', protocol: 'anthropic', baseUrl: up.url, models: ['m'] }], routing: { default: ['a/m'] } }));
    for (const path of ['/v1/messages/count_tokens', '/v1/messages/count_tokens?beta=true', '/anthropic/v1/messages/count_tokens', '/anthropic/v1/messages/count_tokens/?beta=true']) {
      expect(await post(proxy.url, path)).toEqual({ status: 200, count: 'upstream', json: { input_tokens: 4242 } });
    }
    expect(up.requests.map((r) => r.url)).toEqual(['/v1/messages/count_tokens', '/v1/messages/count_tokens?beta=true', '/v1/messages/count_tokens', '/v1/messages/count_tokens?beta=true']);
    expect(up.requests[0]!.json.model).toBe('m');
    const sdk = new Anthropic({ apiKey: 'k', baseURL: `${proxy.url}/anthropic`, maxRetries: 0 });
    expect(await sdk.messages.countTokens(body as any)).toEqual({ input_tokens: 4242 });
  });

  it('an Anthropic provider without the endpoint: estimated, and not asked again', async () => {
    const up = track(await startFakeUpstream((_req, res) => json(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'no such route' } })));
    const proxy = track(await startProxy({ providers: [{ id: 'a', protocol: 'anthropic', baseUrl: up.url, models: ['m'] }], routing: { default: ['a/m'] } }));
    const expected = { status: 200, count: 'estimated', json: { input_tokens: estimateAnthropicInputTokens(body) } };
    expect(await post(proxy.url, '/v1/messages/count_tokens')).toEqual(expected);
    expect(await post(proxy.url, '/v1/messages/count_tokens')).toEqual(expected);
    expect(up.requests).toHaveLength(1);
  });

  it('an OpenAI provider, an unknown provider prefix, an empty message list: estimated, never a 404', async () => {
    const up = track(await startFakeUpstream((_req, res) => json(res, 500, {})));
    const proxy = track(await startProxy({ providers: [{ id: 'o', protocol: 'openai', baseUrl: `${up.url}/v1`, models: ['m'] }], routing: { default: ['o/m'] } }));
    expect((await post(proxy.url, '/v1/messages/count_tokens')).count).toBe('estimated');
    const unknown = await post(proxy.url, '/v1/messages/count_tokens', { ...body, model: 'nosuch/model' });
    expect([unknown.status, unknown.count]).toEqual([200, 'estimated']);
    const empty = await post(proxy.url, '/anthropic/v1/messages/count_tokens', { model: 'x', messages: [] });
    expect([empty.status, empty.json.input_tokens]).toEqual([200, 0]);
    expect(up.requests).toHaveLength(0);
  });
});
