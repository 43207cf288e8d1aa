/** The small pure pieces of the Responses translation: reasoning codec, tool names, the live string reader, features. */
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../../electron/core/routing/features';
import { decodeReasoning, encodeReasoning, flatToolName } from '../../../electron/core/translate/responses/index';
import { JsonStringReader } from '../../../electron/core/translate/responses/json-string-reader';
import { ToolNames } from '../../../electron/core/translate/responses/tool-names';
import { codexRequests } from './helpers';

const SECRET = Buffer.alloc(32, 7);

describe('reasoning codec', () => {
  it('round-trips every kind, for the provider that produced it', () => {
    for (const r of [{ kind: 'text', text: 'hmm ✓' }, { kind: 'thinking', thinking: 't', signature: 'sig' }, { kind: 'redacted', data: 'xyz' }] as const) {
      const enc = encodeReasoning('p1', r, SECRET);
      expect(enc).toMatch(/^aimux1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(decodeReasoning(enc, SECRET)).toEqual({ providerId: 'p1', reasoning: r });
    }
  });

  it('rejects tampering, another secret, another format', () => {
    const enc = encodeReasoning('p1', { kind: 'text', text: 'secret plan' }, SECRET);
    const [head, payload, mac] = enc.split('.');
    const forged = Buffer.from(JSON.stringify({ p: 'p2', k: 'text', t: 'secret plan' })).toString('base64url');
    expect(decodeReasoning(`${head}.${forged}.${mac}`, SECRET)).toBeUndefined();
    expect(decodeReasoning(`${head}.${payload}.${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`, SECRET)).toBeUndefined();
    expect(decodeReasoning(enc, Buffer.alloc(32, 8))).toBeUndefined();
    expect(decodeReasoning('gAAAAABoOpaqueOpenAIBlob', SECRET)).toBeUndefined();
    expect(decodeReasoning(undefined, SECRET)).toBeUndefined();
  });
});

describe('tool names', () => {
  it('flattens namespaces, fits the 64-character limit, stays distinct and reversible', () => {
    expect(flatToolName('multi_agent_v1', 'spawn_agent')).toBe('multi_agent_v1__spawn_agent');
    expect(flatToolName(undefined, 'mcp.server/tool')).toBe('mcp_server_tool');
    const long = flatToolName('n'.repeat(40), 'x'.repeat(40));
    expect(long).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(flatToolName('n'.repeat(40), 'y'.repeat(40))).not.toBe(long);
    const names = new ToolNames();
    const a = names.declare({ name: 'a__b', custom: false });
    const b = names.declare({ name: 'b', namespace: 'a', custom: true });
    expect(a).toBe('a__b');
    expect(b).not.toBe(a);
    expect(b).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(names.byFlat.get(b)).toEqual({ name: 'b', namespace: 'a', custom: true });
    expect(names.flat('a', 'b')).toBe(b);
  });
});

describe('JsonStringReader', () => {
  const value = 'line "one"\n\ttab \\ back ✓ 😀 \u0001 end';
  const json = JSON.stringify({ input: value });

  it('decodes the string value whatever the fragment boundaries, never splitting a character', () => {
    for (let cut = 1; cut < json.length; cut++) {
      for (let cut2 = cut + 1; cut2 < json.length; cut2 += 7) {
        const r = new JsonStringReader();
        const parts = [r.push(json.slice(0, cut)), r.push(json.slice(cut, cut2)), r.push(json.slice(cut2))];
        expect(parts.join('')).toBe(value);
        for (const p of parts) expect(/[\ud800-\udbff]$/.test(p)).toBe(false);
        expect(r.failed).toBe(false);
      }
    }
  });

  it('one character at a time', () => {
    const r = new JsonStringReader();
    expect([...json].map((c) => r.push(c)).join('')).toBe(value);
  });

  it('gives up on a value that is not a string', () => {
    const r = new JsonStringReader();
    expect(r.push('{"input": 42}')).toBe('');
    expect(r.failed).toBe(true);
  });
});

describe('routing features of Responses bodies', () => {
  const bodies: Record<string, any> = Object.fromEntries(codexRequests().map((f) => [f.name, f.body]));

  it('tools, web search, reasoning effort, prompt_cache_key and a cheap token estimate', () => {
    const text = extractFeatures('responses', bodies['exec-text.request.json']);
    expect(text).toMatchObject({ model: 'mock-model', usesTools: true, webSearch: true, thinking: false, hasImages: false, sessionId: bodies['exec-text.request.json'].prompt_cache_key });
    const size = JSON.stringify(bodies['exec-text.request.json']).length / 4;
    expect(text.estimatedInputTokens).toBeGreaterThan(size * 0.6);
    expect(text.estimatedInputTokens).toBeLessThan(size * 1.4);
    expect(extractFeatures('responses', bodies['exec-patch-gpt-5.5.1-request.json']).thinking).toBe(true);
    expect(extractFeatures('responses', bodies['compaction.2-compaction.request.json'])).toMatchObject({ webSearch: false, usesTools: true });
    expect(extractFeatures('responses', bodies['exec-default-model.request.json'])).toMatchObject({ usesTools: true, thinking: true });
  });

  it('images in messages and in tool outputs', () => {
    const img = { type: 'input_image', image_url: 'https://example.com/a.png' };
    expect(extractFeatures('responses', { model: 'm', input: [{ role: 'user', content: [img] }] }).hasImages).toBe(true);
    expect(extractFeatures('responses', { model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: [img] }] }).hasImages).toBe(true);
    expect(extractFeatures('responses', { model: 'm', input: 'plain' }).hasImages).toBe(false);
  });
});
