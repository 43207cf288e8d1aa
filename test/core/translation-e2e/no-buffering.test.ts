/**
 * Translation adds no buffering: a delta reaches the client SDK while the upstream is still holding the
 * rest of its stream. The upstream waits for the client to have the delta (with a 3 s give-up), so the
 * proof does not depend on timing margins: with buffering the upstream gives up and the test fails.
 * Also: keep-alive pings go out while the upstream is silent, and the SDKs ignore them.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { gate, sleep } from '../../support/fake-upstream';
import { an, oa, parseSse, useRig } from './helpers';

const start = useRig();
const GIVE_UP_MS = 3_000;

/** Writes `head`, holds until `seen` opens (or gives up), then writes `tail`. Resolves to whether `seen` opened first. */
async function holdUntil(res: ServerResponse, head: string, seen: Promise<void>, tail: string): Promise<boolean> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(head);
  const opened = await Promise.race([seen.then(() => true), sleep(GIVE_UP_MS).then(() => false)]);
  res.end(tail);
  return opened;
}

/** A fetch for an SDK client that calls `onText` with all text received so far after every chunk. */
function tapFetch(onText: (soFar: string) => unknown) {
  let all = '';
  const decoder = new TextDecoder();
  const tapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const res = await fetch(input, init);
    if (!res.body) return res;
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          all += decoder.decode(chunk, { stream: true });
          onText(all);
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return { fetch: tapped as typeof fetch, text: () => all };
}

const bash = { name: 'Bash', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } } } };

describe('Anthropic client, OpenAI upstream: no buffering', () => {
  it('the first text delta reaches the SDK while the upstream holds the rest', async () => {
    const seen = gate();
    let held: Promise<boolean> | undefined;
    const { anthropic } = await start('openai', (_req, res) => {
      held = holdUntil(res, oa.chunk({ role: 'assistant', content: '' }) + oa.chunk({ content: 'first' }), seen.promise, oa.chunk({ content: ' rest' }) + oa.chunk({}, 'stop') + oa.DONE);
      return held.then(() => undefined);
    });
    const stream = anthropic.messages.stream({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content: 'q' }] });
    stream.on('text', (t) => {
      if (t === 'first') seen.open();
    });
    const m = await stream.finalMessage();
    expect(await held).toBe(true);
    expect(m.content).toEqual([{ type: 'text', text: 'first rest' }]);
  });

  it('the first thinking delta and the first tool-argument fragment are not held back either', async () => {
    const sawThinking = gate();
    const sawArgs = gate();
    const held: boolean[] = [];
    const { anthropic } = await start('openai', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(oa.chunk({ role: 'assistant', content: '' }) + oa.chunk({ reasoning_content: 'pondering' }));
      held.push(await Promise.race([sawThinking.promise.then(() => true), sleep(GIVE_UP_MS).then(() => false)]));
      res.write(oa.tool(0, '{"command":', { id: 'call_1', name: 'Bash' }));
      held.push(await Promise.race([sawArgs.promise.then(() => true), sleep(GIVE_UP_MS).then(() => false)]));
      res.end(oa.tool(0, '"ls"}') + oa.chunk({}, 'tool_calls') + oa.DONE);
    });
    const stream = anthropic.messages.stream({ model: 'x', max_tokens: 50, tools: [bash], messages: [{ role: 'user', content: 'q' }] });
    stream.on('thinking', () => sawThinking.open());
    stream.on('streamEvent', (e) => {
      if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' && e.delta.partial_json === '{"command":') sawArgs.open();
    });
    const m = await stream.finalMessage();
    expect(held).toEqual([true, true]);
    expect(m.content).toEqual([
      { type: 'thinking', thinking: 'pondering', signature: 'aimux:v1:up' },
      { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } },
    ]);
  });

  it('timed: upstream sends the first chunk, pauses 300 ms, sends the rest; the SDK has the first delta before the rest is sent', async () => {
    let restSentAt = 0;
    const { anthropic } = await start('openai', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(oa.chunk({ role: 'assistant', content: '' }) + oa.chunk({ content: 'first' }));
      await sleep(300);
      restSentAt = performance.now();
      res.end(oa.chunk({ content: ' rest' }) + oa.chunk({}, 'stop') + oa.DONE);
    });
    let firstAt = 0;
    const stream = anthropic.messages.stream({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content: 'q' }] });
    stream.on('text', () => {
      if (firstAt === 0) firstAt = performance.now();
    });
    await stream.finalMessage();
    expect(firstAt).toBeGreaterThan(0);
    expect(firstAt).toBeLessThan(restSentAt);
  });

  it('pings go out while the upstream is silent (it stays silent until one arrived); the SDK ignores them', async () => {
    const sawPing = gate();
    const held: boolean[] = [];
    const { proxy } = await start(
      'openai',
      async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(oa.chunk({ role: 'assistant', content: '' }) + oa.chunk({ content: 'a' }));
        held.push(await Promise.race([sawPing.promise.then(() => true), sleep(GIVE_UP_MS).then(() => false)]));
        res.end(oa.chunk({ content: 'b' }) + oa.chunk({}, 'stop') + oa.DONE);
      },
      { server: { pingIntervalMs: 100 } },
    );
    const tap = tapFetch((text) => text.includes('event: ping') && sawPing.open());
    const client = new Anthropic({ apiKey: 'client-key', baseURL: proxy.url, maxRetries: 0, fetch: tap.fetch });
    const m = await client.messages.stream({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content: 'q' }] }).finalMessage();
    expect(held).toEqual([true]);
    expect(m.content).toEqual([{ type: 'text', text: 'ab' }]);
    const types = parseSse(tap.text()).map((e) => e.data.type as string);
    const firstText = types.indexOf('content_block_delta');
    const pings = types.filter((t) => t === 'ping').length;
    expect(pings).toBeGreaterThanOrEqual(1);
    // Pings only while silent: all of them between the two text deltas.
    expect(types.slice(firstText + 1, firstText + 1 + pings)).toEqual(Array(pings).fill('ping'));
    expect(types.slice(firstText + 1 + pings)).toEqual(['content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });
});

