/**
 * The translators under generated input (fast-check, seeded), through the same exchanges the
 * pipeline uses: any request that passes aimux's first checks is either translated or refused with
 * a ProxyError (which the client sees as a 4xx in its shape), never a TypeError; any upstream stream
 * (SSE bytes, arbitrary JSON in its events, split anywhere) and any upstream JSON answer is either
 * converted or refused with a ProxyError (the upstream-answer guard, proxy/exchange-guard.ts, names
 * the provider: a 502 before the first byte, an error event after it); nothing hangs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../electron/core/config/schema';
import type { ClientProtocol, ProviderConfig } from '../../../electron/core/config/types';
import { isProxyError } from '../../../electron/core/errors';
import type { Exchange } from '../../../electron/core/proxy/exchange';
import { createExchangeFactory } from '../../../electron/core/proxy/exchanges';
import { createIdSource } from '../../../electron/core/proxy/ids';
import { createResponseStore } from '../../../electron/core/proxy/response-store';
import { validateGenerationRequest } from '../../../electron/core/proxy/validate';

const SEED = 20_261_202;

const config = resolveConfig(
  {
    providers: [
      { id: 'o', protocol: 'openai', baseUrl: 'http://127.0.0.1:1/v1', models: ['m'], quirks: { echoReasoning: true }, capabilities: { thinking: true } },
      { id: 'a', protocol: 'anthropic', baseUrl: 'http://127.0.0.1:1', models: ['m'] },
    ],
    routing: { default: ['o/m'] },
  },
  { source: 'fuzz', env: {} },
);
const PROVIDERS: Record<'openai' | 'anthropic', ProviderConfig> = { openai: config.providers[0]!, anthropic: config.providers[1]! };

const PAIRS: Array<{ client: ClientProtocol; provider: 'openai' | 'anthropic' }> = [
  { client: 'anthropic', provider: 'openai' },
  { client: 'openai', provider: 'anthropic' },
  { client: 'responses', provider: 'openai' },
  { client: 'responses', provider: 'anthropic' },
];

/** The exchanges as the pipeline gets them (exchanges.ts: translation behind the upstream-answer guard). */
const exchangeFactory = createExchangeFactory(createIdSource({ now: () => 1_700_000_000_000 }), { store: createResponseStore(4), secret: Buffer.alloc(32, 7) });

function exchangeFor(client: ClientProtocol, provider: ProviderConfig, body: Record<string, unknown>): Exchange {
  const request = { protocol: client, body, raw: Buffer.from(JSON.stringify(body)), query: '', headers: {}, stream: body.stream === true, estimatedInputTokens: 10 };
  return exchangeFactory(request, provider, client === 'anthropic' ? 'messages' : client === 'openai' ? 'chat' : 'responses');
}

/** Runs `fn`; a ProxyError is a fine answer, anything else thrown is a bug. */
function onlyProxyErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!isProxyError(e)) throw e;
  }
}

