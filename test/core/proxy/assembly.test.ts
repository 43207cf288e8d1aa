/**
 * The whole answer aimux assembles from an upstream stream equals the upstream's own non-streaming
 * answer (pairs in test/core/fixtures/assembly, after the providers' documented examples): on passthrough
 * the same object, translated the same as aimux's translation of the whole answer.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../electron/core/config/schema';
import type { ClientProtocol } from '../../../electron/core/config/types';
import type { AnswerAssembly, ClientRequest } from '../../../electron/core/proxy/exchange';
import { createPassthroughExchange } from '../../../electron/core/proxy/passthrough';
import { createTranslatedExchange } from '../../../electron/core/proxy/translated';
import type { AnthropicMessage } from '../../../electron/core/protocol/anthropic';
import type { OpenAIChatCompletion } from '../../../electron/core/protocol/openai';
import { anthropicToOpenAIResponse, openAIToAnthropicResponse } from '../../../electron/core/translate/index';

const DIR = join(__dirname, '../fixtures/assembly');
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.sse'))
  .map((f) => f.slice(0, -4));
const ANTHROPIC = CASES.filter((c) => c.startsWith('anthropic-'));
const OPENAI = CASES.filter((c) => c.startsWith('openai-'));

const sseOf = (c: string) => readFileSync(join(DIR, `${c}.sse`));
const wholeOf = (c: string): any => JSON.parse(readFileSync(join(DIR, `${c}.json`), 'utf8'));

/** The whole answer without what no stream carries (OpenAI's empty `annotations`). */
function comparable(whole: any): any {
  for (const choice of whole.choices ?? []) if (Array.isArray(choice.message?.annotations) && choice.message.annotations.length === 0) delete choice.message.annotations;
  return whole;
}

const IDS = { id: 'aimux-id-1', created: 1_800_000_000 };
const ESTIMATED_INPUT = 42;

function provider(protocol: ClientProtocol) {
  return resolveConfig(
    { providers: [{ id: 'up', protocol, baseUrl: 'http://127.0.0.1:9/v1', models: ['up-model'] }], routing: { default: ['up/up-model'] } },
    { source: 'test', env: {} },
  ).providers[0]!;
}

function client(protocol: ClientProtocol): ClientRequest {
  const body = protocol === 'anthropic' ? { model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] } : { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
  return { protocol, body, raw: Buffer.from(JSON.stringify(body)), query: '', headers: {}, stream: false, estimatedInputTokens: ESTIMATED_INPUT };
}

/** Feeds the stream in pieces of `step` bytes (splitting events, lines and UTF-8 characters). */
function run(assembly: AnswerAssembly, bytes: Buffer, step: number): { body: any; usage: unknown } {
  let started = false;
  for (let i = 0; i < bytes.length; i += step) started = assembly.push(bytes.subarray(i, i + step)) || started;
  expect(started).toBe(true);
  const r = assembly.finish();
  return { body: JSON.parse(r.body.toString()), usage: r.usage };
}

function passthrough(protocol: ClientProtocol): AnswerAssembly {
  const ex = createPassthroughExchange(client(protocol), provider(protocol), protocol === 'anthropic' ? 'messages' : 'chat');
  return ex.createAssembly!();
}

function translated(clientProtocol: ClientProtocol): AnswerAssembly {
  const ex = createTranslatedExchange(client(clientProtocol), provider(clientProtocol === 'anthropic' ? 'openai' : 'anthropic'), IDS);
  ex.prepare({ providerId: 'up', model: 'up-model' }, undefined, true);
  return ex.createAssembly!();
}

const CTX = { model: 'up-model', providerId: 'up', ...IDS, estimatedInputTokens: ESTIMATED_INPUT };

/** Tool arguments compared as JSON: a translated stream keeps the upstream's spacing, the whole translation is compact. */
function parsedArguments(completion: any): any {
  for (const choice of completion.choices) for (const call of choice.message.tool_calls ?? []) call.function.arguments = JSON.parse(call.function.arguments);
  return completion;
}

