import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInConfig, loadConfigFile, parseConfigText } from '../../../electron/core/config/load';
import { defaultDataDir } from '../../../electron/core/config/paths';
import { ConfigError, keyHint, parseTarget, resolveConfig } from '../../../electron/core/config/schema';

const README_EXAMPLE = {
  providers: [
    { id: 'glm', protocol: 'openai', baseUrl: 'http://127.0.0.1:9001/v1', apiKeys: ['env:GLM_KEY'], models: ['glm-4.6'] },
    { id: 'zai', protocol: 'anthropic', baseUrl: 'https://api.z.ai/api/anthropic', apiKeys: ['env:ZAI_KEY'], models: ['glm-4.6'] },
  ],
  routing: { default: ['zai/glm-4.6'] },
};

function problems(raw: unknown, env: Record<string, string> = {}): string[] {
  try {
    resolveConfig(raw, { source: '/etc/aimux.json', env });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toContain('/etc/aimux.json');
    return (e as ConfigError).problems;
  }
  return [];
}

describe('config', () => {
  it('resolves the README example with defaults filled in and env keys resolved', () => {
    const c = resolveConfig(README_EXAMPLE, { source: 'x', env: { GLM_KEY: 'glm-secret-0123456789', ZAI_KEY: 'zai-secret-abcdefghij' } });
    expect(c.providers.map((p) => [p.id, p.protocol, p.auth])).toEqual([
      ['glm', 'openai', 'bearer'],
      ['zai', 'anthropic', 'x-api-key'],
    ]);
    expect(c.providers[0]!.apiKeys).toEqual([{ id: 'glm#0', hint: 'glm…6789', value: 'glm-secret-0123456789', source: 'env', ref: 'env:GLM_KEY' }]);
    expect(c.providers[1]!.baseUrl).toBe('https://api.z.ai/api/anthropic');
    expect(c.routing.classes.default).toEqual({ targets: [{ providerId: 'zai', model: 'glm-4.6' }], strategy: 'failover' });
    expect(c.server.host).toBe('127.0.0.1');
    expect(c.providers[0]!.timeouts).toEqual({ connectMs: 10_000, firstByteMs: 60_000, idleMs: 120_000, responseMs: 300_000 });
    expect(c.providers[0]!.quirks.streaming).toBe(true);
    expect(c.providers[0]!.breaker).toEqual({
      failureThreshold: 5,
      errorRateThreshold: 0.5,
      windowMs: 60_000,
      minSamples: 10,
      cooldownMs: 30_000,
      halfOpenMaxProbes: 1,
      halfOpenSuccessesToClose: 2,
    });
  });

  it('splits targets at the first slash (model ids may contain slashes)', () => {
    expect(parseTarget('or/meta-llama/llama-3.1-70b')).toEqual({ providerId: 'or', model: 'meta-llama/llama-3.1-70b' });
    expect(parseTarget('noslash')).toBeUndefined();
    expect(parseTarget('/x')).toBeUndefined();
    expect(parseTarget('x/')).toBeUndefined();
  });

  it('names the JSON path of a missing environment variable without printing any key', () => {
    const p = problems(README_EXAMPLE, { ZAI_KEY: 'zai-secret-abcdefghij' });
    expect(p).toEqual(['providers[0].apiKeys[0]: environment variable GLM_KEY is not set']);
  });

  it('rejects a route naming an unknown provider, listing the configured ones', () => {
    const p = problems({ ...README_EXAMPLE, providers: [README_EXAMPLE.providers[0]], routing: { default: ['zai/glm-4.6'] } }, { GLM_KEY: 'k-123456789' });
    expect(p).toEqual(['routing.default[0]: unknown provider "zai" (configured: glm)']);
  });

  it('rejects wrong field types and unknown fields with their paths', () => {
    const p = problems({
      providers: [{ id: 'a', protocol: 'openai', baseURL: 'http://x', baseUrl: 42, models: 'm', weight: 'heavy' }],
      routing: { default: 'a/m', strategy: 'fast' },
    });
    expect(p).toContain('providers[0].baseURL: unknown field (allowed: id, name, preset, protocol, baseUrl, query, apiKeys, models, modelInfo, auth, headers, enabled, weight, maxConcurrent, queueSize, timeouts, capabilities, quirks, breaker)');
    expect(p).toContain('providers[0].baseUrl: expected an http(s) URL, got number 42');
    expect(p).toContain('providers[0].models: expected an array of strings, got "m"');
    expect(p).toContain('providers[0].weight: expected a number ≥ 0, got "heavy"');
    expect(p.some((x) => x.startsWith('routing.strategy: unknown field'))).toBe(true);
    expect(p).toContain('routing.default: expected a non-empty array of "provider/model" targets, got "a/m"');
  });

  it('takes breaker settings, quirks.streaming and timeouts.responseMs, and checks their ranges with JSON paths', () => {
    const base = { id: 'a', protocol: 'openai', baseUrl: 'http://x/v1' };
    const ok = resolveConfig(
      {
        providers: [{ ...base, breaker: { failureThreshold: 3, errorRateThreshold: 0.25, cooldownMs: 5000 }, quirks: { streaming: false }, timeouts: { responseMs: 1000 } }],
        routing: { default: ['a/m'] },
      },
      { source: 'x', env: {} },
    ).providers[0]!;
    expect(ok.breaker).toMatchObject({ failureThreshold: 3, errorRateThreshold: 0.25, cooldownMs: 5000, windowMs: 60_000, halfOpenMaxProbes: 1 });
    expect(ok.quirks.streaming).toBe(false);
    expect(ok.timeouts.responseMs).toBe(1000);
    const p = problems({
      providers: [
        {
          ...base,
          breaker: { failureThreshold: 0, errorRateThreshold: 1.5, windowMs: 'long', minSamples: 2.5, cooldownMs: -1, halfOpenMaxProbes: 0, halfOpenSuccessesToClose: 1001, probes: 1 },
          quirks: { streaming: 'yes' },
          timeouts: { responseMs: 0 },
        },
      ],
      routing: { default: ['a/m'] },
    });
    expect(p).toEqual(
      expect.arrayContaining([
        'providers[0].breaker.probes: unknown field (allowed: failureThreshold, errorRateThreshold, windowMs, minSamples, cooldownMs, halfOpenMaxProbes, halfOpenSuccessesToClose)',
        'providers[0].breaker.failureThreshold: expected an integer from 1 to 1000000, got number 0',
        'providers[0].breaker.errorRateThreshold: expected a failure ratio above 0 and at most 1, got number 1.5',
        'providers[0].breaker.windowMs: expected an integer from 100 to 86400000, got "long"',
        'providers[0].breaker.minSamples: expected an integer from 1 to 1000000, got number 2.5',
        'providers[0].breaker.cooldownMs: expected an integer from 0 to 86400000, got number -1',
        'providers[0].breaker.halfOpenMaxProbes: expected an integer from 1 to 1000, got number 0',
        'providers[0].breaker.halfOpenSuccessesToClose: expected an integer from 1 to 1000, got number 1001',
        'providers[0].quirks.streaming: expected true or false, got "yes"',
        'providers[0].timeouts.responseMs: expected an integer from 1 to 9007199254740991, got number 0',
      ]),
    );
    expect(p).toHaveLength(10);
  });

  it('rejects duplicate ids, bad protocols and URLs with credentials', () => {
    const p = problems({
      providers: [
        { id: 'a', protocol: 'grpc', baseUrl: 'http://x' },
        { id: 'a', protocol: 'openai', baseUrl: 'https://user:pw@host/v1' },
      ],
      routing: { default: ['a/m'] },
    });
    expect(p).toContain('providers[0].protocol: expected one of "anthropic", "openai", "openai-responses", "synthetic", got "grpc"');
    expect(p).toContain('providers[1].id: duplicate provider id "a"');
    expect(p).toContain('providers[1].baseUrl: must not contain credentials; use apiKeys');
  });

  it('reports bad JSON with the file, line and column', () => {
    try {
      parseConfigText('{\n  "providers": [\n  }\n', '/tmp/c.json', {});
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^Invalid config \/tmp\/c\.json:\n  not valid JSON: line 3, column 3: unexpected "}"$/);
    }
  });

  it('reports a missing file', async () => {
    await expect(loadConfigFile('/nonexistent/aimux.json', {})).rejects.toThrow('Invalid config /nonexistent/aimux.json:\n  file not found');
  });

  it('loads a file from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aimux-cfg-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ providers: [{ id: 's', protocol: 'synthetic' }], routing: { default: ['s/synthetic-1'] } }));
    const c = await loadConfigFile(file, {});
    expect(c.source).toBe(file);
    expect(c.providers[0]!.models).toEqual(['synthetic-1']);
  });

  it('has a built-in default that serves from the synthetic provider', () => {
    const c = builtInConfig();
    expect(c.providers.map((p) => p.protocol)).toEqual(['synthetic']);
    expect(c.routing.classes.default.targets).toEqual([{ providerId: 'synthetic', model: 'synthetic-1' }]);
  });

  it('hints keys without revealing them', () => {
    expect(keyHint('sk-ant-api03-abcdefghijklmnop')).toBe('sk-…mnop');
    expect(keyHint('short123')).toBe('…23');
    expect(keyHint('tiny')).toBe('…');
  });

  it('follows the OS convention for the data directory', () => {
    expect(defaultDataDir('linux', {}, '/home/u')).toBe('/home/u/.config/aimux');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/aimux');
    expect(defaultDataDir('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Application Support/aimux');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u')).toMatch(/Roaming[\\/]aimux$/);
  });
});