const text = fc.string({ maxLength: 20 });
const anyValue = fc.jsonValue({ maxDepth: 3 });
const block = fc.oneof(
  fc.record({ type: fc.constantFrom('text', 'input_text', 'output_text'), text: fc.oneof(text, anyValue) }),
  fc.record({ type: fc.constant('image'), source: fc.oneof(anyValue, fc.record({ type: fc.constantFrom('base64', 'url'), media_type: text, data: text, url: text })) }),
  fc.record({ type: fc.constant('image_url'), image_url: fc.oneof(anyValue, fc.record({ url: text })) }),
  fc.record({ type: fc.constant('tool_use'), id: fc.oneof(text, anyValue), name: fc.oneof(text, anyValue), input: anyValue }),
  fc.record({ type: fc.constant('tool_result'), tool_use_id: fc.oneof(text, anyValue), content: fc.oneof(text, anyValue), is_error: anyValue }),
  fc.record({ type: fc.constantFrom('thinking', 'redacted_thinking'), thinking: fc.oneof(text, anyValue), signature: fc.oneof(text, anyValue), data: text }),
  fc.record({ type: fc.constantFrom('function_call', 'function_call_output', 'reasoning', 'message', 'custom_tool_call'), call_id: text, name: text, arguments: fc.oneof(text, anyValue), output: fc.oneof(text, anyValue), role: text, content: anyValue, summary: anyValue, encrypted_content: text }),
  anyValue,
);
const content = fc.oneof(text, fc.array(block, { maxLength: 4 }), anyValue);
const message = fc.record(
  {
    role: fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'developer', 'tool', 'function'), text),
    content,
    tool_calls: fc.oneof(anyValue, fc.array(fc.record({ id: text, type: fc.constant('function'), function: fc.record({ name: text, arguments: fc.oneof(text, anyValue) }) }), { maxLength: 2 })),
    tool_call_id: text,
    reasoning_content: text,
    name: text,
  },
  { requiredKeys: ['role'] },
);
const tool = fc.oneof(
  fc.record({ name: fc.oneof(text, anyValue), description: text, input_schema: anyValue, type: fc.oneof(text, fc.constantFrom('function', 'custom', 'web_search_20250305')) }),
  fc.record({ type: fc.constant('function'), function: fc.oneof(anyValue, fc.record({ name: text, parameters: anyValue, description: text })), name: text, parameters: anyValue }),
  anyValue,
);
const request = fc.record(
  {
    model: fc.constant('m'),
    max_tokens: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), anyValue),
    messages: fc.array(message, { minLength: 1, maxLength: 5 }),
    input: fc.oneof(text, fc.array(fc.oneof(block, message), { minLength: 1, maxLength: 5 })),
    instructions: fc.oneof(text, anyValue),
    system: fc.oneof(text, fc.array(block, { maxLength: 2 }), anyValue),
    tools: fc.oneof(fc.array(tool, { maxLength: 3 }), anyValue),
    tool_choice: fc.oneof(fc.constantFrom('auto', 'none', 'required', 'any'), anyValue),
    thinking: fc.oneof(fc.record({ type: fc.constantFrom('enabled', 'adaptive', 'disabled'), budget_tokens: anyValue }), anyValue),
    reasoning: anyValue,
    reasoning_effort: fc.oneof(fc.constantFrom('low', 'medium', 'high', 'minimal'), anyValue),
    temperature: anyValue,
    top_p: anyValue,
    stop: anyValue,
    stop_sequences: anyValue,
    stream: fc.boolean(),
    stream_options: anyValue,
    response_format: anyValue,
    text: anyValue,
    metadata: anyValue,
    n: anyValue,
    max_completion_tokens: anyValue,
    max_output_tokens: anyValue,
    parallel_tool_calls: anyValue,
  },
  { requiredKeys: ['model'] },
);