describe('passthrough: the assembled answer is the upstream’s own whole answer', () => {
  it('has pairs of both protocols', () => {
    expect(ANTHROPIC.length).toBeGreaterThanOrEqual(5);
    expect(OPENAI.length).toBeGreaterThanOrEqual(3);
  });

  it.each(ANTHROPIC)('%s (Anthropic)', (c) => {
    for (const step of [1_000_000, 1, 7]) {
      const { body, usage } = run(passthrough('anthropic'), sseOf(c), step);
      expect(body).toEqual(wholeOf(c));
      expect(usage).toMatchObject({ estimated: false });
    }
  });

  it.each(OPENAI)('%s (OpenAI Chat)', (c) => {
    for (const step of [1_000_000, 1, 7]) {
      const { body, usage } = run(passthrough('openai'), sseOf(c), step);
      expect(body).toEqual(comparable(wholeOf(c)));
      expect(usage).toMatchObject({ estimated: false });
    }
  });
});

describe('translated: the assembled answer is the translation of the upstream’s whole answer', () => {
  it.each(OPENAI)('%s → Anthropic client', (c) => {
    const { body, usage } = run(translated('anthropic'), sseOf(c), 1_000_000);
    const expected = openAIToAnthropicResponse(wholeOf(c) as OpenAIChatCompletion, CTX);
    expect(body).toEqual(expected.body);
    expect(usage).toMatchObject({ estimated: false });
  });

  it.each(ANTHROPIC)('%s → OpenAI client', (c) => {
    const { body, usage } = run(translated('openai'), sseOf(c), 1_000_000);
    const expected = anthropicToOpenAIResponse(wholeOf(c) as AnthropicMessage, CTX);
    expect(parsedArguments(body)).toEqual(parsedArguments(expected));
    expect(usage).toMatchObject({ estimated: false });
  });
});

describe('what the stream lacks or breaks', () => {
  const cut = (c: string, keep: (line: string) => boolean) => Buffer.from(sseOf(c).toString().split('\n\n').filter(keep).join('\n\n'));

  it('no usage in an OpenAI stream: an estimate, marked as estimated', () => {
    const { body, usage } = run(passthrough('openai'), cut('openai-length', (ev) => !ev.includes('"usage"')), 1_000_000);
    expect(body.usage).toEqual({ prompt_tokens: ESTIMATED_INPUT, completion_tokens: 4, total_tokens: ESTIMATED_INPUT + 4 });
    expect(usage).toEqual({ inputTokens: ESTIMATED_INPUT, outputTokens: 4, cacheReadTokens: 0, estimated: true });
  });

  it('no usage on a translated stream: the translator’s estimate, marked as estimated', () => {
    const { usage } = run(translated('anthropic'), cut('openai-length', (ev) => !ev.includes('"usage"')), 1_000_000);
    expect(usage).toMatchObject({ inputTokens: ESTIMATED_INPUT, estimated: true });
  });

  it.each([
    ['anthropic', 'anthropic-text', (ev: string) => !ev.includes('message_stop') && !ev.includes('message_delta')],
    ['openai', 'openai-text', (ev: string) => !ev.includes('finish_reason":"stop') && !ev.includes('"usage"') && !ev.includes('[DONE]')],
  ] as const)('%s: a stream that ends early is a 502, not a half answer', (protocol, c, keep) => {
    const a = passthrough(protocol);
    a.push(cut(c, keep));
    expect(() => a.finish()).toThrow(expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE', httpStatus: 502 }));
  });

  it('an error event mid-stream: the error, with its status and type (Anthropic overloaded_error → 529)', () => {
    const a = passthrough('anthropic');
    a.push(cut('anthropic-text', (ev) => !ev.includes('message_stop') && !ev.includes('message_delta')));
    a.push(Buffer.from('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'));
    expect(() => a.finish()).toThrow(expect.objectContaining({ code: 'UPSTREAM_HTTP', httpStatus: 529, upstreamType: 'overloaded_error' }));
  });

  it('tool input that is not a JSON object is the upstream’s fault (502)', () => {
    const broken = sseOf('anthropic-tool-use').toString().replace('renheit\\"}', 'renheit\\"');
    expect(broken).not.toBe(sseOf('anthropic-tool-use').toString());
    const a = passthrough('anthropic');
    a.push(Buffer.from(broken));
    expect(() => a.finish()).toThrow(expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE', httpStatus: 502 }));
  });

  it('a stream that opens with an error has not started (the attempt fails over)', () => {
    const a = passthrough('openai');
    expect(a.push(Buffer.from('data: {"error":{"message":"busy","type":"server_error","code":"overloaded"}}\n\n'))).toBe(false);
    expect(a.upstreamError).toEqual({ type: 'server_error', message: 'busy' });
  });
});
