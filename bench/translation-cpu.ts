/**
 * CPU cost of translating one long stream: a 2,000-chunk OpenAI stream through the same pump the
 * proxy uses (SSE parse → JSON → ChatToAnthropicStream → Anthropic SSE text, or → ChatToResponsesStream
 * → Responses events for a Responses client), measured with process.cpuUsage around the loop, median of
 * several runs after a few warm-up runs (a proxy translates its thousandth stream with optimized code; the
 * first one, timed too and reported apart, pays for the JIT's warm-up).
 */
import { createResponseStore } from '../electron/core/proxy/response-store';
import { createResponsesExchange } from '../electron/core/proxy/responses-exchange';
import { createTranslatedExchange } from '../electron/core/proxy/translated';
import { resolveConfig } from '../electron/core/config/schema';
import type { Exchange } from '../electron/core/proxy/exchange';

export function openAIStreamChunks(n: number): Buffer[] {
  const base = { id: 'chatcmpl-cpu', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'm' };
  const out: Buffer[] = [Buffer.from(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`)];
  for (let i = 0; i < n - 2; i++) out.push(Buffer.from(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: `token${i} ` }, finish_reason: null }] })}\n\n`));
  out.push(Buffer.from(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: n, total_tokens: n + 10 } })}\n\ndata: [DONE]\n\n`));
  return out;
}

export function runTranslationCpu(
  chunks = 2000,
  runs = 7,
  client: 'anthropic' | 'responses' = 'anthropic',
  warmup = 3,
): { chunks: number; runs: number; warmup: number; cpuMs: number; firstMs: number } {
  const config = resolveConfig(
    { providers: [{ id: 'o', protocol: 'openai', baseUrl: 'http://127.0.0.1:1/v1', models: ['m'] }], routing: { default: ['o/m'] } },
    { source: 'bench', env: {} },
  );
  const provider = config.providers[0]!;
  const input = openAIStreamChunks(chunks);
  const body: Record<string, unknown> =
    client === 'anthropic' ? { model: 'm', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] } : { model: 'm', stream: true, store: false, input: 'hi' };
  const request = { protocol: client, body, raw: Buffer.from(JSON.stringify(body)), query: '', headers: {}, stream: true, estimatedInputTokens: 10 };
  const responses = { store: createResponseStore(0), secret: Buffer.alloc(32, 1) };
  const times: number[] = [];
  for (let r = 0; r < warmup + runs; r++) {
    const exchange: Exchange =
      client === 'anthropic'
        ? createTranslatedExchange(request, provider, { id: 'msg_cpu', created: 1_700_000_000 })
        : createResponsesExchange(request, provider, { id: 'resp_aimux_cpu', created: 1_700_000_000 }, responses);
    exchange.prepare({ providerId: 'o', model: 'm' }, undefined, true);
    const t0 = process.cpuUsage();
    const pump = exchange.createStream();
    let bytes = 0;
    for (const c of input) bytes += pump.push(c).length;
    bytes += pump.end().length;
    const d = process.cpuUsage(t0);
    if (!pump.complete || bytes === 0) throw new Error('translation bench: stream did not complete');
    times.push((d.user + d.system) / 1000);
  }
  const measured = times.slice(warmup).sort((a, b) => a - b);
  return { chunks, runs, warmup, cpuMs: measured[Math.floor(runs / 2)]!, firstMs: times[0]! };
}
