/**
 * The official `openai` SDK's Responses client (`responses.create`, `responses.stream`) through the real
 * proxy on a Chat-shaped and an Anthropic-shaped upstream, plus the raw events it was sent.
 */
import { describe, expect, it } from 'vitest';
import { json, sse } from '../../support/fake-upstream';
import { an, oa, postRaw, useRig } from '../translation-e2e/helpers';
import { checkResponsesStream } from './helpers';

const start = useRig();
type Shape = 'openai' | 'anthropic';

const execTool = { type: 'function' as const, name: 'exec_command', description: 'Run a command', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } };
const patchTool = { type: 'custom' as const, name: 'apply_patch', description: 'Edit files.', format: { type: 'grammar' as const, syntax: 'lark' as const, definition: 'start: "*** Begin Patch" /(.|\\n)*/' } };
const PATCH = '*** Begin Patch\n*** Add File: a "q".txt\n+hi ✓\n*** End Patch\n';

/** Arguments cut into 9-character fragments, as models stream them. */
const pieces = (s: string): string[] => s.match(/[\s\S]{1,9}/g) ?? [];

/** Upstream answers in each shape: text, one or two tool calls, reasoning then text, a length stop. */
const answers = {
  text: (shape: Shape, text = 'Hi there') =>
    shape === 'openai'
      ? [oa.chunk({ role: 'assistant', content: '' }), oa.chunk({ content: text.slice(0, 3) }), oa.chunk({ content: text.slice(3) }), oa.chunk({}, 'stop'), oa.usage({ prompt_tokens: 20, completion_tokens: 4, total_tokens: 24 }), oa.DONE]
      : [an.start({ input_tokens: 20, output_tokens: 1 }), an.blockStart(0, { type: 'text', text: '' }), an.text(0, text.slice(0, 3)), an.text(0, text.slice(3)), an.blockStop(0), ...an.end('end_turn', { output_tokens: 4 })],
  calls: (shape: Shape, calls: Array<{ id: string; name: string; args: string }>) =>
    shape === 'openai'
      ? [
          oa.chunk({ role: 'assistant', content: null }),
          // Interleaved fragments: the first piece of every call, then the second pieces, …
          ...calls.map((c, i) => oa.tool(i, c.args.slice(0, 5), { id: c.id, name: c.name })),
          ...pieces(calls[0]!.args.slice(5)).flatMap((_, k) => calls.flatMap((c, i) => (pieces(c.args.slice(5))[k] === undefined ? [] : [oa.tool(i, pieces(c.args.slice(5))[k]!)]))),
          oa.chunk({}, 'tool_calls'),
          oa.usage({ prompt_tokens: 30, completion_tokens: 9, total_tokens: 39 }),
          oa.DONE,
        ]
      : [
          an.start({ input_tokens: 30, output_tokens: 1 }),
          ...calls.flatMap((c, i) => [an.toolUse(i, c.id, c.name), ...pieces(c.args).map((p) => an.json(i, p)), an.blockStop(i)]),
          ...an.end('tool_use', { output_tokens: 9 }),
        ],
  reasoningThenText: (shape: Shape) =>
    shape === 'openai'
      ? [oa.chunk({ role: 'assistant', reasoning_content: 'Let me ' }), oa.chunk({ reasoning_content: 'think.' }), oa.chunk({ content: 'Answer.' }), oa.chunk({}, 'stop'), oa.usage({ prompt_tokens: 20, completion_tokens: 8, total_tokens: 28, completion_tokens_details: { reasoning_tokens: 4 } }), oa.DONE]
      : [
          an.start({ input_tokens: 20, output_tokens: 1 }),
          an.blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
          an.thinking(0, 'Let me '),
          an.thinking(0, 'think.'),
          an.signature(0, 'SIG-abc123'),
          an.blockStop(0),
          an.blockStart(1, { type: 'text', text: '' }),
          an.text(1, 'Answer.'),
          an.blockStop(1),
          ...an.end('end_turn', { output_tokens: 8 }),
        ],
  length: (shape: Shape) =>
    shape === 'openai'
      ? [oa.chunk({ role: 'assistant', content: 'Cut sh' }), oa.chunk({}, 'length'), oa.usage({ prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 }), oa.DONE]
      : [an.start({ input_tokens: 20, output_tokens: 1 }), an.blockStart(0, { type: 'text', text: '' }), an.text(0, 'Cut sh'), an.blockStop(0), ...an.end('max_tokens', { output_tokens: 5 })],
};

