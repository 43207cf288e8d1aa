/**
 * A full tool loop through text-tool-call normalization, with the official Anthropic SDK: the model writes its
 * call as text, the client gets a real tool_use, runs it, sends the tool_result, and the upstream sees the call
 * and its result in its own protocol on the next turn.
 */
import { describe, expect, it } from 'vitest';
import { json, sse } from '../../support/fake-upstream';
import { an, oa, useRig } from './helpers';

const start = useRig();
const bash = { name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } }, required: ['command'] } };
const quirks = { textToolCalls: true, thinkTags: true };
const CALL_TEXT = 'I will run it.\n<tool_call>\n{"name": "Bash", "arguments": {"command": "echo hi",}}\n</tool_call>';

function runTool(input: unknown): string {
  expect(input).toEqual({ command: 'echo hi' });
  return 'hi';
}

describe('tool loop through written tool calls', () => {
  it('OpenAI upstream, streaming: tool_use out, tool_result back as a tool message', async () => {
    const { anthropic, upstream } = await start(
      'openai',
      (req, res) => {
        const last = req.json.messages.at(-1);
        if (last.role === 'tool') return sse(res, [oa.chunk({ role: 'assistant', content: `Tool said: ${last.content}` }), oa.chunk({}, 'stop'), oa.DONE]);
        // The call text in small pieces, cut through the tags.
        const pieces = CALL_TEXT.match(/.{1,5}/gs)!;
        return sse(res, [oa.chunk({ role: 'assistant', content: '' }), ...pieces.map((p) => oa.chunk({ content: p })), oa.chunk({}, 'stop'), oa.DONE]);
      },
      { provider: { quirks } },
    );
    const messages: any[] = [{ role: 'user', content: 'say hi with the tool' }];
    const first = await anthropic.messages.stream({ model: 'x', max_tokens: 1000, tools: [bash], messages }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
    const call = first.content[1] as { id: string; name: string; input: unknown };
    expect(call.name).toBe('Bash');
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: runTool(call.input) }] });
    const second = await anthropic.messages.stream({ model: 'x', max_tokens: 1000, tools: [bash], messages }).finalMessage();
    expect(second.content).toEqual([{ type: 'text', text: 'Tool said: hi' }]);
    const sent = upstream.requests[1]!.json.messages;
    expect(sent.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: call.id, type: 'function', function: { name: 'Bash', arguments: '{"command":"echo hi"}' } }] });
    expect(sent.at(-1)).toEqual({ role: 'tool', tool_call_id: call.id, content: 'hi' });
  });

  it('OpenAI upstream, non-streaming: the same', async () => {
    const { anthropic } = await start(
      'openai',
      (req, res) => {
        const last = req.json.messages.at(-1);
        json(res, 200, oa.completion({ content: last.role === 'tool' ? `Tool said: ${last.content}` : CALL_TEXT }));
      },
      { provider: { quirks } },
    );
    const messages: any[] = [{ role: 'user', content: 'say hi with the tool' }];
    const first = await anthropic.messages.create({ model: 'x', max_tokens: 1000, tools: [bash], messages });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((b) => b.type === 'tool_use') as { id: string; input: unknown };
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: runTool(call.input) }] });
    const second = await anthropic.messages.create({ model: 'x', max_tokens: 1000, tools: [bash], messages });
    expect(second.content).toEqual([{ type: 'text', text: 'Tool said: hi' }]);
  });

  it('Anthropic upstream with the quirk on: the stream is parsed, the call becomes tool_use, the result goes back as is', async () => {
    const { anthropic, upstream } = await start(
      'anthropic',
      (req, res) => {
        const last = req.json.messages.at(-1);
        const result = Array.isArray(last.content) ? last.content.find((b: any) => b.type === 'tool_result') : undefined;
        const text = result ? `Tool said: ${result.content}` : CALL_TEXT;
        return sse(res, [an.start(), an.blockStart(0, { type: 'text', text: '' }), ...text.match(/.{1,3}/gs)!.map((t) => an.text(0, t)), an.blockStop(0), ...an.end('end_turn')]);
      },
      { provider: { quirks } },
    );
    const messages: any[] = [{ role: 'user', content: 'say hi with the tool' }];
    const first = await anthropic.messages.stream({ model: 'x', max_tokens: 1000, tools: [bash], messages }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((b) => b.type === 'tool_use') as { id: string; input: unknown };
    expect(call.id).toBe('toolu_up_1_t0');
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: runTool(call.input) }] });
    const second = await anthropic.messages.stream({ model: 'x', max_tokens: 1000, tools: [bash], messages }).finalMessage();
    expect(second.content).toEqual([{ type: 'text', text: 'Tool said: hi' }]);
    expect(upstream.requests[1]!.json.messages.at(-2).content.at(-1)).toEqual({ type: 'tool_use', id: 'toolu_up_1_t0', name: 'Bash', input: { command: 'echo hi' } });
  });

  it('without the quirk the written call reaches the client as text', async () => {
    const { anthropic } = await start('openai', (_req, res) => json(res, 200, oa.completion({ content: CALL_TEXT })));
    const m = await anthropic.messages.create({ model: 'x', max_tokens: 1000, tools: [bash], messages: [{ role: 'user', content: 'hi' }] });
    expect(m.content).toEqual([{ type: 'text', text: CALL_TEXT }]);
    expect(m.stop_reason).toBe('end_turn');
  });
});
