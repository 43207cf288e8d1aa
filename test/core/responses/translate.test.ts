/** The pure Responses request translators and the Anthropic stream translator, on the cases the recordings do not cover. */
import { describe, expect, it } from 'vitest';
import type { ResponsesRequest } from '../../../electron/core/protocol/responses';
import { AnthropicToResponsesStream, responsesToAnthropicRequest, responsesToChatRequest } from '../../../electron/core/translate/responses/index';
import { anthropicTarget, openAITarget } from '../translate/targets';

const SECRET = Buffer.alloc(32, 3);
const chat = (req: Record<string, unknown>, t = openAITarget()) => responsesToChatRequest({ model: 'm', ...req } as ResponsesRequest, t, SECRET);
const claude = (req: Record<string, unknown>, t = anthropicTarget()) => responsesToAnthropicRequest({ model: 'm', ...req } as ResponsesRequest, t, SECRET);
const codes = (notes: Array<{ code: string }>) => notes.map((n) => n.code);

describe('Responses → Chat / Anthropic requests', () => {
  it('a developer item after the conversation started: a system message in place (Chat), user text (Anthropic)', () => {
    const input = [
      { role: 'developer', content: 'first' },
      { role: 'user', content: 'hi' },
      { role: 'developer', content: [{ type: 'input_text', text: 'later' }] },
    ];
    expect(chat({ input }).body.messages).toEqual([
      { role: 'system', content: 'first' },
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'later' },
    ]);
    const a = claude({ input, instructions: 'inst' });
    expect(a.body.system).toEqual([{ type: 'text', text: 'inst' }, { type: 'text', text: 'first' }]);
    expect(a.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'text', text: '<system>\nlater\n</system>' }] }]);
    expect(codes(a.notes)).toContain('system_message_converted');
  });

  it('images: image_url parts (Chat), image blocks (Anthropic), a placeholder without vision', () => {
    const input = [{ role: 'user', content: [{ type: 'input_text', text: 'see' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' }] }];
    expect(chat({ input }).body.messages[0]).toEqual({ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } }] });
    expect(claude({ input }).body.messages[0]!.content).toEqual([{ type: 'text', text: 'see' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }]);
    const blind = chat({ input }, openAITarget({ vision: false }));
    expect(blind.body.messages[0]).toEqual({ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'text', text: '[image omitted: deepseek does not accept images]' }] });
    expect(codes(blind.notes)).toContain('images_omitted');
  });

  it('an output with no call before it is a 400 naming the call id', () => {
    expect(() => chat({ input: [{ type: 'function_call_output', call_id: 'call_x', output: 'o' }] })).toThrow(/input\[0\]\.call_id: .*"call_x"/);
  });

  it('arguments that are not a JSON object still make a sendable Anthropic turn', () => {
    const input = [{ role: 'user', content: 'go' }, { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{"cmd": oops' }, { type: 'function_call_output', call_id: 'c1', output: 'parse error' }];
    expect(claude({ input, tools: [{ type: 'function', name: 'f' }] }).body.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'f', input: { arguments: '{"cmd": oops' } }] });
  });

  it('tool_choice naming a custom tool; parallel_tool_calls false', () => {
    const req = { input: 'x', tools: [{ type: 'custom', name: 'apply_patch' }], tool_choice: { type: 'custom', name: 'apply_patch' }, parallel_tool_calls: false };
    expect(chat(req).body).toMatchObject({ tool_choice: { type: 'function', function: { name: 'apply_patch' } }, parallel_tool_calls: false });
    expect(claude(req).body.tool_choice).toEqual({ type: 'tool', name: 'apply_patch', disable_parallel_tool_use: true });
  });

  it('reasoning.effort: mapped for Chat (xhigh → high), a budget for Anthropic; dropped without the capability', () => {
    const r = chat({ input: 'x', reasoning: { effort: 'xhigh' } });
    expect(r.body.reasoning_effort).toBe('high');
    expect(codes(r.notes)).toContain('thinking_mapped');
    expect(codes(chat({ input: 'x', reasoning: { effort: 'low' } }, openAITarget({ thinking: false })).notes)).toContain('thinking_dropped');
    expect(claude({ input: 'x', reasoning: { effort: 'low' }, max_output_tokens: 10_000 }).body).toMatchObject({ max_tokens: 10_000, thinking: { type: 'enabled', budget_tokens: 2_048 } });
  });

  it('fields no target can honour, and fields not sent', () => {
    expect(() => claude({ input: 'x', temperature: 1.5 })).toThrow(/temperature/);
    expect(() => chat({ input: 'x', background: true })).toThrow(/background/);
    expect(() => chat({ input: 'x', previous_response_id: 'resp_other' })).toThrow(/previous_response_id/);
    const r = chat({ input: 'x', store: false, include: ['reasoning.encrypted_content'], client_metadata: {}, prompt_cache_key: 'k', service_tier: 'flex', text: { verbosity: 'low' } });
    expect(r.notes).toEqual([{ code: 'param_dropped', detail: 'not sent to deepseek: service_tier, text.verbosity' }]);
    expect(r.body).toEqual({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } });
  });
});

describe('Anthropic stream → Responses: redacted and signature-only thinking round-trip', () => {
  it('both become reasoning items that restore as the original blocks', () => {
    const ctx = { responseId: 'resp_aimux_t', createdAt: 1, model: 'c', providerId: 'claude', tools: new Map(), secret: SECRET, estimatedInputTokens: 5, echo: { parallel_tool_calls: true, tool_choice: 'auto' } };
    const tr = new AnthropicToResponsesStream(ctx);
    const events = [
      { type: 'message_start', message: { usage: { input_tokens: 5, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'OPAQUE' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 'SIG' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'hi' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } },
      { type: 'message_stop' },
    ];
    for (const e of events) tr.push(e as never);
    const output = tr.writer.response.output as any[];
    expect(output.map((o) => o.type)).toEqual(['reasoning', 'reasoning', 'message']);
    expect(tr.usage).toEqual({ inputTokens: 5, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: false });
    const next = claude({ input: [{ role: 'user', content: 'q' }, ...output, { role: 'user', content: 'more' }] }, { ...anthropicTarget(), providerId: 'claude' });
    expect(next.body.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'redacted_thinking', data: 'OPAQUE' }, { type: 'thinking', thinking: '', signature: 'SIG' }, { type: 'text', text: 'hi' }] });
    // The same items are foreign to another provider.
    const other = claude({ input: [{ role: 'user', content: 'q' }, ...output, { role: 'user', content: 'more' }] }, { ...anthropicTarget(), providerId: 'other' });
    expect(other.body.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'hi' }] });
    expect(codes(other.notes)).toContain('thinking_history_dropped');
  });
});