for (const shape of ['openai', 'anthropic'] as const) {
  describe(`openai SDK Responses client → ${shape} upstream`, () => {
    it('text: responses.create (not streaming) is built from an upstream stream, with the real usage', async () => {
      const { openai, upstream } = await start(shape, (_req, res) => sse(res, answers.text(shape)));
      const r = await openai.responses.create({ model: 'any', input: 'Say hi', instructions: 'Be brief.' });
      expect(r.id).toMatch(/^resp_aimux_/);
      expect(r.status).toBe('completed');
      expect(r.output_text).toBe('Hi there');
      expect(r.usage).toMatchObject({ input_tokens: 20, output_tokens: 4, total_tokens: 24 });
      expect(upstream.requests[0]!.json.stream).toBe(true);
    });

    it('text: responses.stream delivers the deltas and the final response', async () => {
      const { openai } = await start(shape, (_req, res) => sse(res, answers.text(shape)));
      const stream = openai.responses.stream({ model: 'any', input: 'Say hi' });
      const deltas: string[] = [];
      stream.on('response.output_text.delta', (e) => deltas.push(e.delta));
      const final = await stream.finalResponse();
      expect(deltas).toEqual(['Hi ', 'there']);
      expect(final.output_text).toBe('Hi there');
    });

    it('a tool loop: function_call out, function_call_output back right after its call', async () => {
      const call = { id: 'call_1', name: 'exec_command', args: '{"cmd":"echo hi"}' };
      const { openai, upstream } = await start(shape, (_req, res, n) => sse(res, n === 1 ? answers.calls(shape, [call]) : answers.text(shape, 'It said hi')));
      const first = await openai.responses.stream({ model: 'any', input: 'run echo hi', tools: [execTool], store: false }).finalResponse();
      const fc = first.output.find((o) => o.type === 'function_call');
      expect(fc).toMatchObject({ type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"echo hi"}', status: 'completed' });
      const second = await openai.responses.create({
        model: 'any',
        tools: [execTool],
        input: [{ role: 'user', content: 'run echo hi' }, ...(first.output as any[]), { type: 'function_call_output', call_id: 'call_1', output: 'hi\n' }],
      });
      expect(second.output_text).toBe('It said hi');
      const sent = upstream.requests[1]!.json;
      if (shape === 'openai') {
        expect(sent.messages.slice(-2)).toEqual([
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"echo hi"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'hi\n' },
        ]);
      } else {
        expect(sent.messages.slice(-2)).toEqual([
          { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'exec_command', input: { cmd: 'echo hi' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'hi\n' }] },
        ]);
      }
    });

    it('parallel calls: two function_call items, each done before the next starts', async () => {
      const calls = [
        { id: 'call_a', name: 'exec_command', args: '{"cmd":"echo a"}' },
        { id: 'call_b', name: 'exec_command', args: '{"cmd":"echo b"}' },
      ];
      const { proxy } = await start(shape, (_req, res) => sse(res, answers.calls(shape, calls)));
      const r = await postRaw(proxy.url, '/v1/responses', { model: 'any', input: 'twice', tools: [execTool], stream: true });
      const final = checkResponsesStream(r.events);
      expect(final.output.map((o: any) => [o.type, o.call_id, o.arguments])).toEqual([
        ['function_call', 'call_a', '{"cmd":"echo a"}'],
        ['function_call', 'call_b', '{"cmd":"echo b"}'],
      ]);
      const deltas = r.events.filter((e) => e.data.type === 'response.function_call_arguments.delta').map((e) => [e.data.output_index, e.data.delta]);
      expect(deltas.map(([i]) => i)).toEqual([...deltas.map(([i]) => i)].sort());
    });

    it('a custom tool: the call comes back as custom_tool_call with the decoded input, streamed live', async () => {
      const args = JSON.stringify({ input: PATCH });
      const { openai, proxy, upstream } = await start(shape, (_req, res) => sse(res, answers.calls(shape, [{ id: 'call_p', name: 'apply_patch', args }])));
      const final = await openai.responses.stream({ model: 'any', input: 'patch', tools: [patchTool as any] }).finalResponse();
      expect(final.output).toEqual([expect.objectContaining({ type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: PATCH, status: 'completed' })]);
      const sentTool = shape === 'openai' ? upstream.requests[0]!.json.tools[0].function : upstream.requests[0]!.json.tools[0];
      expect(sentTool.name).toBe('apply_patch');
      const r = await postRaw(proxy.url, '/v1/responses', { model: 'any', input: 'patch', tools: [patchTool], stream: true });
      checkResponsesStream(r.events);
      const pieces = r.events.filter((e) => e.data.type === 'response.custom_tool_call_input.delta').map((e) => e.data.delta);
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.join('')).toBe(PATCH);
    });

    it('reasoning then text; the next turn gives the reasoning back to the same provider', async () => {
      const provider = shape === 'openai' ? { capabilities: { thinking: true }, quirks: { echoReasoning: true } } : {};
      const { openai, upstream } = await start(shape, (_req, res, n) => sse(res, n === 1 ? answers.reasoningThenText(shape) : answers.text(shape)), { provider });
      const first = await openai.responses.stream({ model: 'any', input: 'why?', reasoning: { effort: 'high' } }).finalResponse();
      expect(first.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
      const rs = first.output[0] as any;
      expect(rs.summary).toEqual([{ type: 'summary_text', text: 'Let me think.' }]);
      expect(rs.encrypted_content).toMatch(/^aimux1\./);
      expect(first.output_text).toBe('Answer.');
      if (shape === 'openai') expect(first.usage?.output_tokens_details.reasoning_tokens).toBe(4);
      await openai.responses.create({ model: 'any', reasoning: { effort: 'high' }, input: [{ role: 'user', content: 'why?' }, ...(first.output as any[]), { role: 'user', content: 'and?' }] });
      const sent = upstream.requests[1]!.json;
      if (shape === 'openai') {
        expect(sent.reasoning_effort).toBe('high');
        expect(sent.messages.at(-2)).toEqual({ role: 'assistant', content: 'Answer.', reasoning_content: 'Let me think.' });
      } else {
        expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 24_576 });
        expect(sent.messages.at(-2)).toEqual({ role: 'assistant', content: [{ type: 'thinking', thinking: 'Let me think.', signature: 'SIG-abc123' }, { type: 'text', text: 'Answer.' }] });
      }
      // A tampered item is foreign: dropped.
      const tampered = { ...rs, encrypted_content: rs.encrypted_content.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A')) };
      await openai.responses.create({ model: 'any', input: [{ role: 'user', content: 'why?' }, tampered, { role: 'user', content: 'and?' }] });
      expect(upstream.requests[2]!.raw.includes('Let me think.')).toBe(false);
    });

    it('max_output_tokens: sent as the target limit; a length stop is response.incomplete', async () => {
      const { openai, upstream } = await start(shape, (_req, res) => sse(res, answers.length(shape)));
      const r = await openai.responses.create({ model: 'any', input: 'long story', max_output_tokens: 5 });
      expect(r.status).toBe('incomplete');
      expect(r.incomplete_details).toEqual({ reason: 'max_output_tokens' });
      expect(r.output_text).toBe('Cut sh');
      expect(upstream.requests[0]!.json.max_tokens).toBe(5);
    });

    it('failure before the first byte: the HTTP error in the OpenAI shape, a 429 with Retry-After', async () => {
      const { openai } = await start(shape, (_req, res) => json(res, 429, { error: { type: 'rate_limit_error', message: 'slow down' } }, { 'retry-after': '7' }));
      const err = await openai.responses.create({ model: 'any', input: 'hi' }).catch((e: unknown) => e as any);
      expect(err.status).toBe(429);
      expect(err.headers.get('retry-after')).toBe('7');
      expect(err.error).toMatchObject({ message: expect.stringContaining('slow down'), type: 'rate_limit_error' });
    });

    it('failure after the first byte: response.failed, which the SDK reports as a failed response', async () => {
      const cut = shape === 'openai' ? [oa.chunk({ role: 'assistant', content: 'Hal' })] : [an.start(), an.blockStart(0, { type: 'text', text: '' }), an.text(0, 'Hal')];
      const { openai, proxy } = await start(shape, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(cut.join(''));
        setTimeout(() => res.socket?.destroy(), 30);
      });
      const final = await openai.responses.stream({ model: 'any', input: 'hi' }).finalResponse().catch((e: unknown) => e as any);
      expect(final.status).toBe('failed');
      const r = await postRaw(proxy.url, '/v1/responses', { model: 'any', input: 'hi', stream: true });
      const last = checkResponsesStream(r.events);
      expect(r.events.at(-1)!.data.type).toBe('response.failed');
      expect(last.output).toEqual([]);
    });
  });
}

