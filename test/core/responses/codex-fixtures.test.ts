/**
 * Every recorded Codex CLI request (../shared/fixtures/codex/) through the real proxy to a Chat-shaped and
 * an Anthropic-shaped loopback upstream: what reaches each upstream passes a strict check, and what
 * Codex gets back follows the Responses event grammar.
 */
import { describe, expect, it } from 'vitest';
import { sse } from '../../support/fake-upstream';
import { an, oa, postRaw, useRig } from '../translation-e2e/helpers';
import { checkAnthropicRequest, checkChatRequest, checkResponsesStream, codexRequests } from './helpers';

const start = useRig();
const fixtures = codexRequests();

const chatAnswer = [oa.chunk({ role: 'assistant', content: '' }), oa.chunk({ content: 'Hello' }), oa.chunk({}, 'stop'), oa.usage({ prompt_tokens: 9000, completion_tokens: 3, total_tokens: 9003, prompt_tokens_details: { cached_tokens: 8000 } }), oa.DONE];
const anthropicAnswer = [an.start({ input_tokens: 1000, cache_read_input_tokens: 8000, output_tokens: 1 }), an.blockStart(0, { type: 'text', text: '' }), an.text(0, 'Hello'), an.blockStop(0), ...an.end('end_turn', { output_tokens: 3 })];

const byName = (name: string) => fixtures.find((f) => f.name === name)!.body;
const toolNames = (body: any, shape: 'openai' | 'anthropic'): string[] => (body.tools ?? []).map((t: any) => (shape === 'openai' ? t.function.name : t.name));

