/**
 * Thinking in the conversation history when a session moves between providers. Blocks aimux minted
 * (signature `aimux:v1:<provider>`) can never verify at an Anthropic endpoint: they are removed before the
 * request goes there, also on the same-protocol passthrough path, and `x-aimux-notes` says so. Providers
 * that want their reasoning echoed get it back from the thinking blocks.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { anthropicMessage, json, sse, startFakeUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { an, anthropicClient, oa, useCleanup, useRig } from './helpers';

const start = useRig();
const track = useCleanup();

const bash = { name: 'Bash', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } } } };
const REAL_SIGNATURE = 'EqQBCkgIARABGAIiQLx0Yg8rYk5hc2lnbmF0dXJl';

describe('Anthropic client → anthropic provider (passthrough) with aimux-signed thinking in the history', () => {
  it('the block signed aimux:v1:<other> is removed, real-signed and redacted blocks are kept, x-aimux-notes says so', async () => {
    const { anthropic, upstream } = await start('anthropic', (_req, res) => json(res, 200, anthropicMessage('ok', { model: 'up-model' })));
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'first' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'thoughts from an OpenAI-protocol provider', signature: 'aimux:v1:other' },
          { type: 'text', text: 'Answer one.' },
        ],
      },
      { role: 'user', content: 'second' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'real thoughts', signature: REAL_SIGNATURE },
          { type: 'redacted_thinking', data: 'ZW5jcnlwdGVk' },
          { type: 'text', text: 'Answer two.' },
        ],
      },
      { role: 'user', content: 'third' },
    ];
    const { data, response } = await anthropic.messages.create({ model: 'x', max_tokens: 50, messages }).withResponse();
    expect(data.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(response.headers.get('x-aimux-notes')).toBe('thinking_signature_dropped');
    expect(upstream.requests[0]!.json).toEqual({
      model: 'up-model',
      max_tokens: 50,
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: [{ type: 'text', text: 'Answer one.' }] },
        { role: 'user', content: 'second' },
        messages[3],
        { role: 'user', content: 'third' },
      ],
      stream: true,
    });
    expect(upstream.requests[0]!.raw.toString()).not.toContain('aimux:v1:');
  });

  it('without the marker the body goes through byte for byte (only the model rewritten, and a stream asked for) and there are no notes', async () => {
    const { proxy, upstream } = await start('anthropic', (_req, res) => json(res, 200, anthropicMessage('ok', { model: 'up-model' })));
    const body = `{"model":"x","max_tokens":50,"messages":[{"role":"user","content":"q"},{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"${REAL_SIGNATURE}"},{"type":"text","text":"a"}]},{"role":"user","content":"q2"}]}`;
    const res = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-aimux-notes')).toBeNull();
    expect(upstream.requests[0]!.raw.toString()).toBe(body.replace('{"model":"x"', '{"stream":true,"model":"up-model"'));
  });

  it('inside a tool loop with thinking on, the dropped block leaves the turn without thinking: `thinking` is off for this request (streaming)', async () => {
    const { anthropic, upstream } = await start('anthropic', (_req, res) =>
      sse(res, [an.start(), an.blockStart(0, { type: 'text', text: '' }), an.text(0, 'Done.'), an.blockStop(0), ...an.end('end_turn')]),
    );
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'list files' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I should run ls', signature: 'aimux:v1:ds' },
          { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'a.ts' }] },
    ];
    const { data: stream, response } = await anthropic.messages
      .create({ model: 'x', max_tokens: 4096, stream: true, thinking: { type: 'enabled', budget_tokens: 2048 }, tools: [bash], messages })
      .withResponse();
    const events: string[] = [];
    for await (const e of stream) events.push(e.type);
    expect(events.at(-1)).toBe('message_stop');
    expect(response.headers.get('x-aimux-notes')).toBe('thinking_signature_dropped, thinking_disabled_for_turn');
    expect(upstream.requests[0]!.json).toEqual({
      model: 'up-model',
      max_tokens: 4096,
      stream: true,
      tools: [bash],
      messages: [
        { role: 'user', content: 'list files' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'a.ts' }] },
      ],
    });
  });
});

describe('a session moving between an OpenAI-protocol provider and an Anthropic one', () => {
  it('ds (reasoning, echo quirk) → claude (aimux thinking dropped) → ds (reasoning echoed back)', async () => {
    const ds = track(
      await startFakeUpstream((_req, res, n) =>
        n === 1
          ? sse(res, [oa.chunk({ role: 'assistant', content: '' }), oa.chunk({ reasoning_content: 'ds thoughts' }), oa.chunk({ content: 'Answer one.' }), oa.chunk({}, 'stop'), oa.DONE])
          : json(res, 200, oa.completion({ content: 'Answer three.', reasoning_content: 'more ds thoughts' }, 'stop', { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 })),
      ),
    );
    const claude = track(
      await startFakeUpstream((_req, res) =>
        json(res, 200, an.message([{ type: 'thinking', thinking: 'claude thoughts', signature: REAL_SIGNATURE }, { type: 'text', text: 'Answer two.' }], 'end_turn', { input_tokens: 5, output_tokens: 5 })),
      ),
    );
    const proxy = track(
      await startProxy({
        providers: [
          { id: 'ds', protocol: 'openai', baseUrl: `${ds.url}/v1`, apiKeys: ['test-ds-key-000001'], models: ['ds-chat'], quirks: { echoReasoning: true } },
          { id: 'claude', protocol: 'anthropic', baseUrl: claude.url, apiKeys: ['test-claude-key-0001'], models: ['claude-up'] },
        ],
        routing: { default: ['ds/ds-chat'] },
      }),
    );
    const client = anthropicClient(proxy.url);
    const history: Anthropic.MessageParam[] = [{ role: 'user', content: 'one' }];

    const one = await client.messages.stream({ model: 'ds/ds-chat', max_tokens: 100, messages: history }).finalMessage();
    expect(one.content).toEqual([
      { type: 'thinking', thinking: 'ds thoughts', signature: 'aimux:v1:ds' },
      { type: 'text', text: 'Answer one.' },
    ]);
    history.push({ role: 'assistant', content: one.content }, { role: 'user', content: 'two' });

    const two = await client.messages.create({ model: 'claude/claude-up', max_tokens: 100, messages: history }).withResponse();
    expect(two.response.headers.get('x-aimux-provider')).toBe('claude');
    expect(two.response.headers.get('x-aimux-notes')).toBe('thinking_signature_dropped');
    expect(claude.requests[0]!.json.messages).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: [{ type: 'text', text: 'Answer one.' }] },
      { role: 'user', content: 'two' },
    ]);
    history.push({ role: 'assistant', content: two.data.content }, { role: 'user', content: 'three' });

    const three = await client.messages.create({ model: 'ds/ds-chat', max_tokens: 100, messages: history }).withResponse();
    expect(three.response.headers.get('x-aimux-provider')).toBe('ds');
    expect(three.response.headers.get('x-aimux-notes')).toBeNull();
    expect(three.data.content).toEqual([
      { type: 'thinking', thinking: 'more ds thoughts', signature: 'aimux:v1:ds' },
      { type: 'text', text: 'Answer three.' },
    ]);
    expect(ds.requests[1]!.json.messages).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'Answer one.', reasoning_content: 'ds thoughts' },
      { role: 'user', content: 'two' },
      { role: 'assistant', content: 'Answer two.', reasoning_content: 'claude thoughts' },
      { role: 'user', content: 'three' },
    ]);
  });

  it('an OpenAI-protocol provider without the echo quirk gets no thinking history, and x-aimux-notes says so', async () => {
    const { anthropic, upstream } = await start('openai', (_req, res) => json(res, 200, oa.completion({ content: 'ok' }, 'stop', { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 })));
    const { response } = await anthropic.messages
      .create({
        model: 'x',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'hidden', signature: 'aimux:v1:up' }, { type: 'text', text: 'a' }] },
          { role: 'user', content: 'q2' },
        ],
      })
      .withResponse();
    expect(response.headers.get('x-aimux-notes')).toBe('thinking_history_dropped');
    expect(upstream.requests[0]!.json.messages).toEqual([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a' },
      { role: 'user', content: 'q2' },
    ]);
  });

  it('OpenAI client: reasoning_content in the history is not sent to an Anthropic provider (it has no signature), visibly', async () => {
    const { openai, upstream } = await start('anthropic', (_req, res) => json(res, 200, an.message([{ type: 'text', text: 'ok' }], 'end_turn', { input_tokens: 1, output_tokens: 1 })));
    const { response } = await openai.chat.completions
      .create({
        model: 'x',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a', reasoning_content: 'hidden' } as never,
          { role: 'user', content: 'q2' },
        ],
      })
      .withResponse();
    expect(response.headers.get('x-aimux-notes')).toBe('thinking_history_dropped');
    expect(upstream.requests[0]!.json.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
      { role: 'user', content: [{ type: 'text', text: 'q2' }] },
    ]);
  });
});
