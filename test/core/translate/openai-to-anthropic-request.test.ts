import { describe, expect, it } from 'vitest';
import type { AnthropicMessagesRequest } from '../../../electron/core/protocol/anthropic';
import type { OpenAIChatRequest } from '../../../electron/core/protocol/openai';
import { openAIToAnthropicRequest, type TranslationNote } from '../../../electron/core/translate';
import { anthropicTarget, caught, openAITarget } from './targets';

const base = (over: Partial<OpenAIChatRequest> = {}): OpenAIChatRequest => ({
  model: 'gpt-5',
  max_tokens: 1000,
  messages: [{ role: 'user', content: 'hi' }],
  ...over,
});

interface Case {
  name: string;
  req: OpenAIChatRequest;
  body: Partial<AnthropicMessagesRequest>;
  notes?: TranslationNote[];
}

const cases: Case[] = [
  {
    name: 'leading system and developer messages → system blocks',
    req: base({
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'developer', content: [{ type: 'text', text: 'use tools' }] },
        { role: 'user', content: 'hi' },
      ],
    }),
    body: {
      model: 'claude-sonnet-5',
      max_tokens: 1000,
      system: [
        { type: 'text', text: 'be brief' },
        { type: 'text', text: 'use tools' },
      ],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    },
  },
  {
    name: 'a system message mid-conversation becomes user text in place (note)',
    req: base({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'system', content: 'now be formal' },
        { role: 'user', content: 'c' },
      ],
    }),
    body: {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'a' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'b' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system>\nnow be formal\n</system>' },
            { type: 'text', text: 'c' },
          ],
        },
      ],
    },
    notes: [{ code: 'system_message_converted', detail: 'messages[2] (system) sent as user text' }],
  },
  {
    name: 'max_completion_tokens wins over max_tokens; sampling; stop string; user',
    req: base({ max_completion_tokens: 2000, temperature: 0.5, top_p: 0.8, stop: 'END', user: 'u-1', stream: true, stream_options: { include_usage: true } }),
    body: { max_tokens: 2000, temperature: 0.5, top_p: 0.8, stop_sequences: ['END'], metadata: { user_id: 'u-1' }, stream: true },
  },
  {
    name: 'stop array; safety_identifier → metadata.user_id',
    req: base({ stop: ['a', 'b'], safety_identifier: 'safe-1' }),
    body: { stop_sequences: ['a', 'b'], metadata: { user_id: 'safe-1' } },
  },
  {
    name: 'images: data URI → base64 source, https → url source',
    req: base({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            { type: 'image_url', image_url: { url: 'https://example.com/x.webp', detail: 'auto' } },
          ],
        },
      ],
    }),
    body: {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/x.webp' } },
          ],
        },
      ],
    },
  },
  {
    name: 'a PDF file part → document',
    req: base({ messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBE' } }] }] }),
    body: {
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' }, title: 'a.pdf' }] }],
    },
  },
  {
    name: 'a tool loop: tool_calls → tool_use, tool messages → tool_results in one user turn, then the user text',
    req: base({
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'get', arguments: '{"city":"Oslo"}' } },
            { id: 'c2', type: 'function', function: { name: 'get', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'cold' },
        { role: 'tool', tool_call_id: 'c2', content: [{ type: 'text', text: 'warm' }] },
        { role: 'user', content: 'thanks' },
      ],
    }),
    body: {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'c1', name: 'get', input: { city: 'Oslo' } },
            { type: 'tool_use', id: 'c2', name: 'get', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'c1', content: 'cold' },
            { type: 'tool_result', tool_use_id: 'c2', content: 'warm' },
            { type: 'text', text: 'thanks' },
          ],
        },
      ],
    },
  },
  {
    name: 'earlier reasoning is dropped (it has no signature); refusal parts become text; empty text skipped',
    req: base({
      messages: [
        { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }], reasoning_content: 'thought' },
        { role: 'user', content: 'q2' },
      ],
    }),
    body: {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'no' }] },
        { role: 'user', content: [{ type: 'text', text: 'q2' }] },
      ],
    },
    notes: [{ code: 'thinking_history_dropped', detail: 'reasoning of 1 earlier assistant message(s) not sent (it carries no Anthropic signature)' }],
  },
  {
    name: 'no output limit: the documented default, with a note',
    req: base({ max_tokens: undefined }),
    body: { max_tokens: 8192 },
    notes: [{ code: 'max_tokens_defaulted', detail: 'no max_tokens/max_completion_tokens: max_tokens=8192' }],
  },
  {
    name: 'response_format json_schema → output_config.format; text → nothing',
    req: base({
      response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema: { type: 'object', properties: {} } } },
    }),
    body: { output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: {} } } } },
  },
  {
    name: 'parameters without an Anthropic equivalent are dropped with one note',
    req: base({ seed: 1, presence_penalty: 0.5, frequency_penalty: 0.1, logit_bias: { '1': 2 }, store: true, metadata: { a: 'b' } }),
    body: { max_tokens: 1000 },
    notes: [
      { code: 'param_dropped', detail: 'not sent to anthropic: seed, frequency_penalty, presence_penalty, logit_bias, metadata, store' },
    ],
  },
];

