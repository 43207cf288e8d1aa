import { describe, expect, it } from 'vitest';
import type { AnthropicMessagesRequest } from '../../../electron/core/protocol/anthropic';
import type { OpenAIChatRequest } from '../../../electron/core/protocol/openai';
import { anthropicToOpenAIRequest, type TranslationNote } from '../../../electron/core/translate';
import { caught, openAITarget } from './targets';

const base = (over: Partial<AnthropicMessagesRequest> = {}): AnthropicMessagesRequest => ({
  model: 'claude-sonnet-5',
  max_tokens: 1000,
  messages: [{ role: 'user', content: 'hi' }],
  ...over,
});

const PNG = 'iVBORw0KGgo=';

interface Case {
  name: string;
  req: AnthropicMessagesRequest;
  target?: ReturnType<typeof openAITarget>;
  body: Partial<OpenAIChatRequest>;
  notes?: TranslationNote[];
}

const cases: Case[] = [
  {
    name: 'system string and a user string',
    req: base({ system: 'be brief' }),
    body: { model: 'deepseek-chat', max_tokens: 1000, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }] },
  },
  {
    name: 'system text blocks joined with a blank line, cache_control dropped',
    req: base({ system: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b', cache_control: { type: 'ephemeral' } }] }),
    body: { messages: [{ role: 'system', content: 'a\n\nb' }, { role: 'user', content: 'hi' }] },
  },
  {
    name: 'max_tokens goes to the preset field (max_completion_tokens)',
    req: base(),
    target: openAITarget({ maxTokensField: 'max_completion_tokens', model: 'gpt-5' }),
    body: { model: 'gpt-5', max_completion_tokens: 1000, messages: [{ role: 'user', content: 'hi' }] },
  },
  {
    name: 'sampling, stop_sequences → stop, metadata.user_id → user, stream → include_usage',
    req: base({ temperature: 0.3, top_p: 0.9, stop_sequences: ['END', '###'], metadata: { user_id: 'u-1' }, stream: true }),
    body: {
      temperature: 0.3,
      top_p: 0.9,
      stop: ['END', '###'],
      user: 'u-1',
      stream: true,
      stream_options: { include_usage: true },
    },
  },
  {
    name: 'stream false stays false, without stream_options',
    req: base({ stream: false }),
    body: { stream: false },
  },
  {
    name: 'top_k has no OpenAI equivalent: dropped with a note',
    req: base({ top_k: 40 }),
    body: { messages: [{ role: 'user', content: 'hi' }] },
    notes: [{ code: 'param_dropped', detail: 'not sent to deepseek: top_k' }],
  },
  {
    name: 'system messages inside messages stay in place, also last; string or blocks',
    req: base({
      system: 'S',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'reminder' }, { type: 'text', text: 'question', cache_control: { type: 'ephemeral' } }] },
        { role: 'system', content: [{ type: 'text', text: 'env', cache_control: { type: 'ephemeral' } }] },
        { role: 'assistant', content: 'answer' },
        { role: 'system', content: 'The user sent a new message while you were working: stop' },
      ],
    }),
    body: {
      messages: [
        { role: 'system', content: 'S' },
        { role: 'user', content: [{ type: 'text', text: 'reminder' }, { type: 'text', text: 'question' }] },
        { role: 'system', content: 'env' },
        { role: 'assistant', content: 'answer' },
        { role: 'system', content: 'The user sent a new message while you were working: stop' },
      ],
    },
  },
  {
    name: 'images: base64 → data URI, url → url',
    req: base({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'compare' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
          ],
        },
      ],
    }),
    body: {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'compare' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
          ],
        },
      ],
    },
  },
  {
    name: 'no vision: each image becomes a placeholder, with a note',
    req: base({
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }, { type: 'text', text: 'what is it?' }] },
      ],
    }),
    target: openAITarget({ providerId: 'groq', vision: false }),
    body: {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '[image omitted: groq does not accept images]' },
            { type: 'text', text: 'what is it?' },
          ],
        },
      ],
    },
    notes: [{ code: 'images_omitted', detail: '1 image(s) replaced by a placeholder: groq does not accept images' }],
  },
  {
    name: 'a full tool loop: tool_use → tool_calls (ids kept), tool_result → tool message right after',
    req: base({
      messages: [
        { role: 'user', content: 'run echo hi' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me run that.' },
            { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'echo hi' }, cache_control: { type: 'ephemeral' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'hi', is_error: false, cache_control: { type: 'ephemeral' } }] },
      ],
    }),
    body: {
      messages: [
        { role: 'user', content: 'run echo hi' },
        {
          role: 'assistant',
          content: 'Let me run that.',
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"echo hi"}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'hi' },
      ],
    },
  },
  {
    name: 'parallel calls; a user turn mixing results and text splits: tool messages first, in order, then the text',
    req: base({
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'a', name: 'Read', input: { path: 'x' } },
            { type: 'tool_use', id: 'b', name: 'Read', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'a', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
            { type: 'text', text: 'and also' },
            { type: 'tool_result', tool_use_id: 'b', is_error: true, content: 'denied' },
            { type: 'text', text: 'thanks' },
          ],
        },
      ],
    }),
    body: {
      messages: [
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'Read', arguments: '{"path":"x"}' } },
            { id: 'b', type: 'function', function: { name: 'Read', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'a', content: 'one\n\ntwo' },
        { role: 'tool', tool_call_id: 'b', content: 'Error: denied' },
        { role: 'user', content: [{ type: 'text', text: 'and also' }, { type: 'text', text: 'thanks' }] },
      ],
    },
  },
  {
    name: 'tool_result without content; is_error with nothing else',
    req: base({
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a' }, { type: 'tool_result', tool_use_id: 'b', is_error: true }] },
      ],
    }),
    body: {
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'a', content: '' },
        { role: 'tool', tool_call_id: 'b', content: 'Error' },
      ],
    },
  },
  {
    name: 'images inside a tool_result go to a user message after the tool messages',
    req: base({
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 'shot', name: 'Screenshot', input: {} }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'shot',
              content: [
                { type: 'text', text: 'captured' },
                { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } },
              ],
            },
            { type: 'text', text: 'describe it' },
          ],
        },
      ],
    }),
    body: {
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 'shot', type: 'function', function: { name: 'Screenshot', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'shot', content: 'captured\n\n[1 image(s) attached in the next user message]' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Images returned by tool call shot:' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA' } },
            { type: 'text', text: 'describe it' },
          ],
        },
      ],
    },
  },
  {
    name: 'images inside a tool_result without vision: placeholder in the tool text',
    req: base({
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 'shot', name: 'Screenshot', input: {} }] },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'shot', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }],
        },
      ],
    }),
    target: openAITarget({ providerId: 'cerebras', vision: false }),
    body: {
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 'shot', type: 'function', function: { name: 'Screenshot', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'shot', content: '[image omitted: cerebras does not accept images]' },
      ],
    },
    notes: [{ code: 'images_omitted', detail: '1 image(s) replaced by a placeholder: cerebras does not accept images' }],
  },
  {
    name: 'tool_result with document text, search result and a loaded deferred tool',
    req: base({
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'ToolSearch', input: { q: 'cron' } }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't',
              content: [
                { type: 'tool_reference', tool_name: 'CronCreate' },
                { type: 'document', title: 'notes', source: { type: 'text', media_type: 'text/plain', data: 'body' } },
                { type: 'search_result', title: 'T', source: 'https://s', content: [{ type: 'text', text: 'found' }] },
              ],
            },
          ],
        },
      ],
    }),
    body: {
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'ToolSearch', arguments: '{"q":"cron"}' } }] },
        { role: 'tool', tool_call_id: 't', content: '[tool loaded: CronCreate]\n\nnotes\n\nbody\n\nT (https://s)\n\nfound' },
      ],
    },
  },
  {
    name: 'earlier thinking without the echo quirk is dropped (note); redacted_thinking is always dropped',
    req: base({
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'redacted_thinking', data: 'xyz' },
            { type: 'text', text: 'a' },
          ],
        },
        { role: 'user', content: 'q2' },
      ],
    }),
    body: { messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }, { role: 'user', content: 'q2' }] },
    notes: [
      {
        code: 'thinking_history_dropped',
        detail: '1 earlier thinking block(s) not sent: deepseek takes no reasoning echo; 1 redacted_thinking block(s) not sent (encrypted, Anthropic only)',
      },
    ],
  },
  {
    name: 'earlier thinking with the echo quirk goes to reasoning_content (DeepSeek)',
    req: base({
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'step 1', signature: 'aimux:v1:deepseek' },
            { type: 'text', text: 'calling' },
            { type: 'thinking', thinking: 'step 2', signature: 'aimux:v1:deepseek' },
            { type: 'tool_use', id: 'c', name: 'f', input: { a: 1 } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: 'ok' }] },
      ],
    }),
    target: openAITarget({ echoReasoning: true }),
    body: {
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: 'calling',
          reasoning_content: 'step 1\n\nstep 2',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
        },
        { role: 'tool', tool_call_id: 'c', content: 'ok' },
      ],
    },
  },
  {
    name: 'the echo quirk with reasoningField "reasoning" (OpenRouter)',
    req: base({ messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'r', signature: 's' }, { type: 'text', text: 't' }] }] }),
    target: openAITarget({ providerId: 'openrouter', echoReasoning: true, reasoningField: 'reasoning' }),
    body: { messages: [{ role: 'assistant', content: 't', reasoning: 'r' }] },
  },
  {
    name: 'web search history becomes text; server_tool_use dropped',
    req: base({
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'server_tool_use', id: 'srv', name: 'web_search', input: { query: 'x' } },
            {
              type: 'web_search_tool_result',
              tool_use_id: 'srv',
              content: [{ type: 'web_search_result', url: 'https://a', title: 'A', encrypted_content: 'enc' }],
            },
            { type: 'text', text: 'Found A.' },
          ],
        },
      ],
    }),
    body: { messages: [{ role: 'assistant', content: '[web search results]\n1. A — https://a\nFound A.' }] },
    notes: [{ code: 'server_tool_history_converted', detail: 'server_tool_use blocks dropped; web_search_tool_result blocks sent as text' }],
  },
];

