/**
 * Every recorded Claude Code request through the proxy to loopback upstreams of both protocols, with the target
 * model's output limit known (32,000) and the text quirks on: the upstream gets `max_tokens` clamped (spliced into
 * the recorded bytes on passthrough), the client gets `x-aimux-max-tokens`, and the upstream's `<think>` text
 * comes back as a thinking block, streaming or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AimuxConfig } from '../../../electron/core/config/types';
import { an, oa, parseSse } from '../translation-e2e/helpers';
import { json, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { claudeCodeRequests } from '../../support/fixtures';
import { startProxy } from '../../support/proxy';
import type { TestProxy } from '../../support/proxy';
import { assemble } from '../translate/normalize/support';

const recorded = claudeCodeRequests();
const LIMIT = 32_000;
const ANSWER = '<think>The user wants a greeting.</think>\n\nHello from upstream.';
let anthropicUp: FakeUpstream;
let openaiUp: FakeUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  anthropicUp = await startFakeUpstream((req, res) =>
    req.json?.stream
      ? sse(res, [an.start(), an.blockStart(0, { type: 'text', text: '' }), an.text(0, ANSWER.slice(0, 9)), an.text(0, ANSWER.slice(9)), an.blockStop(0), ...an.end('end_turn')])
      : json(res, 200, an.message([{ type: 'text', text: ANSWER }], 'end_turn', { input_tokens: 10, output_tokens: 5 })),
  );
  openaiUp = await startFakeUpstream((req, res) =>
    req.json?.stream
      ? sse(res, [oa.chunk({ role: 'assistant', content: '' }), oa.chunk({ content: ANSWER.slice(0, 4) }), oa.chunk({ content: ANSWER.slice(4) }), oa.chunk({}, 'stop'), oa.usage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }), oa.DONE])
      : json(res, 200, oa.completion({ content: ANSWER }, 'stop', { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 })),
  );
  const quirks = { thinkTags: true, textToolCalls: true };
  proxy = await startProxy(
    {
      providers: [
        { id: 'an', protocol: 'anthropic', baseUrl: anthropicUp.url, apiKeys: ['test-upstream-key-000001'], models: ['an-model'], quirks },
        { id: 'oa', protocol: 'openai', baseUrl: `${openaiUp.url}/v1`, apiKeys: ['test-upstream-key-000002'], models: ['oa-model'], quirks },
      ],
      routing: { default: ['an/an-model'] },
    },
    {
      adjust: (config: AimuxConfig) => {
        for (const p of config.providers) p.modelInfo = { [p.models[0]!]: { maxOutputTokens: LIMIT, contextWindow: 200_000 } };
      },
    },
  );
});
afterAll(async () => {
  await proxy.close();
  await anthropicUp.close();
  await openaiUp.close();
});

async function send(rec: (typeof recorded)[number], model: string) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec.headers)) if (!['host', 'content-length', 'connection', 'accept-encoding'].includes(k)) headers[k] = v;
  const raw = JSON.stringify({ ...rec.body, model });
  const query = new URLSearchParams(rec.query).toString();
  const res = await fetch(`${proxy.url}${rec.path}${query ? `?${query}` : ''}`, { method: 'POST', headers, body: raw });
  const text = await res.text();
  const content = rec.body.stream ? assemble(parseSse(text).filter((e) => e.event !== ':').map((e) => e.data)).content : JSON.parse(text).content;
  return { res, raw, content };
}

const expectedContent = (provider: string) => [
  { type: 'thinking', thinking: 'The user wants a greeting.', signature: `aimux:v1:${provider}` },
  { type: 'text', text: 'Hello from upstream.' },
];

describe('recorded Claude Code requests, both upstream protocols', () => {
  it.each(recorded.map((r) => [r.name, r] as const))('%s → anthropic provider (parsed passthrough)', async (_name, rec) => {
    const { res, raw, content } = await send(rec, 'an/an-model');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-aimux-provider')).toBe('an');
    expect(res.headers.get('x-aimux-max-tokens')).toBe(`clamped ${rec.body.max_tokens}->${LIMIT}`);
    expect(content).toEqual(expectedContent('an'));
    // Byte for byte what Claude Code sent, except the model and the clamped max_tokens.
    const expected = raw.replace('"model":"an/an-model"', '"model":"an-model"').replace(`"max_tokens":${rec.body.max_tokens}`, `"max_tokens":${LIMIT}`);
    expect(anthropicUp.requests.at(-1)!.raw.toString('utf8')).toBe(expected);
  });

  it.each(recorded.map((r) => [r.name, r] as const))('%s → openai provider (translated)', async (_name, rec) => {
    const { res, content } = await send(rec, 'oa/oa-model');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-aimux-provider')).toBe('oa');
    expect(res.headers.get('x-aimux-max-tokens')).toBe(`clamped ${rec.body.max_tokens}->${LIMIT}`);
    expect(content).toEqual(expectedContent('oa'));
    const got = openaiUp.requests.at(-1)!.json;
    expect(got.model).toBe('oa-model');
    expect(got.max_tokens).toBe(LIMIT);
    expect(got.tools?.length ?? 0).toBe(rec.body.tools?.length ?? 0);
  });
});
