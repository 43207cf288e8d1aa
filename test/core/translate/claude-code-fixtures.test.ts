/**
 * Every recorded Claude Code request translates to an OpenAI request that a strict schema accepts.
 * The recordings live beside the repository: ../shared/fixtures/claude-code/<version>/*.json (field `body`).
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { AnthropicMessagesRequest } from '../../../electron/core/protocol/anthropic';
import { anthropicToOpenAIRequest } from '../../../electron/core/translate';
import { openAIChatRequestSchema } from '../../support/openai-chat-request.schema';
import { openAITarget } from './targets';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/claude-code/', import.meta.url));

function fixtureFiles(): string[] {
  if (!existsSync(FIXTURES)) throw new Error(`Claude Code fixtures not found at ${FIXTURES}`);
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(FIXTURES, d.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(d.name, f)),
    )
    .sort();
}

const ajv = new Ajv({ strict: true, allErrors: true, discriminator: true });
const validate = ajv.compile(openAIChatRequestSchema);

function check(body: unknown): void {
  if (!validate(body)) throw new Error(ajv.errorsText(validate.errors, { separator: '\n' }));
}

describe('the strict OpenAI request schema', () => {
  it('rejects a stray field at every level it guards', () => {
    const ok = {
      model: 'm',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'x' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
    };
    expect(() => check(ok)).not.toThrow();
    expect(() => check({ ...ok, top_k: 3 })).toThrow();
    expect(() => check({ ...ok, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: {} }] }] })).toThrow();
    expect(() => check({ ...ok, messages: [{ role: 'assistant', content: 'a', reasoning_content: 'r' }] })).toThrow();
    expect(() => check({ ...ok, messages: [{ role: 'assistant' }] })).toThrow();
    expect(() => check({ ...ok, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' }, defer_loading: true } }] })).toThrow();
    expect(() => check({ ...ok, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }] })).not.toThrow();
    expect(() => check({ ...ok, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///x.png' } }] }] })).toThrow();
  });
});

describe('recorded Claude Code requests → OpenAI', () => {
  const files = fixtureFiles();

  it('finds the recordings, including a tool loop', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(files).toContain(join('v2.1.330', 'p-tool.2-followup-tool_result.json'));
  });

  it.each(files)('%s translates to a schema-valid request', (file) => {
    const recorded = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { body: AnthropicMessagesRequest };
    const req = recorded.body;
    const { body, notes } = anthropicToOpenAIRequest(req, openAITarget({ providerId: 'openai', model: 'gpt-5' }));
    check(body);

    // Every tool is a function tool; every system text survives in order (system blocks, then system messages).
    expect(body.tools?.length ?? 0).toBe(req.tools?.length ?? 0);
    const systemTexts = body.messages.filter((m) => m.role === 'system').map((m) => m.content);
    const expectedFirst = typeof req.system === 'string' ? req.system : (req.system ?? []).map((b) => b.text).join('\n\n');
    expect(systemTexts[0]).toBe(expectedFirst);
    expect(systemTexts.length).toBe(1 + req.messages.filter((m) => m.role === 'system').length);

    // Tool results directly follow the assistant message that called them.
    body.messages.forEach((m, i) => {
      if (m.role !== 'tool') return;
      const prev = body.messages.slice(0, i).reverse().find((p) => p.role !== 'tool');
      expect(prev?.role).toBe('assistant');
      expect(prev?.role === 'assistant' && prev.tool_calls?.some((c) => c.id === m.tool_call_id)).toBe(true);
    });

    expect(body.stream).toBe(req.stream);
    if (req.stream === true) expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.user).toBe(req.metadata?.user_id);
    expect(notes.map((n) => n.code)).toContain('param_dropped');
  });

  it('the tool loop with images added to the tool result and the prompt still validates', () => {
    const recorded = JSON.parse(readFileSync(join(FIXTURES, 'v2.1.330', 'p-tool.2-followup-tool_result.json'), 'utf8')) as {
      body: AnthropicMessagesRequest;
    };
    const req = recorded.body;
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } } as const;
    const messages = req.messages.map((m, i) => {
      if (i === 0 && Array.isArray(m.content)) return { ...m, content: [...m.content, image] };
      if (i !== req.messages.length - 1 || !Array.isArray(m.content)) return m;
      return { ...m, content: m.content.map((b) => (b.type === 'tool_result' ? { ...b, content: [{ type: 'text' as const, text: 'hi' }, image] } : b)) };
    });
    for (const vision of [true, false]) {
      const { body, notes } = anthropicToOpenAIRequest({ ...req, messages }, openAITarget({ vision }));
      check(body);
      const parts = body.messages.flatMap((m) => (m.role === 'user' && Array.isArray(m.content) ? m.content : []));
      expect(parts.filter((p) => p.type === 'image_url').length).toBe(vision ? 2 : 0);
      expect(notes.some((n) => n.code === 'images_omitted')).toBe(!vision);
    }
  });

  it('the is_error tool result keeps the error visible in the tool message', () => {
    const recorded = JSON.parse(readFileSync(join(FIXTURES, 'v2.1.330', 'p-tool-denied.2-followup-is_error.json'), 'utf8')) as {
      body: AnthropicMessagesRequest;
    };
    const { body } = anthropicToOpenAIRequest(recorded.body, openAITarget());
    const tool = body.messages.find((m) => m.role === 'tool');
    expect(tool?.role === 'tool' && typeof tool.content === 'string' && tool.content.startsWith('Error: ')).toBe(true);
  });
});