describe('anthropicToOpenAIRequest: messages and parameters', () => {
  it.each(cases)('$name', ({ req, target, body, notes }) => {
    const out = anthropicToOpenAIRequest(req, target ?? openAITarget());
    expect(out.body).toMatchObject(body);
    if (body.messages !== undefined) expect(out.body.messages).toEqual(body.messages);
    expect(out.notes).toEqual(notes ?? []);
  });

  it('produces exactly the expected whole object for a simple request', () => {
    expect(anthropicToOpenAIRequest(base({ system: 'S', stream: true }), openAITarget())).toEqual({
      body: {
        model: 'deepseek-chat',
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: 'hi' },
        ],
        max_tokens: 1000,
        stream: true,
        stream_options: { include_usage: true },
      },
      notes: [],
    });
  });

  it('does not modify its input', () => {
    const req = base({ messages: [{ role: 'user', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }] }] });
    const copy = structuredClone(req);
    anthropicToOpenAIRequest(req, openAITarget());
    expect(req).toEqual(copy);
  });
});

describe('anthropicToOpenAIRequest: tools', () => {
  const tools: AnthropicMessagesRequest['tools'] = [
    {
      name: 'Bash',
      description: 'run',
      input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
      cache_control: { type: 'ephemeral' },
    },
    { name: 'Later', input_schema: { type: 'object', properties: {} }, defer_loading: true, strict: true },
  ];

  it('maps custom tools to function tools', () => {
    expect(anthropicToOpenAIRequest(base({ tools }), openAITarget()).body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'Bash',
          description: 'run',
          parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
        },
      },
      { type: 'function', function: { name: 'Later', parameters: { type: 'object', properties: {} }, strict: true } },
    ]);
  });

  it.each([
    [{ type: 'auto' }, 'auto', undefined],
    [{ type: 'any' }, 'required', undefined],
    [{ type: 'none' }, 'none', undefined],
    [{ type: 'tool', name: 'Bash' }, { type: 'function', function: { name: 'Bash' } }, undefined],
    [{ type: 'auto', disable_parallel_tool_use: true }, 'auto', false],
    [{ type: 'any', disable_parallel_tool_use: true }, 'required', false],
  ] as const)('tool_choice %j → %j (parallel_tool_calls %s)', (choice, expected, parallel) => {
    const { body } = anthropicToOpenAIRequest(base({ tools, tool_choice: choice }), openAITarget());
    expect(body.tool_choice).toEqual(expected);
    expect(body.parallel_tool_calls).toBe(parallel);
  });

  it('sends no tool_choice when there are no tools', () => {
    const { body } = anthropicToOpenAIRequest(base({ tool_choice: { type: 'none' } }), openAITarget());
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('tools');
  });

  it('rejects Anthropic server tools, naming the field', () => {
    const e = caught(() =>
      anthropicToOpenAIRequest(base({ tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }] }), openAITarget()),
    );
    expect(e.code).toBe('TRANSLATION_UNSUPPORTED');
    expect(e.message).toBe('tools[0]: server tool "web_search_20250305" runs only at Anthropic');
    expect(e.httpStatus).toBe(400);
  });

  it('rejects tools for a provider without tool calling', () => {
    const e = caught(() => anthropicToOpenAIRequest(base({ tools }), openAITarget({ tools: false, providerId: 'p' })));
    expect([e.code, e.message]).toEqual(['TRANSLATION_UNSUPPORTED', 'tools: p does not support tool calling']);
  });
});

