import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../../electron/core/routing/features';
import { estimateAnthropicInputTokens, estimateOpenAIInputTokens } from '../../../electron/core/tokens/estimate';
import { loadClaudeCodeRequests } from './fixtures';

const png = { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' };

describe('extractFeatures (anthropic)', () => {
  it('reads a plain request', () => {
    const body = { model: 'claude-sonnet-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };
    expect(extractFeatures('anthropic', body)).toEqual({
      model: 'claude-sonnet-5',
      hasImages: false,
      thinking: false,
      webSearch: false,
      usesTools: false,
      estimatedInputTokens: estimateAnthropicInputTokens(body),
    });
  });

  it('finds images in messages and inside tool_result content', () => {
    const direct = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', source: png }] }] };
    const inResult = {
      model: 'm',
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'screenshot', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'image', source: png }] }] },
      ],
    };
    const textResult = { model: 'm', messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'no image here' }] }] };
    expect(extractFeatures('anthropic', direct).hasImages).toBe(true);
    expect(extractFeatures('anthropic', inResult).hasImages).toBe(true);
    expect(extractFeatures('anthropic', textResult).hasImages).toBe(false);
  });

  it.each([
    [{ type: 'enabled', budget_tokens: 2048 }, true],
    [{ type: 'adaptive' }, true],
    [{ type: 'disabled' }, false],
    [undefined, false],
  ])('thinking %j → %s', (thinking, expected) => {
    expect(extractFeatures('anthropic', { model: 'm', messages: [], thinking }).thinking).toBe(expected);
  });

  it('sees the web search server tool, not a client tool named WebSearch', () => {
    const server = { model: 'm', messages: [], tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }] };
    const client = { model: 'm', messages: [], tools: [{ name: 'WebSearch', description: 'search', input_schema: { type: 'object' } }] };
    expect(extractFeatures('anthropic', server)).toMatchObject({ webSearch: true, serverTool: 'web_search_20250305', usesTools: false });
    expect(extractFeatures('anthropic', client)).toMatchObject({ webSearch: false, usesTools: true });
    const fetch = { model: 'm', messages: [], tools: [{ type: 'web_fetch_20250910', name: 'web_fetch' }] };
    expect(extractFeatures('anthropic', fetch)).toMatchObject({ webSearch: true, serverTool: 'web_fetch_20250910' });
  });

  it('counts tool history as tool use even without tool definitions', () => {
    const body = { model: 'm', tools: [], messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'x', input: {} }] }] };
    expect(extractFeatures('anthropic', body).usesTools).toBe(true);
    expect(extractFeatures('anthropic', { model: 'm', tools: [], messages: [] }).usesTools).toBe(false);
  });

  it('takes the session from the header first, then metadata.user_id in its three shapes', () => {
    const json = { model: 'm', messages: [], metadata: { user_id: JSON.stringify({ device_id: 'd', account_uuid: '', session_id: 'sess-json' }) } };
    expect(extractFeatures('anthropic', json, { sessionId: 'sess-header' }).sessionId).toBe('sess-header');
    expect(extractFeatures('anthropic', json).sessionId).toBe('sess-json');
    const legacy = { model: 'm', messages: [], metadata: { user_id: 'user_abc123_account__session_2f1e-99' } };
    expect(extractFeatures('anthropic', legacy).sessionId).toBe('2f1e-99');
    const opaque = { model: 'm', messages: [], metadata: { user_id: 'alice' } };
    expect(extractFeatures('anthropic', opaque).sessionId).toBe('alice');
    const broken = { model: 'm', messages: [], metadata: { user_id: '{not json' } };
    expect(extractFeatures('anthropic', broken).sessionId).toBe('{not json');
    expect('sessionId' in extractFeatures('anthropic', { model: 'm', messages: [] })).toBe(false);
    expect(extractFeatures('anthropic', { model: 'm', messages: [] }, { sessionId: '' }).sessionId).toBeUndefined();
  });

  it('caps the session id length', () => {
    expect(extractFeatures('anthropic', { model: 'm', messages: [] }, { sessionId: 'x'.repeat(1000) }).sessionId).toHaveLength(256);
  });

  it('survives junk shapes', () => {
    const body = { model: 42, messages: [null, 'x', { role: 'user', content: [null, 7, { type: 'image' }] }], tools: 'nope', thinking: 'yes', metadata: [] };
    expect(extractFeatures('anthropic', body as Record<string, unknown>)).toMatchObject({ model: '', hasImages: true, thinking: false, usesTools: false });
  });
});

