/**
 * Upstream failures under translation, both directions. Before the first byte: the upstream's error (in
 * its own protocol's shape) becomes the client SDK's typed error with the right status and message.
 * After the first byte: the client gets a protocol-correct error in the stream (Anthropic: every started
 * block stopped, then an `error` event, never message_stop; OpenAI: an `{error: …}` chunk, never [DONE]),
 * and the SDK rejects instead of returning a silently truncated message.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { gate, json, sleep } from '../../support/fake-upstream';
import { an, anthropicShape, oa, postRaw, useRig } from './helpers';

const start = useRig();

const bash = { name: 'Bash', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } } } };
const anthropicParams = { model: 'x', max_tokens: 50, messages: [{ role: 'user' as const, content: 'q' }] };
const openaiParams = { model: 'x', max_tokens: 50, messages: [{ role: 'user' as const, content: 'q' }] };

/** Polls `cond` (every 5 ms, at most 2 s). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await sleep(5);
}

/** Writes SSE pieces, then waits and destroys the socket: the upstream dies mid-stream. */
async function thenDie(res: ServerResponse, pieces: string[]): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const p of pieces) res.write(p);
  await sleep(40);
  res.socket!.destroy();
}

describe('Anthropic client, OpenAI upstream: errors before the first byte', () => {
  it('429 in OpenAI shape → Anthropic.RateLimitError, rate_limit_error, the upstream message, Retry-After kept', async () => {
    // A fresh proxy per mode: after a 429 the only key is cooling down (Retry-After), by design.
    for (const stream of [false, true]) {
      const { anthropic, upstream } = await start('openai', (_req, res) =>
        json(res, 429, { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '3' }),
      );
      const err = await anthropic.messages.create({ ...anthropicParams, stream }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Anthropic.RateLimitError);
      const e = err as InstanceType<typeof Anthropic.RateLimitError>;
      expect(e.status).toBe(429);
      expect(e.error).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'provider "up" answered 429: Rate limit reached for requests' } });
      expect(e.headers?.get('retry-after')).toBe('3');
      expect(upstream.requests).toHaveLength(1);
    }
  });

  it('500 in OpenAI shape → Anthropic.InternalServerError with api_error and the upstream message', async () => {
    const { anthropic, upstream } = await start('openai', (_req, res) => json(res, 500, { error: { message: 'The server had an error while processing your request', type: 'server_error', code: null } }));
    const err = await anthropic.messages.create(anthropicParams).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Anthropic.InternalServerError);
    const e = err as InstanceType<typeof Anthropic.InternalServerError>;
    expect(e.status).toBe(500);
    expect(e.error).toEqual({ type: 'error', error: { type: 'api_error', message: 'provider "up" answered 500: The server had an error while processing your request' } });
    expect(upstream.requests).toHaveLength(1);
    expect(e.headers?.get('x-aimux-attempts')).toBe('1');
  });

  it('a stream that opens with an {error} chunk is an error before the first byte: a typed error, not a 200 stream', async () => {
    const { anthropic } = await start('openai', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify({ error: { message: 'Provider returned error', code: 'rate_limit_exceeded' } })}\n\n`);
    });
    const err = await anthropic.messages.create({ ...anthropicParams, stream: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'provider "up" opened its stream with an error: Provider returned error' },
    });
  });

  it('a server tool cannot go to an OpenAI provider: 400 invalid_request_error naming the tool; the upstream is never called', async () => {
    const { anthropic, upstream } = await start('openai', (_req, res) => json(res, 200, oa.completion({ content: 'unreachable' })));
    const err = await anthropic.messages
      .create({ ...anthropicParams, tools: [{ type: 'web_search_20250305', name: 'web_search' }] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const e = err as InstanceType<typeof Anthropic.BadRequestError>;
    expect(e.status).toBe(400);
    expect(e.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((e.error as { error: { message: string } }).error.message).toMatch(/^server tool "web_search_20250305" needs a target that runs it \(capabilities.webSearch\); none in class default does: up\/up-model \(no-web-search\)/);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('Anthropic client, OpenAI upstream: errors after the first byte', () => {
  it('the upstream socket dies with thinking, text and a tool call started: each block stopped, then an error event', async () => {
    const { anthropic, proxy, upstream } = await start('openai', (_req, res) =>
      thenDie(res, [
        oa.chunk({ role: 'assistant', content: '' }),
        oa.chunk({ reasoning_content: 'hmm' }),
        oa.chunk({ content: 'partial ans' }),
        oa.tool(0, '{"command":"l', { id: 'call_cut', name: 'Bash' }),
      ]),
    );
    const raw = await postRaw(proxy.url, '/v1/messages', { ...anthropicParams, stream: true, tools: [bash] });
    expect(raw.status).toBe(200);
    expect(anthropicShape(raw.events)).toEqual([
      'message_start',
      'content_block_start:0',
      'content_block_delta:0:thinking_delta',
      'content_block_delta:0:signature_delta',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1:text_delta',
      'content_block_stop:1',
      'content_block_start:2',
      'content_block_delta:2:input_json_delta',
      'content_block_stop:2',
      'error',
    ]);
    const error = raw.events.at(-1)!.data;
    expect(error).toEqual({ type: 'error', error: { type: 'api_error', message: 'provider "up": connection reset' } });
    const finished = proxy.events.filter((e) => e.type === 'request.finished').at(-1);
    expect(finished).toMatchObject({ status: 502, errorCode: 'UPSTREAM_BAD_RESPONSE' });

    const stream = anthropic.messages.stream({ ...anthropicParams, tools: [bash] });
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const err = await stream.finalMessage().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toEqual(error);
    expect(texts).toEqual(['partial ans']);
    // Once bytes reached the client there is no failover: one upstream request per client request.
    expect(upstream.requests).toHaveLength(2);
  });

  it('an {error} chunk mid-stream → the open block stopped, an error event with the upstream message; the SDK rejects', async () => {
    const { anthropic, proxy } = await start('openai', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(oa.chunk({ role: 'assistant', content: '' }) + oa.chunk({ content: 'Hello' }));
      await sleep(20);
      res.end(`data: ${JSON.stringify({ error: { message: 'upstream model crashed', code: 502 } })}\n\n`);
    });
    const raw = await postRaw(proxy.url, '/v1/messages', { ...anthropicParams, stream: true });
    expect(anthropicShape(raw.events)).toEqual(['message_start', 'content_block_start:0', 'content_block_delta:0:text_delta', 'content_block_stop:0', 'error']);
    expect(raw.events.at(-1)!.data).toEqual({ type: 'error', error: { type: 'api_error', message: 'upstream model crashed' } });

    const err = await anthropic.messages.stream(anthropicParams).finalMessage().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toEqual({ type: 'error', error: { type: 'api_error', message: 'upstream model crashed' } });
  });

  it('a clean end without finish_reason or [DONE] is not a complete message: error event, no message_stop', async () => {
    const { proxy } = await start('openai', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(oa.chunk({ role: 'assistant', content: '' }) + oa.chunk({ content: 'cut' }));
    });
    const raw = await postRaw(proxy.url, '/v1/messages', { ...anthropicParams, stream: true });
    expect(anthropicShape(raw.events)).toEqual(['message_start', 'content_block_start:0', 'content_block_delta:0:text_delta', 'content_block_stop:0', 'error']);
    expect(raw.events.at(-1)!.data).toEqual({ type: 'error', error: { type: 'api_error', message: 'upstream stream ended before a finish_reason' } });
  });
});

describe('OpenAI client, Anthropic upstream: errors before the first byte', () => {
  it('429 in Anthropic shape → OpenAI.RateLimitError with the upstream message; Retry-After kept', async () => {
    for (const stream of [false, true]) {
      const { openai } = await start('anthropic', (_req, res) =>
        json(res, 429, { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } }, { 'retry-after': '7' }),
      );
      const err = await openai.chat.completions.create({ ...openaiParams, stream }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(OpenAI.RateLimitError);
      const e = err as InstanceType<typeof OpenAI.RateLimitError>;
      expect(e.status).toBe(429);
      expect(e.message).toBe('429 provider "up" answered 429: Number of request tokens has exceeded your per-minute rate limit');
      expect(e.error).toEqual({
        message: 'provider "up" answered 429: Number of request tokens has exceeded your per-minute rate limit',
        type: 'rate_limit_error',
        code: 'upstream_http',
        param: null,
      });
      expect(e.headers?.get('retry-after')).toBe('7');
    }
  });

  it('529 overloaded in Anthropic shape → OpenAI.InternalServerError, status 529', async () => {
    const { openai } = await start('anthropic', (_req, res) => json(res, 529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    const err = await openai.chat.completions.create(openaiParams).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    const e = err as InstanceType<typeof OpenAI.InternalServerError>;
    expect(e.status).toBe(529);
    expect(e.error).toMatchObject({ message: 'provider "up" answered 529: Overloaded', type: 'server_error' });
  });

  it('a stream that opens with an `error` event → a typed error with the status of its type, not a 200 stream', async () => {
    const { openai } = await start('anthropic', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`);
    });
    const err = await openai.chat.completions.create({ ...openaiParams, stream: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    const e = err as InstanceType<typeof OpenAI.InternalServerError>;
    expect(e.status).toBe(529);
    expect(e.error).toEqual({ message: 'provider "up" opened its stream with an error: Overloaded', type: 'server_error', code: 'upstream_http', param: null });
  });

  it('n > 1 cannot be translated: 400 naming the field; the upstream is never called', async () => {
    const { openai, upstream } = await start('anthropic', (_req, res) => json(res, 200, an.message([{ type: 'text', text: 'unreachable' }])));
    const err = await openai.chat.completions.create({ ...openaiParams, n: 2 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.status).toBe(400);
    expect(e.error).toEqual({ message: 'n: only one choice (n = 1) is supported by Anthropic', type: 'invalid_request_error', code: 'translation_unsupported', param: null });
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('OpenAI client, Anthropic upstream: errors after the first byte', () => {
  it('the upstream socket dies mid-stream: an {error} chunk, no [DONE]; the SDK throws', async () => {
    const { openai, proxy, upstream } = await start('anthropic', (_req, res) =>
      thenDie(res, [an.start(), an.blockStart(0, { type: 'text', text: '' }), an.text(0, 'partial'), an.toolUse(1, 'toolu_cut', 'Bash'), an.json(1, '{"comm')]),
    );
    const raw = await postRaw(proxy.url, '/v1/chat/completions', { ...openaiParams, stream: true, tools: [{ type: 'function', function: { name: 'Bash', parameters: bash.input_schema } }] });
    expect(raw.status).toBe(200);
    expect(raw.text).not.toContain('[DONE]');
    const last = raw.events.at(-1)!.data;
    expect(last).toEqual({ error: { message: 'provider "up": connection reset', type: 'server_error', code: 'upstream_network' } });
    expect(raw.events.slice(0, -1).map((e) => e.data.choices[0].delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'partial' },
      { tool_calls: [{ index: 0, id: 'toolu_cut', type: 'function', function: { name: 'Bash', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"comm' } }] },
    ]);

    const seen: string[] = [];
    const err = await (async () => {
      for await (const c of await openai.chat.completions.create({ ...openaiParams, stream: true })) seen.push(c.choices[0]?.delta.content ?? '');
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).error).toEqual(last.error);
    expect(seen.join('')).toBe('partial');
    expect(upstream.requests).toHaveLength(2);
  });

  it('an Anthropic `error` event mid-stream → an {error} chunk with its type and message; the SDK throws it', async () => {
    const { openai, proxy } = await start('anthropic', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(an.start() + an.blockStart(0, { type: 'text', text: '' }) + an.text(0, 'Hel'));
      await sleep(20);
      res.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`);
    });
    const raw = await postRaw(proxy.url, '/v1/chat/completions', { ...openaiParams, stream: true });
    expect(raw.events.at(-1)!.data).toEqual({ error: { message: 'Overloaded', type: 'overloaded_error', code: 'overloaded_error' } });
    expect(raw.text).not.toContain('[DONE]');

    const err = await openai.chat.completions.stream(openaiParams).finalChatCompletion().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toBe('Overloaded');
  });

  it('a clean end before message_stop is not a complete answer: an {error} chunk, no [DONE]', async () => {
    const { proxy } = await start('anthropic', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(an.start() + an.blockStart(0, { type: 'text', text: '' }) + an.text(0, 'cut'));
    });
    const raw = await postRaw(proxy.url, '/v1/chat/completions', { ...openaiParams, stream: true });
    expect(raw.events.at(-1)!.data).toEqual({ error: { message: 'upstream stream ended before message_stop', type: 'server_error', code: 'upstream_bad_response' } });
    expect(raw.text).not.toContain('[DONE]');
  });
});

describe('the client goes away mid-stream', () => {
  /** An upstream that sends `head` and then holds the stream open until the proxy hangs up (or 3 s pass). */
  function holdOpen(head: string) {
    const closed = gate<boolean>();
    const handler = (_req: unknown, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(head);
      res.on('close', () => closed.open(true));
      return Promise.race([closed.promise, sleep(3_000).then(() => false)]).then((wasClosed) => {
        closed.open(wasClosed);
        if (!res.destroyed) res.end();
      });
    };
    return { handler, closed: closed.promise };
  }

  it('Anthropic SDK aborts a translated stream → the upstream request is aborted, the provider is not blamed', async () => {
    const up = holdOpen(oa.chunk({ role: 'assistant', content: '' }) + oa.chunk({ content: 'first' }));
    const { anthropic, proxy } = await start('openai', up.handler);
    const stream = anthropic.messages.stream(anthropicParams);
    stream.on('text', () => stream.abort());
    await stream.done().catch(() => undefined);
    expect(await up.closed).toBe(true);
    await until(() => proxy.events.some((e) => e.type === 'request.finished'));
    expect(proxy.events.map((e) => e.type)).toEqual(['route.decided', 'attempt.started', 'attempt.succeeded', 'request.finished']);
  });

  it('a client abort mid-stream is recorded as 499 CLIENT_CLOSED, not as an upstream fault', async () => {
    const up = holdOpen(oa.chunk({ role: 'assistant', content: '' }) + oa.chunk({ content: 'first' }));
    const { anthropic, proxy } = await start('openai', up.handler);
    const stream = anthropic.messages.stream(anthropicParams);
    stream.on('text', () => stream.abort());
    await stream.done().catch(() => undefined);
    await up.closed;
    await until(() => proxy.events.some((e) => e.type === 'request.finished'));
    expect(proxy.events.find((e) => e.type === 'request.finished')).toMatchObject({ status: 499, errorCode: 'CLIENT_CLOSED' });
  });

  it('OpenAI SDK aborts a translated stream → the upstream request is aborted', async () => {
    const up = holdOpen(an.start() + an.blockStart(0, { type: 'text', text: '' }) + an.text(0, 'first'));
    const { openai } = await start('anthropic', up.handler);
    const stream = await openai.chat.completions.create({ ...openaiParams, stream: true });
    for await (const c of stream) if (c.choices[0]?.delta.content === 'first') break;
    expect(await up.closed).toBe(true);
  });
});