describe('anthropicToOpenAIRequest: thinking → reasoning_effort', () => {
  it.each([
    [1024, 'low'],
    [4095, 'low'],
    [4096, 'medium'],
    [16383, 'medium'],
    [16384, 'high'],
    [64000, 'high'],
  ])('enabled, budget_tokens %i → %s', (budget, effort) => {
    const out = anthropicToOpenAIRequest(base({ max_tokens: 100_000, thinking: { type: 'enabled', budget_tokens: budget } }), openAITarget());
    expect(out.body.reasoning_effort).toBe(effort);
    expect(out.notes).toEqual([{ code: 'thinking_mapped', detail: `thinking.budget_tokens=${budget} → reasoning_effort=${effort}` }]);
  });

  it.each([
    [undefined, 'medium'],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['xhigh', 'high'],
    ['max', 'high'],
  ] as const)('adaptive with output_config.effort %s → %s', (effort, expected) => {
    const req = base({ thinking: { type: 'adaptive', display: 'omitted' }, ...(effort ? { output_config: { effort } } : {}) });
    const out = anthropicToOpenAIRequest(req, openAITarget());
    expect(out.body.reasoning_effort).toBe(expected);
    expect(out.notes.map((n) => n.code)).toEqual(['thinking_mapped']);
  });

  it('disabled thinking sends nothing', () => {
    const out = anthropicToOpenAIRequest(base({ thinking: { type: 'disabled' } }), openAITarget());
    expect(out.body).not.toHaveProperty('reasoning_effort');
    expect(out.notes).toEqual([]);
  });

  it('a provider without thinking: dropped, and the drop is a note', () => {
    const out = anthropicToOpenAIRequest(base({ thinking: { type: 'enabled', budget_tokens: 5000 } }), openAITarget({ thinking: false, providerId: 'groq' }));
    expect(out.body).not.toHaveProperty('reasoning_effort');
    expect(out.notes).toEqual([{ code: 'thinking_dropped', detail: 'thinking (enabled) not sent: groq takes no reasoning_effort' }]);
  });

  it('effort without thinking is not sent (note)', () => {
    const out = anthropicToOpenAIRequest(base({ output_config: { effort: 'high' } }), openAITarget());
    expect(out.body).not.toHaveProperty('reasoning_effort');
    expect(out.notes).toEqual([{ code: 'param_dropped', detail: 'output_config.effort (no thinking requested)' }]);
  });
});

