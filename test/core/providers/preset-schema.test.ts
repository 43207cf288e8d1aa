import { describe, expect, it } from 'vitest';
import { baseUrlPlaceholders, fillBaseUrl } from '../../../electron/core/providers/presets/base-url';
import { providerPresetSchema } from '../../../electron/core/providers/presets/schema';

const VALID = {
  id: 'example',
  name: 'Example',
  protocol: 'openai',
  baseUrl: 'https://api.example.com/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.example.com',
  checked: '2026-12-02',
  models: [{ id: 'ex-1', contextWindow: 1000, maxOutputTokens: 100, capabilities: { tools: true, vision: false, thinking: false } }],
};

function problems(patch: Record<string, unknown>): string[] {
  const r = providerPresetSchema.safeParse({ ...VALID, ...patch });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('preset schema', () => {
  it('accepts a minimal valid preset', () => {
    expect(problems({})).toEqual([]);
  });

  it('rejects unknown fields and bad ids, protocols, auth styles and dates', () => {
    expect(problems({ baseURL: 'https://x' })).toEqual([expect.stringContaining('Unrecognized key')]);
    expect(problems({ id: 'Not_Kebab' })).toEqual([expect.stringMatching(/^id: kebab-case/)]);
    expect(problems({ protocol: 'grpc' })).toEqual([expect.stringMatching(/^protocol:/)]);
    expect(problems({ auth: 'basic' })).toEqual([expect.stringMatching(/^auth:/)]);
    expect(problems({ checked: '2026-13-40' })).toEqual([expect.stringMatching(/^checked:/)]);
  });

  it('checks the base URL the core will append its paths to', () => {
    expect(problems({ baseUrl: 'ftp://x.example.com' })).toEqual(['baseUrl: expected an http(s) URL']);
    expect(problems({ baseUrl: 'https://x.example.com/v1/' })).toEqual(['baseUrl: no trailing slash']);
    expect(problems({ baseUrl: 'https://x.example.com/v1?a=1' })).toEqual([expect.stringMatching(/^baseUrl: no query/)]);
    expect(problems({ baseUrl: 'https://u:p@x.example.com' })).toEqual(['baseUrl: no credentials in the URL']);
    expect(problems({ baseUrl: 'https://x.example.com/v1/chat/completions' })).toEqual([expect.stringMatching(/appends \/chat\/completions/)]);
    expect(problems({ protocol: 'anthropic', baseUrl: 'https://x.example.com/v1' })).toEqual([expect.stringMatching(/appends \/v1\/messages/)]);
  });

  it('requires placeholders and params to name the same values', () => {
    expect(problems({ baseUrl: 'https://{resource}.example.com' })).toEqual(['params: baseUrl placeholder {resource} has no entry in params']);
    expect(problems({ params: [{ name: 'resource', label: 'Resource' }] })).toEqual(['params.0.name: "resource" is not a placeholder in baseUrl']);
    expect(problems({ baseUrl: 'https://{resource}.example.com', params: [{ name: 'resource', label: 'Resource', example: 'acme' }] })).toEqual([]);
  });

  it('rejects key patterns that do not compile or use stateful flags', () => {
    expect(problems({ keyPattern: { source: '^sk-(' } })).toEqual([expect.stringMatching(/^keyPattern\.source: does not compile/)]);
    expect(problems({ keyPattern: { source: '^sk-', flags: 'g' } })).toEqual([expect.stringMatching(/^keyPattern\.flags:/)]);
    expect(problems({ keyPattern: { source: '^sk-', flags: 'i' } })).toEqual([]);
  });

  it('rejects impossible model limits, duplicate model ids and negative prices', () => {
    const m = VALID.models[0]!;
    expect(problems({ models: [{ ...m, maxOutputTokens: 2000 }] })).toEqual(['models.0.maxOutputTokens: maxOutputTokens exceeds contextWindow']);
    expect(problems({ models: [{ ...m, contextWindow: 0 }] })).toEqual([expect.stringMatching(/^models\.0\.contextWindow:/), expect.stringMatching(/maxOutputTokens exceeds/)]);
    expect(problems({ models: [m, m] })).toEqual(['models.1.id: duplicate model id "ex-1"']);
    expect(problems({ models: [{ ...m, pricing: { input: -1, output: 1 } }] })).toEqual([expect.stringMatching(/^models\.0\.pricing\.input:/)]);
  });

  it('keeps keys out of presets and accepts only the quirks the core understands', () => {
    expect(problems({ headers: { Authorization: 'Bearer x' } })).toEqual(['headers.Authorization: auth headers come from the key, never from a preset']);
    expect(problems({ headers: { 'x-title': 'aimux' } })).toEqual([]);
    expect(problems({ quirks: { developerRoleAsSystem: true } })).toEqual([expect.stringContaining('unknown field (allowed: reasoningField')]);
    expect(problems({ quirks: { reasoningField: 'thinking' } })).toEqual([expect.stringMatching(/^quirks\.reasoningField:/)]);
  });

  it('holds the synthetic provider to its own rules', () => {
    const synthetic = { protocol: 'synthetic', baseUrl: '', auth: 'none', docsUrl: 'README.md#the-synthetic-provider' };
    expect(problems(synthetic)).toEqual([]);
    expect(problems({ ...synthetic, baseUrl: 'https://x.example.com' })).toEqual(['baseUrl: must be empty for the synthetic provider']);
    expect(problems({ ...synthetic, auth: 'bearer' })).toEqual(['auth: must be "none" for the synthetic provider']);
    expect(problems({ docsUrl: 'README.md' })).toEqual(['docsUrl: expected an http(s) URL']);
  });
});

describe('base URL templates', () => {
  it('lists placeholders once, in order', () => {
    expect(baseUrlPlaceholders('https://{a}.x/{b}/{a}')).toEqual(['a', 'b']);
    expect(baseUrlPlaceholders('https://x.example.com')).toEqual([]);
  });

  it('fills placeholders and refuses missing or structure-changing values without echoing them', () => {
    expect(fillBaseUrl('https://{r}.example.com/d/{d}', { r: 'acme', d: 'gpt-6' })).toBe('https://acme.example.com/d/gpt-6');
    expect(() => fillBaseUrl('https://{r}.example.com', {})).toThrow('base URL placeholder {r} has no value');
    expect(() => fillBaseUrl('https://{r}.example.com', { r: 'evil.com/x?secret' })).toThrow(/^base URL placeholder \{r\}: value contains/);
    expect(() => fillBaseUrl('https://{r}.example.com', { r: 'evil.com/x?secret' })).not.toThrow(/secret/);
  });

  it('a whole-URL placeholder takes a URL and drops its trailing slash', () => {
    expect(fillBaseUrl('{baseUrl}', { baseUrl: 'http://127.0.0.1:8000/v1/' })).toBe('http://127.0.0.1:8000/v1');
  });
});
