import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../electron/core/config/schema';
import type { ProviderConfig } from '../../../electron/core/config/types';
import { adjustBodyObject, adjustRawBody } from '../../../electron/core/proxy/request-adjust';

function provider(over: { quirks?: Record<string, unknown>; limit?: number } = {}): ProviderConfig {
  const config = resolveConfig(
    { providers: [{ id: 'p', protocol: 'anthropic', baseUrl: 'http://127.0.0.1:9', models: ['m'], quirks: over.quirks ?? {} }], routing: { default: ['p/m'] } },
    { source: 'test', env: {} },
  );
  const p = config.providers[0]!;
  if (over.limit !== undefined) p.modelInfo = { m: { maxOutputTokens: over.limit } };
  return p;
}

const rawOf = (o: unknown) => Buffer.from(JSON.stringify(o, null, 1));

describe('max_tokens clamp', () => {
  it('splices only the number into the raw bytes and says so in a header', () => {
    const body = { model: 'm', max_tokens: 128000, messages: [{ role: 'user', content: 'max_tokens: 128000' }] };
    const raw = rawOf(body);
    const r = adjustRawBody(raw, body, provider({ limit: 32000 }), 'm');
    expect(r.body.toString()).toBe(raw.toString().replace('"max_tokens": 128000', '"max_tokens": 32000'));
    expect(r.responseHeaders).toEqual({ 'x-aimux-max-tokens': 'clamped 128000->32000' });
  });

  it('leaves the body alone when the model has no known limit, or the request is within it', () => {
    const body = { model: 'm', max_tokens: 128000, messages: [] };
    const raw = rawOf(body);
    expect(adjustRawBody(raw, body, provider(), 'm')).toEqual({ body: raw, notes: [] });
    expect(adjustRawBody(raw, body, provider({ limit: 32000 }), 'other-model')).toEqual({ body: raw, notes: [] });
    expect(adjustRawBody(raw, body, provider({ limit: 200000 }), 'm')).toEqual({ body: raw, notes: [] });
  });

  it('moves a thinking budget that would reach the new limit to half of it', () => {
    const body = { model: 'm', max_tokens: 64000, thinking: { type: 'enabled', budget_tokens: 40000 }, messages: [] };
    const r = adjustRawBody(rawOf(body), body, provider({ limit: 16000 }), 'm');
    expect(JSON.parse(r.body.toString())).toEqual({ ...body, max_tokens: 16000, thinking: { type: 'enabled', budget_tokens: 8000 } });
    expect(r.responseHeaders!['x-aimux-max-tokens']).toBe('clamped 64000->16000; thinking.budget_tokens 40000->8000');
  });

  it('clamps every limit field of a translated (OpenAI) body', () => {
    const body: Record<string, unknown> = { model: 'm', max_tokens: 50000, max_completion_tokens: 60000 };
    expect(adjustBodyObject(body, provider({ limit: 8192 }), 'm').responseHeaders).toEqual({ 'x-aimux-max-tokens': 'clamped 60000->8192' });
    expect(body).toEqual({ model: 'm', max_tokens: 8192, max_completion_tokens: 8192 });
  });
});

describe('stripSchemaKeywords on passthrough', () => {
  it('re-serializes only the tools value; every other byte stays', () => {
    const body = {
      model: 'm',
      system: [{ type: 'text', text: 'keep   spacing' }],
      tools: [{ name: 'Bash', input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { command: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'hi' }],
    };
    const raw = rawOf(body);
    const r = adjustRawBody(raw, body, provider({ quirks: { stripSchemaKeywords: ['$schema'] } }), 'm');
    const text = r.body.toString();
    expect(text).not.toContain('json-schema.org');
    expect(text.startsWith(raw.toString().slice(0, raw.indexOf('"tools"')))).toBe(true);
    expect(text.endsWith(raw.toString().slice(raw.indexOf('"messages"') - 2))).toBe(true);
    expect(r.notes).toEqual(['schema_keywords_stripped']);
  });
});
