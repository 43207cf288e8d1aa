/**
 * Providers, keys and routing through the management API over HTTP: add from a preset or custom,
 * update, enable, remove; keys into the secret store with only hints coming back; bad input is a
 * 400 or 409 naming the field, and nothing is half-applied.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isApiError } from '../../../shared/api/errors';
import type { ApiError } from '../../../shared/api/errors';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';

const KEY = 'sk-test-PROVIDERS-0123456789abcdefXYZ';
let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

async function rejects(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const onDisk = (s: TestService) => JSON.parse(readFileSync(join(s.dataDir, 'config.json'), 'utf8'));

describe('providers through the API', () => {
  it('adds a provider from a preset with a key: the key goes to the secret store, the config holds a reference, answers show a hint', async () => {
    svc = await startService();
    const p = await svc.api.addProvider({ preset: 'deepseek', apiKeys: [KEY] });
    expect(p).toMatchObject({ id: 'deepseek', preset: 'deepseek', protocol: 'openai', baseUrl: 'https://api.deepseek.com' });
    expect(p.keys).toHaveLength(1);
    expect(p.keys[0]).toMatchObject({ hint: 'sk-…XYZ'.replace('XYZ', KEY.slice(-4)), source: 'keychain', state: 'ok' });
    const ref = p.keys[0]!.ref!;
    expect(ref).toMatch(/^keychain:deepseek\.[0-9a-f]{8}$/);
    expect(await svc.secrets.get(ref.slice('keychain:'.length))).toBe(KEY);
    const file = readFileSync(join(svc.dataDir, 'config.json'), 'utf8');
    expect(file).not.toContain(KEY);
    expect(onDisk(svc).providers[1]).toEqual({ id: 'deepseek', preset: 'deepseek', apiKeys: [ref] });
    // A first real provider takes over the default route from the built-in one.
    expect(onDisk(svc).routing.default[0]).toBe(`deepseek/${p.models[0]}`);
    expect(JSON.stringify(await svc.api.listProviders())).not.toContain(KEY);
    expect(JSON.stringify(await svc.api.listKeys())).not.toContain(KEY);
  });

  it('fills a preset URL template from params, and names the missing param otherwise', async () => {
    svc = await startService();
    const e = await rejects(svc.api.addProvider({ preset: 'azure-openai', params: { resource: 'myres' } }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.field).toBe('params.deployment');
    const p = await svc.api.addProvider({ preset: 'azure-openai', params: { resource: 'myres', deployment: 'gpt4o' }, models: ['gpt-4o'] });
    expect(p.baseUrl).toBe('https://myres.openai.azure.com/openai/deployments/gpt4o');
    expect(p.auth).toBe('api-key');
    expect(p.query).toEqual({ 'api-version': expect.any(String) });
  });

  it('adds a custom provider and refuses a duplicate id (409), an unknown preset and bad fields (400) with the field', async () => {
    svc = await startService();
    await svc.api.addProvider({ id: 'mine', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: ['m1'] });
    const dup = await rejects(svc.api.addProvider({ id: 'mine', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1' }));
    expect([dup.code, dup.field]).toEqual(['CONFLICT', 'id']);
    const preset = await rejects(svc.api.addProvider({ preset: 'no-such-preset' }));
    expect([preset.code, preset.field]).toEqual(['BAD_REQUEST', 'preset']);
    const url = await rejects(svc.api.addProvider({ id: 'bad', protocol: 'openai', baseUrl: 'ftp://x/v1' }));
    expect([url.code, url.field]).toEqual(['BAD_REQUEST', 'baseUrl']);
    const missing = await rejects(svc.api.addProvider({ id: 'noproto', baseUrl: 'http://x/v1' }));
    expect(missing.field).toBe('protocol');
    expect((await svc.api.listProviders()).map((p) => p.id)).toEqual(['synthetic', 'mine']);
  });

  it('updates with a merge patch, refuses an id change and invalid values without applying anything', async () => {
    svc = await startService();
    await svc.api.addProvider({ id: 'up', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: ['m1'], weight: 3 });
    const p = await svc.api.updateProvider({ id: 'up', patch: { weight: null, timeouts: { firstByteMs: 5000 } } });
    expect(p.weight).toBe(1);
    expect(p.timeouts.firstByteMs).toBe(5000);
    const bad = await rejects(svc.api.updateProvider({ id: 'up', patch: { baseUrl: 'not a url', weight: 7 } }));
    expect([bad.code, bad.field]).toEqual(['BAD_REQUEST', 'patch.baseUrl']);
    expect((await svc.api.getProvider({ id: 'up' })).weight).toBe(1);
    const rename = await rejects(svc.api.updateProvider({ id: 'up', patch: { id: 'other' } }));
    expect(rename.field).toBe('patch.id');
    const disabled = await svc.api.setProviderEnabled({ id: 'up', enabled: false });
    expect(disabled.enabled).toBe(false);
  });

  it('refuses a route to a missing provider (400 naming the route) and a remove while routes use it (409)', async () => {
    svc = await startService();
    const e = await rejects(svc.api.setRouting({ routing: { default: ['ghost/m'] } }));
    expect([e.code, e.field]).toEqual(['BAD_REQUEST', 'routing.default[0]']);
    await svc.api.addProvider({ id: 'a', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: ['m'], makeDefault: false });
    const r = await svc.api.setRouting({ routing: { default: ['synthetic/synthetic-1'], background: ['a/m', 'synthetic/synthetic-1'], modelMap: [{ match: 'x*', route: ['a/m'] }] } });
    expect(r.classes.background).toMatchObject({ own: true, targets: ['a/m', 'synthetic/synthetic-1'] });
    const used = await rejects(svc.api.removeProvider({ id: 'a' }));
    expect(used.code).toBe('CONFLICT');
    expect(used.message).toContain('routing.background');
    const removed = await svc.api.removeProvider({ id: 'a', removeFromRoutes: true });
    expect(removed.routesChanged).toEqual(['routing.background', 'routing.modelMap[0]']);
    const after = await svc.api.getRouting();
    expect(after.doc.background).toEqual(['synthetic/synthetic-1']);
    expect(after.doc.modelMap).toEqual([]);
  });

  it('adds and removes keys: env references kept as written, store entries deleted on removal, warnings for a foreign-looking key', async () => {
    svc = await startService({ env: { MY_KEY: 'env-value-0123456789abcdef' } });
    await svc.api.addProvider({ preset: 'groq', makeDefault: false });
    const env = await svc.api.addKey({ providerId: 'groq', key: 'env:MY_KEY' });
    expect(env.key).toMatchObject({ source: 'env', ref: 'env:MY_KEY', hint: 'env…cdef' });
    const anthropicKey = 'sk-ant-api03-' + 'a'.repeat(90) + 'AA';
    const added = await svc.api.addKey({ providerId: 'groq', key: anthropicKey });
    expect(added.warnings.join(' ')).toMatch(/looks like a.*Anthropic/i);
    const account = added.key.ref!.slice('keychain:'.length);
    expect(await svc.secrets.get(account)).toBe(anthropicKey);
    const dup = await rejects(svc.api.addKey({ providerId: 'groq', key: anthropicKey }));
    expect([dup.code, dup.field]).toEqual(['CONFLICT', 'key']);
    await svc.api.removeKey({ providerId: 'groq', keyId: added.key.id });
    expect(await svc.secrets.get(account)).toBeUndefined();
    expect((await svc.api.listKeys({ providerId: 'groq' })).map((k) => k.ref)).toEqual(['env:MY_KEY']);
    const missingEnv = await rejects(svc.api.addKey({ providerId: 'groq', key: 'env:NOT_SET_ANYWHERE' }));
    expect([missingEnv.code, missingEnv.field]).toEqual(['BAD_REQUEST', 'key']);
  });

  it('says when the secret store is unavailable, suggesting env: references, and stores nothing', async () => {
    const broken = {
      kind: 'os-keychain' as const,
      status: async () => ({ available: false, reason: 'no OS keychain is available here' }),
      get: async () => undefined,
      set: async () => {
        throw new Error('no OS keychain is available here; use "env:NAME" key references instead');
      },
      delete: async () => false,
    };
    svc = await startService({ secrets: broken });
    await svc.api.addProvider({ preset: 'groq', makeDefault: false });
    const e = await rejects(svc.api.addKey({ providerId: 'groq', key: 'gsk_' + 'x'.repeat(52) }));
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toContain('env:NAME');
    expect((await svc.api.getStatus()).secretStore).toMatchObject({ available: false });
    expect((await svc.api.listKeys({ providerId: 'groq' })).length).toBe(0);
  });

  it('exports without keys (env references kept) and imports moving literal keys into the store', async () => {
    svc = await startService({ env: { E_KEY: 'e-value-0123456789abcdef' } });
    const r = await svc.api.importConfig({
      config: {
        providers: [
          { id: 'a', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKeys: [KEY, 'env:E_KEY'], models: ['m'] },
          { id: 'synthetic', protocol: 'synthetic' },
        ],
        routing: { default: ['a/m'], modelMap: { 'claude-*': 'background' } },
      },
    });
    expect(r).toMatchObject({ providers: 2, keysMoved: 1 });
    expect(readFileSync(join(svc.dataDir, 'config.json'), 'utf8')).not.toContain(KEY);
    const exp = await svc.api.exportConfig();
    expect(exp.omittedKeys).toBe(1);
    expect(JSON.stringify(exp)).not.toContain(KEY);
    expect((exp.config as { providers: Array<{ apiKeys?: string[] }> }).providers[0]!.apiKeys).toEqual(['env:E_KEY']);
    // The version-1 modelMap object was migrated on the way in.
    expect((exp.config as { routing: { modelMap: unknown } }).routing.modelMap).toEqual([{ match: 'claude-*', route: 'background' }]);
  });

  it('validates a config without applying it', async () => {
    svc = await startService();
    const v = await svc.api.validateConfig({ config: { providers: [], routing: { default: ['x/y'] } } });
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual(['routing.default[0]: unknown provider "x" (configured: none)']);
    expect((await svc.api.listProviders()).map((p) => p.id)).toEqual(['synthetic']);
  });
});