describe('request translation', () => {
  it.each(PAIRS)('$client client → $provider provider: translated or a ProxyError, never a crash', (pair) => {
    let checked = 0;
    fc.assert(
      fc.property(request, (raw) => {
        const body = raw as Record<string, unknown>;
        try {
          validateGenerationRequest(pair.client, body, pair.client === 'anthropic' ? 'messages' : pair.client === 'openai' ? 'chat' : 'responses');
        } catch (e) {
          if (isProxyError(e)) return;
          throw e;
        }
        checked++;
        onlyProxyErrors(() => exchangeFor(pair.client, PROVIDERS[pair.provider], body).prepare({ providerId: PROVIDERS[pair.provider].id, model: 'm' }, undefined, false));
      }),
      { seed: SEED, numRuns: 1500 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});

const sseEvent = (event: string | undefined, data: unknown) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const anthropicEvents = fc.array(
  fc.oneof(
    fc.tuple(fc.constantFrom('message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping', 'error', 'other'), anyValue).map(([e, d]) => sseEvent(e, d)),
    fc.record({ type: fc.constantFrom('content_block_delta', 'content_block_start', 'message_delta'), index: fc.oneof(fc.nat(3), anyValue), delta: fc.oneof(anyValue, fc.record({ type: fc.constantFrom('text_delta', 'input_json_delta', 'thinking_delta', 'signature_delta'), text, partial_json: text, thinking: text, signature: text, stop_reason: text })), content_block: fc.oneof(anyValue, fc.record({ type: fc.constantFrom('text', 'tool_use', 'thinking', 'server_tool_use'), id: text, name: text, input: anyValue })), usage: anyValue }).map((d) => sseEvent(d.type, d)),
    fc.string({ maxLength: 30 }).map((s) => `data: ${s}\n\n`),
  ),
  { maxLength: 12 },
);
const openaiChunks = fc.array(
  fc.oneof(
    fc.record({ id: text, choices: fc.oneof(anyValue, fc.array(fc.record({ index: fc.oneof(fc.nat(2), anyValue), delta: fc.oneof(anyValue, fc.record({ role: text, content: fc.oneof(text, anyValue), reasoning_content: text, tool_calls: fc.oneof(anyValue, fc.array(fc.record({ index: fc.oneof(fc.nat(2), anyValue), id: text, function: fc.record({ name: text, arguments: text }) }), { maxLength: 2 })) })), finish_reason: fc.oneof(fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter'), anyValue) }), { maxLength: 2 })), usage: anyValue }).map((d) => sseEvent(undefined, d)),
    anyValue.map((d) => sseEvent(undefined, d)),
    fc.constantFrom('data: [DONE]\n\n', ': comment\n\n', 'data: {"error":{"message":"x"}}\n\n'),
  ),
  { maxLength: 12 },
);

function runStream(exchange: Exchange, chunks: string[], cuts: number[]): void {
  const pump = exchange.createStream();
  const bytes = Buffer.from(chunks.join(''));
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let at = 0;
  for (const p of [...points, bytes.length]) {
    const out = pump.push(bytes.subarray(at, p));
    expect(typeof out === 'string' || Buffer.isBuffer(out)).toBe(true);
    at = p;
    if (pump.upstreamError) return;
  }
  expect(typeof pump.end()).toBe('string');
  pump.result?.();
}

describe('stream translation', () => {
  it.each(PAIRS)('$client client ← $provider provider stream: converted or a ProxyError, split anywhere', (pair) => {
    const events = pair.provider === 'anthropic' ? anthropicEvents : openaiChunks;
    fc.assert(
      fc.property(events, fc.array(fc.nat(), { maxLength: 6 }), (chunks, cuts) => {
        const body = pair.client === 'responses' ? { model: 'm', input: 'hi', stream: true, store: false } : { model: 'm', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] };
        const exchange = exchangeFor(pair.client, PROVIDERS[pair.provider], body);
        exchange.prepare({ providerId: PROVIDERS[pair.provider].id, model: 'm' }, undefined, false);
        onlyProxyErrors(() => runStream(exchange, chunks, cuts));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });
});

describe('JSON answer translation', () => {
  it.each(PAIRS.filter((p) => p.client !== 'responses'))('$client client ← $provider provider JSON: converted or a ProxyError', (pair) => {
    const answer = fc.oneof(
      anyValue,
      fc.record({ type: fc.constantFrom('message', 'error'), id: text, role: text, content: fc.oneof(anyValue, fc.array(block, { maxLength: 3 })), stop_reason: anyValue, usage: anyValue, error: anyValue }),
      fc.record({ id: text, object: text, choices: fc.oneof(anyValue, fc.array(fc.record({ index: anyValue, message: fc.oneof(anyValue, message), finish_reason: anyValue }), { maxLength: 2 })), usage: anyValue }),
    );
    fc.assert(
      fc.property(fc.oneof(answer.map((a) => Buffer.from(JSON.stringify(a))), fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b))), (bytes) => {
        const exchange = exchangeFor(pair.client, PROVIDERS[pair.provider], { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
        exchange.prepare({ providerId: PROVIDERS[pair.provider].id, model: 'm' }, undefined, false);
        onlyProxyErrors(() => exchange.convertJson(bytes));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