describe('anthropicToOpenAIRequest: output format, unknown keys and errors', () => {
  it('output_config.format json_schema → response_format json_schema', () => {
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false };
    const out = anthropicToOpenAIRequest(base({ output_config: { format: { type: 'json_schema', schema } } }), openAITarget());
    expect(out.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema, strict: true } });
  });

  it('Anthropic-only keys are dropped with one note naming them', () => {
    const req = { ...base(), context_management: { edits: [] }, safeguards: [{}], service_tier: 'auto' } as AnthropicMessagesRequest;
    expect(anthropicToOpenAIRequest(req, openAITarget()).notes).toEqual([
      { code: 'param_dropped', detail: 'not sent to deepseek: context_management, safeguards, service_tier' },
    ]);
  });

  it.each([
    ['container', { container: 'c1' }, 'TRANSLATION_UNSUPPORTED', 'container: not supported by OpenAI-protocol providers'],
    ['mcp_servers', { mcp_servers: [{}] }, 'TRANSLATION_UNSUPPORTED', 'mcp_servers: not supported by OpenAI-protocol providers'],
    ['messages not an array', { messages: {} }, 'BAD_REQUEST', 'messages: expected an array'],
    ['bad role', { messages: [{ role: 'bot', content: 'x' }] }, 'BAD_REQUEST', 'messages[0].role: expected "user", "assistant" or "system"'],
    ['max_tokens missing', { max_tokens: undefined }, 'BAD_REQUEST', 'max_tokens: expected a positive integer'],
    [
      'unknown block type',
      { messages: [{ role: 'user', content: [{ type: 'hologram' }] }] },
      'TRANSLATION_UNSUPPORTED',
      'messages[0].content[0].type: content block "hologram"',
    ],
    [
      'tool_use in a user turn',
      { messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] }] },
      'BAD_REQUEST',
      'messages[0].content[0].type: "tool_use" is not allowed in a user message',
    ],
    [
      'PDF document',
      { messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'x' } }] }] },
      'TRANSLATION_UNSUPPORTED',
      'messages[0].content[0].source.type: document source "base64" (PDF/file) cannot be sent to an OpenAI-protocol provider',
    ],
    [
      'image from the Files API',
      { messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] },
      'TRANSLATION_UNSUPPORTED',
      'messages[0].content[0].source.type: image source "file" cannot be sent to an OpenAI-protocol provider',
    ],
    ['text without text', { messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'BAD_REQUEST', 'messages[0].content[0].text: expected a string'],
  ])('%s', (_name, over, code, message) => {
    const e = caught(() => anthropicToOpenAIRequest({ ...base(), ...over } as AnthropicMessagesRequest, openAITarget()));
    expect([e.code, e.message]).toEqual([code, message]);
  });
});
