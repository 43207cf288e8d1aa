/**
 * The config file as a live store: a version-1 file is migrated in memory (same meaning) and
 * written in the new form on the next save; writes are atomic, 0600, with a backup; the published
 * JSON Schema accepts what aimux writes; edits on disk apply, and an invalid edit is refused while
 * the running config stays.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterEach, describe, expect, it } from 'vitest';
import { configJsonSchemaText } from '../../../electron/core/config/json-schema';
import { resolveConfig } from '../../../electron/core/config/schema';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

const V1 = {
  providers: [{ id: 'synthetic', protocol: 'synthetic' }],
  routing: {
    default: ['synthetic/synthetic-1'],
    background: ['synthetic/synthetic-1'],
    // Version 1 wrote modelMap as an object; "4" is an integer-like key, which JSON objects reorder.
    modelMap: { 'claude-*haiku*': 'background', '4': 'thinking', 'gpt-*': ['synthetic/synthetic-1'] },
  },
};

const mode = (p: string) => statSync(p).mode & 0o777;
const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

async function classOf(url: string, model: string): Promise<string | null> {
  const res = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
  });
  await res.arrayBuffer();
  return res.headers.get('x-aimux-class');
}

describe('config store', () => {
  it('migrates a version-1 file in memory, keeps its meaning, and writes version 2 on the next save with a backup', async () => {
    svc = await startService({ config: V1 });
    const path = join(svc.dataDir, 'config.json');
    const v1Text = readFileSync(path, 'utf8');
    expect((await svc.api.getStatus()).configMigratedFrom).toBe(1);
    // Still version 1 on disk until something is saved.
    expect(readFileSync(path, 'utf8')).toBe(v1Text);
    expect(await classOf(svc.url, 'claude-3-5-haiku-20241022')).toBe('background');
    // Version 1 evaluated modelMap in the parsed object's key order (integer-like keys first); the
    // migration keeps exactly that order, and from version 2 on the array makes it explicit.
    const migrated = resolveConfig(V1, { source: 't', env: {} });
    expect(migrated.routing.modelMap.map((e) => e.pattern)).toEqual(['4', 'claude-*haiku*', 'gpt-*']);

    await svc.api.updateSettings({ server: { pingIntervalMs: 5000 } });
    const saved = JSON.parse(readFileSync(path, 'utf8'));
    expect(saved.version).toBe(2);
    expect(saved.$schema).toBe('./config.schema.json');
    expect(saved.routing.modelMap).toEqual([
      { match: '4', route: 'thinking' },
      { match: 'claude-*haiku*', route: 'background' },
      { match: 'gpt-*', route: ['synthetic/synthetic-1'] },
    ]);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(v1Text);
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}.bak`)).toBe(0o600);
    expect(await classOf(svc.url, 'claude-3-5-haiku-20241022')).toBe('background');
    expect((await svc.api.getStatus()).configMigratedFrom).toBeUndefined();
  });

  it('writes the JSON Schema beside the config, and that schema accepts what aimux writes and rejects typos', async () => {
    svc = await startService();
    await svc.api.addProvider({ id: 'o', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: ['m'], headers: { 'x-team': 'a' } });
    const schema = JSON.parse(readFileSync(join(svc.dataDir, 'config.schema.json'), 'utf8'));
    expect(schema).toEqual(JSON.parse(configJsonSchemaText()));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const doc = JSON.parse(readFileSync(join(svc.dataDir, 'config.json'), 'utf8'));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...doc, providers: [{ ...doc.providers[0], baseURL: 'x' }] })).toBe(false);
  });

  it('refuses a version newer than it knows', async () => {
    expect(() => resolveConfig({ version: 9, providers: [], routing: { default: ['a/b'] } }, { source: 'f', env: {} })).toThrow(/newer aimux/);
  });

  it('applies an edit of the file on disk, and refuses an invalid one while the running config stays', async () => {
    svc = await startService({ config: { version: 2, providers: [{ id: 'synthetic', protocol: 'synthetic' }], routing: { default: ['synthetic/synthetic-1'] } }, watch: true });
    const path = join(svc.dataDir, 'config.json');
    const good = { version: 2, providers: [{ id: 'synthetic', protocol: 'synthetic' }], routing: { default: ['synthetic/synthetic-1'], background: ['synthetic/synthetic-1'], modelMap: [{ match: 'tiny*', route: 'background' }] } };
    writeFileSync(path, JSON.stringify(good));
    await until(() => svc!.logs.some((l) => l.includes('reloaded')));
    expect(await classOf(svc.url, 'tiny-model')).toBe('background');
    writeFileSync(path, '{ "providers": [ oops');
    await until(() => svc!.logs.some((l) => l.includes('was edited but not applied')));
    expect(svc.logs.find((l) => l.includes('was edited but not applied'))).toMatch(/line 1, column 18/);
    expect(await classOf(svc.url, 'tiny-model')).toBe('background');
    writeFileSync(path, JSON.stringify({ ...good, routing: { default: ['ghost/x'] } }));
    await until(() => svc!.logs.filter((l) => l.includes('was edited but not applied')).length === 2);
    expect(svc.logs.at(-1)).toContain('unknown provider "ghost"');
    expect(await classOf(svc.url, 'tiny-model')).toBe('background');
  });
});