describe('extractFeatures (openai)', () => {
  it('finds image_url parts, tools, tool history and web_search_options', () => {
    const body = {
      model: 'gpt-5',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
      ],
      web_search_options: {},
    };
    expect(extractFeatures('openai', body)).toEqual({
      model: 'gpt-5',
      hasImages: true,
      thinking: false,
      webSearch: true,
      usesTools: false,
      estimatedInputTokens: estimateOpenAIInputTokens(body),
    });
    const tools = { model: 'x', messages: [], tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] };
    expect(extractFeatures('openai', tools).usesTools).toBe(true);
    const history = { model: 'x', messages: [{ role: 'tool', tool_call_id: 'c', content: 'r' }] };
    expect(extractFeatures('openai', history).usesTools).toBe(true);
    const calls = { model: 'x', messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c' }] }] };
    expect(extractFeatures('openai', calls).usesTools).toBe(true);
    expect(extractFeatures('openai', { model: 'x', messages: [], functions: [{ name: 'f' }] }).usesTools).toBe(true);
  });

  it.each([
    [{ reasoning_effort: 'high' }, true],
    [{ reasoning_effort: 'low' }, true],
    [{ reasoning_effort: 'minimal' }, false],
    [{ reasoning_effort: 'none' }, false],
    [{ reasoning: { effort: 'medium' } }, true],
    [{ reasoning: { effort: 'none' } }, false],
    [{ reasoning: { enabled: true } }, true],
    [{ reasoning: { max_tokens: 1024 } }, true],
    [{ thinking: { type: 'enabled' } }, true],
    [{ thinking: { type: 'disabled' } }, false],
    [{}, false],
  ])('thinking for %j → %s', (extra, expected) => {
    expect(extractFeatures('openai', { model: 'x', messages: [], ...extra }).thinking).toBe(expected);
  });

  it('takes the session from prompt_cache_key, then user', () => {
    expect(extractFeatures('openai', { model: 'x', messages: [], user: 'u1', prompt_cache_key: 'conv-9' }).sessionId).toBe('conv-9');
    expect(extractFeatures('openai', { model: 'x', messages: [], user: 'u1' }).sessionId).toBe('u1');
    expect(extractFeatures('openai', { model: 'x', messages: [], user: 'u1' }, { sessionId: 'h' }).sessionId).toBe('h');
  });
});

describe('extractFeatures on recorded Claude Code requests', () => {
  const recorded = loadClaudeCodeRequests();

  it('has the ten recorded requests', () => {
    expect(recorded.map((r) => r.name)).toHaveLength(10);
  });

  it.each(recorded.map((r) => [r.name, r] as const))('%s', (name, r) => {
    const headerSession = r.headers['x-claude-code-session-id'];
    const f = extractFeatures('anthropic', r.body, { sessionId: headerSession });
    const isTitle = name.endsWith('tui-session-title.request.json');
    expect(f.model).toBe(name.startsWith('v2.1.197/') ? 'claude-opus-4-8' : 'claude-opus-5-5');
    // The body's metadata.user_id carries the same session id as the header.
    expect(headerSession).toMatch(/^[0-9a-f-]{36}$/);
    expect(f.sessionId).toBe(headerSession);
    expect(extractFeatures('anthropic', r.body).sessionId).toBe(headerSession);
    expect(f.hasImages).toBe(false);
    // 2.1.197 has a client tool named WebSearch: not a server web search.
    expect(f.webSearch).toBe(false);
    // The title request sends `tools: []` and no thinking; every other turn has tools and adaptive thinking.
    expect(f.usesTools).toBe(!isTitle);
    expect(f.thinking).toBe(!isTitle);
    expect(f.estimatedInputTokens).toBe(estimateAnthropicInputTokens(r.body));
    expect(f.estimatedInputTokens).toBeGreaterThan(isTitle ? 500 : 10_000);
    expect(f.estimatedInputTokens).toBeLessThan(isTitle ? 2_000 : 60_000);
  });
});