describe('recorded Codex requests through aimux', () => {
  it('finds the recordings', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(13);
  });

  for (const shape of ['openai', 'anthropic'] as const) {
    describe(`to a ${shape === 'openai' ? 'Chat Completions' : 'Anthropic Messages'} upstream`, () => {
      for (const f of fixtures) {
        it(f.name, async () => {
          const { proxy, upstream } = await start(shape, (_req, res) => sse(res, shape === 'openai' ? chatAnswer : anthropicAnswer));
          const r = await postRaw(proxy.url, '/v1/responses', f.body);
          expect(r.status, r.text).toBe(200);
          expect(upstream.requests).toHaveLength(1);
          const sent = upstream.requests[0]!;
          expect(sent.url).toBe(shape === 'openai' ? '/v1/chat/completions' : '/v1/messages');
          if (shape === 'openai') checkChatRequest(sent.json);
          else checkAnthropicRequest(sent.json);
          expect(sent.json.stream).toBe(true);
          const final = checkResponsesStream(r.events);
          expect(final.status).toBe('completed');
          expect(final.output).toEqual([expect.objectContaining({ type: 'message', content: [expect.objectContaining({ text: 'Hello' })] })]);
          expect(final.usage).toEqual({ input_tokens: 9000, input_tokens_details: { cached_tokens: 8000 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 9003 });
          expect(r.headers.get('x-aimux-class')).toBeTruthy();
          // Hosted tools Codex offers are left out, and the header says so.
          const hosted = (f.body.tools ?? []).some((t: any) => t.type === 'web_search' || t.type === 'tool_search');
          expect((r.headers.get('x-aimux-notes') ?? '').includes('tools_omitted')).toBe(hosted);
          // Codex's developer prompt is the first system content, in order.
          const firstDev = f.body.input.find((i: any) => i.type === 'message' && i.role === 'developer').content[0].text;
          if (shape === 'openai') expect(sent.json.messages[0]).toEqual({ role: 'system', content: firstDev });
          else expect(sent.json.system[0]).toEqual({ type: 'text', text: firstDev });
        });
      }

      it('plain function tools and the namespace tool, flattened; the custom apply_patch tool with its grammar', async () => {
        const { proxy, upstream } = await start(shape, (_req, res) => sse(res, shape === 'openai' ? chatAnswer : anthropicAnswer));
        await postRaw(proxy.url, '/v1/responses', byName('exec-text.request.json'));
        await postRaw(proxy.url, '/v1/responses', byName('exec-patch-gpt-5.5.1-request.json'));
        expect(toolNames(upstream.requests[0]!.json, shape)).toEqual([
          'exec_command', 'write_stdin', 'request_user_input', 'view_image',
          'multi_agent_v1__close_agent', 'multi_agent_v1__resume_agent', 'multi_agent_v1__send_input', 'multi_agent_v1__spawn_agent', 'multi_agent_v1__wait_agent',
          'get_goal', 'create_goal', 'update_goal',
        ]);
        const patch = upstream.requests[1]!.json.tools.map((t: any) => (shape === 'openai' ? t.function : { ...t, parameters: t.input_schema })).find((t: any) => t.name === 'apply_patch');
        expect(patch.parameters).toEqual({ type: 'object', properties: { input: { type: 'string', description: expect.any(String) } }, required: ['input'], additionalProperties: false });
        expect(patch.description).toContain('FREEFORM');
        expect(patch.description).toContain('lark grammar:\nstart: begin_patch hunk+ end_patch');
      });

      it('a tool loop: the call, then its output right after it; parallel calls: both calls, then both outputs', async () => {
        const { proxy, upstream } = await start(shape, (_req, res) => sse(res, shape === 'openai' ? chatAnswer : anthropicAnswer));
        await postRaw(proxy.url, '/v1/responses', byName('exec-tool.2-followup-function_call_output.json'));
        await postRaw(proxy.url, '/v1/responses', byName('exec-tool-parallel.2-followup-two-outputs.json'));
        const [one, two] = upstream.requests.map((r) => r.json);
        if (shape === 'openai') {
          expect(one.messages.slice(-2)).toEqual([
            { role: 'assistant', content: 'Let me run that.', tool_calls: [{ id: 'call_mock000003mwsmi287', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"echo hi"}' } }] },
            { role: 'tool', tool_call_id: 'call_mock000003mwsmi287', content: expect.stringContaining('Output:\nhi') },
          ]);
          expect(two.messages.slice(-3).map((m: any) => [m.role, m.tool_call_id ?? m.tool_calls?.map((c: any) => c.id)])).toEqual([
            ['assistant', ['call_mock000003mwsmi5bk', 'call_mock000005mwsmi5bk']],
            ['tool', 'call_mock000003mwsmi5bk'],
            ['tool', 'call_mock000005mwsmi5bk'],
          ]);
        } else {
          expect(one.messages.slice(-2)).toEqual([
            { role: 'assistant', content: [{ type: 'text', text: 'Let me run that.' }, { type: 'tool_use', id: 'call_mock000003mwsmi287', name: 'exec_command', input: { cmd: 'echo hi' } }] },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_mock000003mwsmi287', content: expect.stringContaining('Output:\nhi') }] },
          ]);
          expect(two.messages.at(-1).content.map((b: any) => [b.type, b.tool_use_id])).toEqual([
            ['tool_result', 'call_mock000003mwsmi5bk'],
            ['tool_result', 'call_mock000005mwsmi5bk'],
          ]);
        }
      });

      it('the custom tool round trip: custom_tool_call → a call with {"input"}, custom_tool_call_output → its result', async () => {
        const { proxy, upstream } = await start(shape, (_req, res) => sse(res, shape === 'openai' ? chatAnswer : anthropicAnswer));
        await postRaw(proxy.url, '/v1/responses', byName('exec-patch-gpt-5.5.2-followup-custom_tool_call_output.json'));
        const body = upstream.requests[0]!.json;
        const patch = '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n';
        if (shape === 'openai') {
          expect(body.messages.at(-2).tool_calls).toEqual([{ id: 'call_mock000003mwsmi2xw', type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) } }]);
          expect(body.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_mock000003mwsmi2xw', content: expect.stringContaining('A hello.txt') });
        } else {
          expect(body.messages.at(-2).content.at(-1)).toEqual({ type: 'tool_use', id: 'call_mock000003mwsmi2xw', name: 'apply_patch', input: { input: patch } });
          expect(body.messages.at(-1).content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'call_mock000003mwsmi2xw' });
        }
      });

      it("another server's reasoning item is dropped, never forwarded raw", async () => {
        const { proxy, upstream } = await start(shape, (_req, res) => sse(res, shape === 'openai' ? chatAnswer : anthropicAnswer));
        const r = await postRaw(proxy.url, '/v1/responses', byName('exec-tool-reasoning.2-followup-reasoning-echo.json'));
        expect(upstream.requests[0]!.raw.includes('bW9jay1lbmNyeXB0ZWQtcmVhc29uaW5n')).toBe(false);
        expect(upstream.requests[0]!.raw.includes('The mock thinks.')).toBe(false);
        expect(r.headers.get('x-aimux-notes')).toContain('thinking_history_dropped');
      });

      it('compaction (tools: [] with tool_choice auto): no tools, no tool_choice, no parallel_tool_calls', async () => {
        const { proxy, upstream } = await start(shape, (_req, res) => sse(res, shape === 'openai' ? chatAnswer : anthropicAnswer));
        await postRaw(proxy.url, '/v1/responses', byName('compaction.2-compaction.request.json'));
        const body = upstream.requests[0]!.json;
        expect(body.tools).toBeUndefined();
        expect(body.tool_choice).toBeUndefined();
        expect(body.parallel_tool_calls).toBeUndefined();
      });

      it('no model configured: the tools of the additional_tools item are sent, namespaced ones flattened', async () => {
        const { proxy, upstream } = await start(shape, (_req, res) => sse(res, shape === 'openai' ? chatAnswer : anthropicAnswer));
        await postRaw(proxy.url, '/v1/responses', byName('exec-default-model.request.json'));
        const names = toolNames(upstream.requests[0]!.json, shape);
        expect(names).toContain('functions__exec');
        expect(names).toContain('collaboration__spawn_agent');
        expect(names).toContain('clock__sleep');
      });

      it('text.format json_schema → the structured-output field of the target, named in the notes', async () => {
        const { proxy, upstream } = await start(shape, (_req, res) => sse(res, shape === 'openai' ? chatAnswer : anthropicAnswer));
        const r = await postRaw(proxy.url, '/v1/responses', byName('exec-output-schema.request.json'));
        const schema = { type: 'object', properties: { greeting: { type: 'string' } }, required: ['greeting'], additionalProperties: false };
        const body = upstream.requests[0]!.json;
        if (shape === 'openai') expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'codex_output_schema', schema, strict: true } });
        else expect(body.output_config).toEqual({ format: { type: 'json_schema', schema } });
        expect(r.headers.get('x-aimux-notes')).toContain('text_format_mapped');
      });
    });
  }
});