describe('openAIToAnthropicRequest: messages and parameters', () => {
  it.each(cases)('$name', ({ req, body, notes }) => {
    const out = openAIToAnthropicRequest(req, anthropicTarget());
    expect(out.body).toMatchObject(body);
    if (body.messages !== undefined) expect(out.body.messages).toEqual(body.messages);
    expect(out.notes).toEqual(notes ?? []);
  });

  it('produces exactly the expected whole object for a simple request', () => {
    expect(openAIToAnthropicRequest(base({ messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'hi' }], stream: false }), anthropicTarget())).toEqual({
      body: {
        model: 'claude-sonnet-5',
        max_tokens: 1000,
        system: [{ type: 'text', text: 'S' }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
        stream: false,
      },
      notes: [],
    });
  });
});

describe('openAIToAnthropicRequest: tools', () => {
  const tools: OpenAIChatRequest['tools'] = [
    { type: 'function', function: { name: 'get', description: 'fetch', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } },
    { type: 'function', function: { name: 'ping' } },
  ];

  it('function tools → custom tools (missing parameters → empty object schema)', () => {
    expect(openAIToAnthropicRequest(base({ tools }), anthropicTarget()).body.tools).toEqual([
      { name: 'get', description: 'fetch', input_schema: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
      { name: 'ping', input_schema: { type: 'object', properties: {} } },
    ]);
  });

  it.each([
    ['auto', undefined, { type: 'auto' }],
    ['required', undefined, { type: 'any' }],
    ['none', undefined, { type: 'none' }],
    [{ type: 'function', function: { name: 'get' } }, undefined, { type: 'tool', name: 'get' }],
    [undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
    ['required', false, { type: 'any', disable_parallel_tool_use: true }],
    ['none', false, { type: 'none' }],
    [undefined, true, undefined],
  ] as const)('tool_choice %j with parallel_tool_calls %s → %j', (choice, parallel, expected) => {
    const req = base({ tools, ...(choice === undefined ? {} : { tool_choice: choice }), ...(parallel === undefined ? {} : { parallel_tool_calls: parallel }) });
    expect(openAIToAnthropicRequest(req, anthropicTarget()).body.tool_choice).toEqual(expected);
  });
});

describe('openAIToAnthropicRequest: reasoning_effort → thinking', () => {
  it.each([
    ['minimal', 1024],
    ['low', 2048],
    ['medium', 8192],
    ['high', 24576],
    ['xhigh', 32768],
    ['max', 49152],
  ] as const)('%s → budget_tokens %i (limit large enough)', (effort, budget) => {
    const out = openAIToAnthropicRequest(base({ max_completion_tokens: 200_000, reasoning_effort: effort }), anthropicTarget());
    expect(out.body.thinking).toEqual({ type: 'enabled', budget_tokens: budget });
    expect(out.body.max_tokens).toBe(200_000);
    expect(out.notes).toEqual([{ code: 'thinking_mapped', detail: `reasoning_effort=${effort} → thinking.budget_tokens=${budget}` }]);
  });

  it('budget is capped at half the client limit, which is never changed', () => {
    const out = openAIToAnthropicRequest(base({ max_tokens: 10_000, reasoning_effort: 'high' }), anthropicTarget());
    expect(out.body.thinking).toEqual({ type: 'enabled', budget_tokens: 5000 });
    expect(out.body.max_tokens).toBe(10_000);
  });

  it('a limit too small for 1024 thinking tokens drops thinking (note)', () => {
    const out = openAIToAnthropicRequest(base({ max_tokens: 2000, reasoning_effort: 'low' }), anthropicTarget());
    expect(out.body).not.toHaveProperty('thinking');
    expect(out.notes).toEqual([
      { code: 'thinking_dropped', detail: 'reasoning_effort=low not sent: max_tokens=2000 leaves no room for a 1024-token thinking budget' },
    ]);
  });

  it('no limit: max_tokens = default + budget', () => {
    const out = openAIToAnthropicRequest(base({ max_tokens: undefined, reasoning_effort: 'medium' }), anthropicTarget());
    expect(out.body.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(out.body.max_tokens).toBe(16_384);
    expect(out.notes.map((n) => n.code)).toEqual(['thinking_mapped', 'max_tokens_defaulted']);
  });

  it('none → no thinking', () => {
    expect(openAIToAnthropicRequest(base({ reasoning_effort: 'none' }), anthropicTarget()).body).not.toHaveProperty('thinking');
  });

  it('a target without thinking: dropped (note)', () => {
    const out = openAIToAnthropicRequest(base({ reasoning_effort: 'high' }), openAITarget({ providerId: 'kimi', thinking: false }));
    expect(out.body).not.toHaveProperty('thinking');
    expect(out.notes).toEqual([{ code: 'thinking_dropped', detail: 'reasoning_effort=high not sent: kimi takes no thinking' }]);
  });

  it('forced tool use wins over thinking (Anthropic rejects the pair)', () => {
    const out = openAIToAnthropicRequest(
      base({ reasoning_effort: 'high', tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'required' }),
      anthropicTarget(),
    );
    expect(out.body).not.toHaveProperty('thinking');
    expect(out.body.tool_choice).toEqual({ type: 'any' });
    expect(out.notes.map((n) => n.code)).toEqual(['thinking_dropped']);
  });

  it('temperature and a low top_p are not sent with thinking (note)', () => {
    const out = openAIToAnthropicRequest(base({ max_tokens: 50_000, reasoning_effort: 'low', temperature: 0.2, top_p: 0.5 }), anthropicTarget());
    expect(out.body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(out.body).not.toHaveProperty('temperature');
    expect(out.body).not.toHaveProperty('top_p');
    expect(out.notes).toContainEqual({
      code: 'param_dropped',
      detail: 'temperature (Anthropic requires 1 with thinking); top_p (Anthropic requires ≥ 0.95 with thinking)',
    });
  });

  it('inside a tool loop thinking is off for the turn (the history has no signed thinking)', () => {
    const out = openAIToAnthropicRequest(
      base({
        max_tokens: 50_000,
        reasoning_effort: 'high',
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: null, reasoning_content: 'plan', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c', content: 'done' },
        ],
      }),
      anthropicTarget(),
    );
    expect(out.body).not.toHaveProperty('thinking');
    expect(out.notes.map((n) => n.code)).toEqual(['thinking_history_dropped', 'thinking_disabled_for_turn']);
  });
});

describe('openAIToAnthropicRequest: unsupported and malformed input', () => {
  it.each([
    ['n > 1', { n: 2 }, 'TRANSLATION_UNSUPPORTED', 'n: only one choice (n = 1) is supported by Anthropic'],
    ['logprobs', { logprobs: true }, 'TRANSLATION_UNSUPPORTED', 'logprobs: Anthropic returns no log probabilities'],
    ['temperature above 1', { temperature: 1.5 }, 'TRANSLATION_UNSUPPORTED', "temperature: 1.5 is outside Anthropic's range 0..1"],
    ['json_object', { response_format: { type: 'json_object' } }, 'TRANSLATION_UNSUPPORTED', 'response_format.type: "json_object" has no Anthropic equivalent; use json_schema'],
    ['audio output', { modalities: ['text', 'audio'] }, 'TRANSLATION_UNSUPPORTED', 'modalities: audio output'],
    [
      'audio input',
      { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] },
      'TRANSLATION_UNSUPPORTED',
      'messages[0].content[0].type: audio input is not supported by Anthropic',
    ],
    [
      'an svg image',
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/svg+xml;base64,PHN2Zz4=' } }] }] },
      'TRANSLATION_UNSUPPORTED',
      'messages[0].content[0].image_url.url: image type "image/svg+xml" is not accepted by Anthropic (jpeg, png, gif, webp)',
    ],
    [
      'custom tools',
      { tools: [{ type: 'custom', custom: { name: 'x' } }] },
      'TRANSLATION_UNSUPPORTED',
      'tools[0].type: "custom" tools',
    ],
    [
      'broken tool call arguments',
      { messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }] },
      'BAD_REQUEST',
      'messages[0].tool_calls[0].function.arguments: tool call arguments are not valid JSON',
    ],
    [
      'arguments that are not an object',
      { messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] },
      'BAD_REQUEST',
      'messages[0].tool_calls[0].function.arguments: tool call arguments must be a JSON object',
    ],
    ['function role', { messages: [{ role: 'function', name: 'f', content: 'x' }] }, 'TRANSLATION_UNSUPPORTED', 'messages[0].role: the deprecated "function" role is not translated; use tools'],
    ['bad max_tokens', { max_tokens: 0 }, 'BAD_REQUEST', 'max_tokens: expected a positive integer'],
  ])('%s', (_name, over, code, message) => {
    const e = caught(() => openAIToAnthropicRequest({ ...base(), ...over } as OpenAIChatRequest, anthropicTarget()));
    expect([e.code, e.message]).toEqual([code, message]);
  });
});