describe('Responses pipeline', () => {
  it('previous_response_id: a stored response is expanded; an unknown aimux id is a 400 in the OpenAI shape', async () => {
    const { openai, upstream } = await start('openai', (_req, res) => sse(res, answers.text('openai')));
    const first = await openai.responses.create({ model: 'any', input: 'first', instructions: 'sys' });
    const second = await openai.responses.create({ model: 'any', input: 'second', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(upstream.requests[1]!.json.messages).toEqual([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'Hi there' },
      { role: 'user', content: 'second' },
    ]);
    const err = await openai.responses.create({ model: 'any', input: 'x', previous_response_id: 'resp_aimux_nope' }).catch((e: unknown) => e as any);
    expect(err.status).toBe(400);
    expect(err.error).toMatchObject({ type: 'invalid_request_error', code: 'bad_request', message: expect.stringContaining('resp_aimux_nope') });
    expect(upstream.requests).toHaveLength(2);
  });

  it('a namespaced tool call comes back with its declared name and namespace', async () => {
    const ns = { type: 'namespace', name: 'agents', description: 'Sub-agents', tools: [{ type: 'function', name: 'spawn', parameters: { type: 'object', properties: {} } }] };
    const { proxy, upstream } = await start('anthropic', (_req, res) => sse(res, answers.calls('anthropic', [{ id: 'toolu_1', name: 'agents__spawn', args: '{"task":"x"}' }])));
    const r = await postRaw(proxy.url, '/v1/responses', { model: 'any', input: 'go', tools: [ns], stream: true });
    expect(upstream.requests[0]!.json.tools.map((t: any) => t.name)).toEqual(['agents__spawn']);
    expect(checkResponsesStream(r.events).output).toEqual([expect.objectContaining({ type: 'function_call', name: 'spawn', namespace: 'agents', call_id: 'toolu_1' })]);
  });

  it('an upstream that never sends its first byte is bounded by the first-byte timeout', async () => {
    const { proxy } = await start('openai', () => undefined, { provider: { timeouts: { firstByteMs: 300 } } });
    const r = await postRaw(proxy.url, '/v1/responses', { model: 'any', input: 'hi', stream: true });
    expect(r.status).toBe(504);
    expect(JSON.parse(r.text).error.code).toBe('upstream_first_byte_timeout');
  });

  it('a classification and session affinity read the Responses body (prompt_cache_key, images, reasoning)', async () => {
    const { proxy } = await start('openai', (_req, res) => sse(res, answers.text('openai')));
    await postRaw(proxy.url, '/v1/responses', { model: 'any', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,AAAA' }] }], prompt_cache_key: 'thread-1', reasoning: { effort: 'high' } });
    const finished = proxy.events.filter((e) => e.type === 'request.finished');
    expect(finished.at(-1)).toMatchObject({ clientProtocol: 'responses', status: 200, inputTokens: 20, outputTokens: 4 });
  });
});