describe('OpenAI client, Anthropic upstream: no buffering', () => {
  it('the first content delta reaches the SDK while the upstream holds the rest', async () => {
    const seen = gate();
    let held: Promise<boolean> | undefined;
    const { openai } = await start('anthropic', (_req, res) => {
      held = holdUntil(
        res,
        an.start() + an.blockStart(0, { type: 'text', text: '' }) + an.text(0, 'first'),
        seen.promise,
        an.text(0, ' rest') + an.blockStop(0) + an.end('end_turn').join(''),
      );
      return held.then(() => undefined);
    });
    let text = '';
    for await (const c of await openai.chat.completions.create({ model: 'x', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'q' }] })) {
      const d = c.choices[0]?.delta.content ?? '';
      if (d === 'first') seen.open();
      text += d;
    }
    expect(await held).toBe(true);
    expect(text).toBe('first rest');
  });

  it('the first reasoning and tool-argument deltas are not held back either', async () => {
    const sawReasoning = gate();
    const sawArgs = gate();
    const held: boolean[] = [];
    const { openai } = await start('anthropic', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(an.start() + an.blockStart(0, { type: 'thinking', thinking: '', signature: '' }) + an.thinking(0, 'pondering'));
      held.push(await Promise.race([sawReasoning.promise.then(() => true), sleep(GIVE_UP_MS).then(() => false)]));
      res.write(an.signature(0, 'c2ln') + an.blockStop(0) + an.toolUse(1, 'toolu_1', 'Bash') + an.json(1, '{"command":'));
      held.push(await Promise.race([sawArgs.promise.then(() => true), sleep(GIVE_UP_MS).then(() => false)]));
      res.end(an.json(1, '"ls"}') + an.blockStop(1) + an.end('tool_use').join(''));
    });
    let args = '';
    for await (const c of await openai.chat.completions.create({ model: 'x', max_tokens: 50, stream: true, tools: [{ type: 'function', function: { name: 'Bash', parameters: bash.input_schema } }], messages: [{ role: 'user', content: 'q' }] })) {
      const d = c.choices[0]?.delta as Record<string, any> | undefined;
      if (d?.reasoning_content === 'pondering') sawReasoning.open();
      const piece = d?.tool_calls?.[0]?.function?.arguments;
      if (typeof piece === 'string') {
        args += piece;
        if (piece === '{"command":') sawArgs.open();
      }
    }
    expect(held).toEqual([true, true]);
    expect(args).toBe('{"command":"ls"}');
  });

  it('pings (SSE comments) go out while the upstream is silent (until one arrived); the SDK ignores them', async () => {
    const sawPing = gate();
    const held: boolean[] = [];
    const { proxy } = await start(
      'anthropic',
      async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(an.start() + an.blockStart(0, { type: 'text', text: '' }) + an.text(0, 'a'));
        held.push(await Promise.race([sawPing.promise.then(() => true), sleep(GIVE_UP_MS).then(() => false)]));
        res.end(an.text(0, 'b') + an.blockStop(0) + an.end('end_turn').join(''));
      },
      { server: { pingIntervalMs: 100 } },
    );
    const tap = tapFetch((text) => text.includes(': ping') && sawPing.open());
    const client = new OpenAI({ apiKey: 'client-key', baseURL: `${proxy.url}/v1`, maxRetries: 0, fetch: tap.fetch });
    const final = await client.chat.completions.stream({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content: 'q' }] }).finalChatCompletion();
    expect(held).toEqual([true]);
    expect(final.choices[0]!.message.content).toBe('ab');
    expect(tap.text()).toMatch(/"content":"a"[^\n]*\n\n(: ping\n\n)+data: [^\n]*"content":"b"/);
  });
});
