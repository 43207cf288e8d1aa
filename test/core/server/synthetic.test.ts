/**
 * The built-in synthetic provider, as a new user meets it (the built-in default config), through
 * the official SDKs: text, streaming, tool calls, a full tool loop, usage, count_tokens, models.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInConfig } from '../../../electron/core/config/load';
import { createCore } from '../../../electron/core/index';
import type { CoreHandle } from '../../../electron/core/index';

let core: CoreHandle;
let url: string;
let A: Anthropic;
let O: OpenAI;

beforeAll(async () => {
  core = createCore({ config: builtInConfig() });
  url = await core.listen('127.0.0.1', 0);
  A = new Anthropic({ apiKey: 'any', baseURL: url, maxRetries: 0 });
  O = new OpenAI({ apiKey: 'any', baseURL: `${url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await core.close(1000);
});

const bashTool = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: { type: 'object' as const, properties: { command: { type: 'string' }, timeout: { type: 'number' } }, required: ['command'] },
};

describe('synthetic provider (built-in default)', () => {
  it('answers an Anthropic request deterministically, with usage', async () => {
    const req = { model: 'claude-sonnet-4-5', max_tokens: 200, messages: [{ role: 'user' as const, content: 'Hello there' }] };
    const a = await A.messages.create(req);
    const b = await A.messages.create(req);
    expect(a.content).toEqual(b.content);
    expect(a.content[0]).toMatchObject({ type: 'text' });
    expect((a.content[0] as { text: string }).text).toContain('You said: "Hello there"');
    expect(a.stop_reason).toBe('end_turn');
    expect(a.usage.input_tokens).toBeGreaterThan(0);
    expect(a.usage.output_tokens).toBeGreaterThan(10);
  });

  it('streams the same answer the non-streaming call gives', async () => {
    const req = { model: 'x', max_tokens: 200, messages: [{ role: 'user' as const, content: 'Stream me' }] };
    const whole = await A.messages.create(req);
    const streamed = await A.messages.stream(req).finalMessage();
    expect(streamed.content).toEqual(whole.content);
    expect(streamed.usage.output_tokens).toBe(whole.usage.output_tokens);
  });

  it('calls a tool when tools are offered and the user asks for a tool, then completes the loop', async () => {
    const first = await A.messages.stream({ model: 'x', max_tokens: 500, tools: [bashTool], messages: [{ role: 'user', content: 'Use the Bash tool to say hi' }] }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((b) => b.type === 'tool_use')!;
    expect(call).toMatchObject({ type: 'tool_use', name: 'Bash' });
    expect((call as { input: { command: string } }).input.command).toMatch(/^echo synthetic-[0-9a-f]{8}$/);
    const second = await A.messages.create({
      model: 'x',
      max_tokens: 500,
      tools: [bashTool],
      messages: [
        { role: 'user', content: 'Use the Bash tool to say hi' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: (call as { id: string }).id, content: 'hi' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Tool said: hi' }]);
    expect(second.stop_reason).toBe('end_turn');
  });

  it('stops at max_tokens', async () => {
    const r = await A.messages.create({ model: 'x', max_tokens: 3, messages: [{ role: 'user', content: 'a long question' }] });
    expect(r.stop_reason).toBe('max_tokens');
    expect(r.usage.output_tokens).toBe(3);
  });

  it('answers OpenAI clients natively, streaming and not, tool calls included', async () => {
    const c = await O.chat.completions.create({ model: 'gpt-x', messages: [{ role: 'user', content: 'Hi' }] });
    expect(c.choices[0]!.message.content).toContain('You said: "Hi"');
    expect(c.usage!.completion_tokens).toBeGreaterThan(0);
    const s = await O.chat.completions.stream({ model: 'gpt-x', messages: [{ role: 'user', content: 'Hi' }], stream_options: { include_usage: true } }).finalChatCompletion();
    expect(s.choices[0]!.message.content).toBe(c.choices[0]!.message.content);
    expect(s.usage!.completion_tokens).toBe(c.usage!.completion_tokens);
    const t = await O.chat.completions
      .stream({
        model: 'gpt-x',
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
        messages: [{ role: 'user', content: 'call the get_weather tool' }],
      })
      .finalChatCompletion();
    expect(t.choices[0]!.finish_reason).toBe('tool_calls');
    expect(t.choices[0]!.message.tool_calls![0]).toMatchObject({ type: 'function', function: { name: 'get_weather', arguments: '{"city":"synthetic"}' } });
  });

  it('counts tokens and lists its models in both shapes', async () => {
    const n = await A.messages.countTokens({ model: 'x', messages: [{ role: 'user', content: 'count these words please' }] });
    expect(n.input_tokens).toBeGreaterThan(0);
    const am = await A.models.list();
    expect(am.data.map((m) => m.id)).toEqual(['synthetic/synthetic-1']);
    const om = await O.models.list();
    expect(om.data.map((m) => m.id)).toEqual(['synthetic/synthetic-1']);
    const raw = (await (await fetch(`${url}/v1/models`)).json()) as any;
    expect(raw.object).toBe('list');
    const anth = (await (await fetch(`${url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } })).json()) as any;
    expect(anth.has_more).toBe(false);
  });

  it('answers /health and the Claude Code preflight', async () => {
    const h = await fetch(`${url}/health`);
    expect(h.status).toBe(200);
    const body = (await h.json()) as any;
    expect(body.status).toBe('ok');
    expect(body.providers[0].id).toBe('synthetic');
    expect((await fetch(`${url}/api/hello`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${url}/`, { method: 'HEAD' })).status).toBe(200);
  });
});
