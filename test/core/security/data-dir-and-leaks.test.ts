/**
 * Keys stay where they belong. The service runs with keys from the config file (literal, then moved
 * to the secret store), the environment and the API; an upstream that echoes the key it was sent in
 * its error message; failover, the provider test, token changes and settings writes. Then: every
 * file aimux wrote in the data dir is 0600 (folders 0700) and holds no key; no log line, core
 * event, API answer or client response holds one; crash output is redacted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { describeCrash } from '../../../electron/core/cli/crash';
import { json, startFakeUpstream } from '../../support/fake-upstream';
import { anthropicKit } from '../resilience/helpers';
import { startService, tempDataDir } from '../../support/service';
import { LEAK_KEYS } from '../../support/test-keys';
import { FAKE } from '../../support/fake-secrets';
import { useCleanup } from '../translation-e2e/helpers';

const track = useCleanup();
const KEYS = Object.values(LEAK_KEYS);

function walk(dir: string): Array<{ path: string; dir: boolean }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? [{ path: p, dir: true }, ...walk(p)] : [{ path: p, dir: false }];
  });
}

function expectNoKey(where: string, text: string): void {
  for (const k of KEYS) expect(text.includes(k), `${where} contains a key`).toBe(false);
}

describe('a full session', () => {
  it('leaves only private files without keys, and no key in logs, events, API answers or responses', async () => {
    // The OpenAI provider rejects its first key and quotes it back, like some real providers do.
    const oa = track(
      await startFakeUpstream((req, res) => {
        const auth = String(req.headers.authorization ?? '');
        if (auth.includes(LEAK_KEYS.openai)) return json(res, 401, { error: { message: `Incorrect API key provided: ${LEAK_KEYS.openai}`, type: 'invalid_request_error', code: 'invalid_api_key' } });
        return json(res, 500, { error: { message: `upstream failed for ${auth}`, type: 'server_error' } });
      }),
    );
    const an = track(await startFakeUpstream((req, res) => anthropicKit.reply(req, res, 'ok')));
    const dataDir = tempDataDir();
    const svc = await startService({
      dataDir,
      env: { LEAK_ENV: LEAK_KEYS.env },
      config: {
        providers: [
          { id: 'oa', protocol: 'openai', baseUrl: `${oa.url}/v1`, apiKeys: [LEAK_KEYS.openai], models: ['m'] },
          { id: 'an', protocol: 'anthropic', baseUrl: an.url, apiKeys: ['env:LEAK_ENV', LEAK_KEYS.anthropic], models: ['m'] },
        ],
        routing: { default: ['oa/m', 'an/m'] },
      },
    });
    const events: unknown[] = [];
    svc.service.core.on('*', (e) => events.push(e));
    const answers: string[] = [];
    const keep = async (p: Promise<unknown>) => answers.push(JSON.stringify(await p.catch((e: unknown) => ({ error: String(e), ...(e as object) }))));
    try {
      // Traffic: oa rejects (and echoes) its key; then oa is skipped and an serves.
      const direct = await fetch(`${svc.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'oa/m', messages: [{ role: 'user', content: 'hi' }] }) });
      const directText = await direct.text();
      expect(direct.status).toBe(401);
      expect(directText).toContain('Incorrect API key provided');
      answers.push(directText);
      const client = new Anthropic({ apiKey: 'client-key', baseURL: svc.url, maxRetries: 0 });
      answers.push(JSON.stringify(await client.messages.create({ model: 'x', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })));
      // Management: settings, keys added, listed, removed and (last write) moved; tokens; export; the provider test.
      await keep(svc.api.updateSettings({ server: { pingIntervalMs: 5000 } }));
      await keep(svc.api.addKey({ providerId: 'oa', key: LEAK_KEYS.keychain }));
      for (const p of [svc.api.listProviders(), svc.api.getProvider({ id: 'an' }), svc.api.listKeys(), svc.api.exportConfig(), svc.api.getHealth(), svc.api.getStatus(), svc.api.getSettings(), svc.api.getRouting()]) await keep(p);
      await keep(svc.api.testProvider({ id: 'oa' }));
      await keep(svc.api.testProvider({ id: 'an' }));
      await keep(svc.api.rotateProxyToken());
      await keep(svc.api.removeProxyToken());
      // The last config writes drop literal keys: the backup they leave must not keep them.
      await keep(svc.api.moveLiteralKeys());
      expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toContain('keychain:');
      answers.push(await (await fetch(`${svc.url}/health`)).text());
    } finally {
      await svc.close();
    }
    expect(oa.requests.length).toBeGreaterThan(0);

    for (const a of answers) expectNoKey('an API answer or client response', a);
    expectNoKey('the log', svc.logs.join('\n'));
    expectNoKey('core events', JSON.stringify(events));

    const entries = walk(dataDir);
    expect(entries.map((e) => e.path.slice(dataDir.length + 1)).sort()).toEqual(expect.arrayContaining(['admin-token', 'config.json', 'config.schema.json']));
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    for (const e of entries) {
      const mode = (statSync(e.path).mode & 0o777).toString(8);
      expect(`${e.path}: ${mode}`).toBe(`${e.path}: ${e.dir ? '700' : '600'}`);
      if (!e.dir) expectNoKey(e.path, readFileSync(e.path, 'latin1'));
    }
  });
});

describe('crash output', () => {
  it('an unexpected error is printed as its redacted stack: no key, no cause chain, no attached headers', () => {
    const err = Object.assign(new Error(`request failed: Authorization: Bearer ${FAKE.anthropic}`, { cause: new Error(`inner ${FAKE.github}`) }), {
      headers: { authorization: `Bearer ${FAKE.anthropic}` },
    });
    const out = describeCrash(err);
    expect(out).toContain('request failed: Authorization: Bearer [REDACTED:anthropic-key]');
    expect(out).toMatch(/\n\s+at /);
    expect(out).not.toContain(FAKE.anthropic);
    expect(out).not.toContain(FAKE.github);
    expect(describeCrash(`plain ${FAKE.stripe}`)).toBe('plain [REDACTED:stripe-key]');
  });
});
