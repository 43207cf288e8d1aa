/** A Responses client on an `openai-responses` provider: passthrough, only the model rewritten, bytes streamed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, sse, startFakeUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { postRaw, useCleanup } from '../translation-e2e/helpers';
import { CODEX_DIR, checkResponsesStream, codexRequests } from './helpers';

const track = useCleanup();
const TEXT_SSE = readFileSync(join(CODEX_DIR, 'mock-response.text.sse.txt'));

async function rig(handler: Parameters<typeof startFakeUpstream>[0]) {
  const upstream = track(await startFakeUpstream(handler));
  const proxy = track(
    await startProxy({
      providers: [{ id: 'oai', protocol: 'openai-responses', baseUrl: `${upstream.url}/v1`, apiKeys: ['sk-upstream-key-0000001'], models: ['gpt-x'] }],
      routing: { default: ['oai/gpt-x'] },
    }),
  );
  return { upstream, proxy };
}

describe('Responses passthrough', () => {
  it('a Codex request goes through with only the model rewritten; the answer comes back byte for byte', async () => {
    const { upstream, proxy } = await rig((_req, res) => sse(res, [TEXT_SSE.toString('utf8')]));
    const fixture = codexRequests().find((f) => f.name === 'exec-text.request.json')!;
    const r = await postRaw(proxy.url, '/v1/responses', fixture.body);
    expect(r.status).toBe(200);
    expect(r.text).toBe(TEXT_SSE.toString('utf8'));
    const got = upstream.requests[0]!;
    expect(got.url).toBe('/v1/responses');
    expect(got.headers.authorization).toBe('Bearer sk-upstream-key-0000001');
    expect(got.json).toEqual({ ...fixture.body, model: 'gpt-x' });
    expect(proxy.events.filter((e) => e.type === 'request.finished').at(-1)).toMatchObject({ clientProtocol: 'responses', inputTokens: 9485, outputTokens: 4 });
  });

  it('a stream cut short gets a response.failed continuing the upstream sequence numbers', async () => {
    const cut = TEXT_SSE.toString('utf8').split('event: response.output_text.done')[0]!;
    const { proxy } = await rig((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(cut);
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const r = await postRaw(proxy.url, '/v1/responses', { model: 'x', input: 'hi', stream: true });
    expect(r.text.startsWith(cut)).toBe(true);
    const last = r.events.at(-1)!.data;
    expect(last).toMatchObject({ type: 'response.failed', sequence_number: 8, response: { id: 'resp_mock000002mwsmi1xd', status: 'failed' } });
  });

  it('non-streaming: the JSON body as the upstream sent it', async () => {
    const body = { id: 'resp_up', object: 'response', status: 'completed', output: [], usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 } };
    const { proxy } = await rig((_req, res) => json(res, 200, body));
    const r = await postRaw(proxy.url, '/v1/responses', { model: 'x', input: 'hi' });
    expect(JSON.parse(r.text)).toEqual(body);
  });

  it('Chat and Anthropic clients are not sent to a Responses-only provider', async () => {
    const { upstream, proxy } = await rig((_req, res) => json(res, 200, {}));
    const r = await postRaw(proxy.url, '/v1/chat/completions', { model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error.message).toContain('Responses API');
    expect(upstream.requests).toHaveLength(0);
  });

  it('the grammar check accepts a stream Codex accepted, and fails one without output_item.done', () => {
    const parse = (text: string) => text.split('\n\n').filter((b) => b.trim()).map((b) => ({ event: /^event: (.*)$/m.exec(b)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(b)![1]!) }));
    const events = parse(TEXT_SSE.toString('utf8'));
    expect(checkResponsesStream(events).status).toBe('completed');
    const without = events.filter((e) => e.data.type !== 'response.output_item.done').map((e, i) => ({ ...e, data: { ...e.data, sequence_number: i } }));
    expect(() => checkResponsesStream(without)).toThrow();
  });
});