describe('presets in the config', () => {
  it('fills a provider from its preset, lets every field override it, and carries model limits and prices', () => {
    const c = resolveConfig(
      {
        providers: [
          { id: 'ds', preset: 'deepseek', apiKeys: ['env:DS'] },
          { id: 'ds2', preset: 'deepseek', baseUrl: 'http://127.0.0.1:9/v1', models: ['only-this'], quirks: { echoReasoning: false }, modelInfo: { 'only-this': { maxOutputTokens: 1000 } } },
        ],
        routing: { default: ['ds/deepseek-v4-pro'] },
      },
      { source: 't', env: { DS: 'sk-0123456789abcdef0123' } },
    );
    const [ds, ds2] = c.providers;
    expect(ds).toMatchObject({ id: 'ds', name: 'DeepSeek', preset: 'deepseek', protocol: 'openai', baseUrl: 'https://api.deepseek.com', auth: 'bearer' });
    expect(ds!.models.length).toBeGreaterThan(0);
    expect(ds!.modelInfo?.[ds!.models[0]!]).toMatchObject({ contextWindow: expect.any(Number), maxOutputTokens: expect.any(Number) });
    expect(ds2).toMatchObject({ baseUrl: 'http://127.0.0.1:9/v1', models: ['only-this'] });
    expect(ds2!.modelInfo?.['only-this']).toEqual({ maxOutputTokens: 1000 });
    expect(ds2!.quirks.echoReasoning).toBe(false);
  });

  it('names an unknown preset and a template preset without its URL', () => {
    expect(problems({ providers: [{ id: 'x', preset: 'nope' }], routing: { default: ['x/m'] } })).toEqual(['providers[0].preset: unknown preset "nope" (list them with: aimux presets)']);
    expect(problems({ providers: [{ id: 'az', preset: 'azure-openai' }], routing: { default: ['az/m'] } })[0]).toMatch(/^providers\[0\]\.baseUrl: missing: preset "azure-openai" needs its URL filled in/);
  });

  it('resolves keychain references through the secret store, and says which one is missing', () => {
    const raw = { providers: [{ id: 'p', protocol: 'openai', baseUrl: 'http://x/v1', apiKeys: ['keychain:p.abc123'] }], routing: { default: ['p/m'] } };
    const c = resolveConfig(raw, { source: 't', env: {}, secret: (a) => (a === 'p.abc123' ? 'sk-from-keychain-0000000001' : undefined) });
    expect(c.providers[0]!.apiKeys).toEqual([{ id: 'p#abc123', hint: 'sk-…0001', value: 'sk-from-keychain-0000000001', source: 'keychain', ref: 'keychain:p.abc123' }]);
    expect(problems(raw)).toEqual(['providers[0].apiKeys[0]: no secret store to read "keychain:p.abc123" from (use env:NAME references where there is no keychain)']);
  });
});
