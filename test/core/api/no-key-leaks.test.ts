/**
 * A known fake key goes in through the API, requests run (some answered by an upstream that echoes
 * the key back in its error message), then every API answer, every log line, every client answer
 * and every file in the data dir is searched for it: zero hits.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { json, openAITextStream, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';

const KEY = 'sk-proj-LEAKCHECK0123456789abcdefghijklmnop';
let svc: TestService | undefined;
let up: FakeUpstream | undefined;
afterEach(async () => {
  await svc?.close();
  await up?.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('no key leaks', () => {
  it('keeps the key out of API answers, logs, client answers and files on disk', async () => {
    up = await startFakeUpstream((req, res, n) => {
      // The worst upstream: it quotes the credential it was given.
      if (n % 2 === 0) return json(res, 401, { error: { message: `Incorrect API key provided: ${String(req.headers.authorization)}`, type: 'invalid_request_error' } });
      return req.json?.stream ? sse(res, openAITextStream(['fine'], { usage: true })) : json(res, 200, { id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }] });
    });
    svc = await startService();
    const added = await svc.api.addProvider({ id: 'leaky', protocol: 'openai', baseUrl: `${up.url}/v1`, models: ['m'], apiKeys: [KEY], makeDefault: true });
    const seen: string[] = [JSON.stringify(added)];
    for (let i = 0; i < 6; i++) {
      for (const stream of [false, true]) {
        const res = await fetch(`${svc.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'leaky/m', stream, messages: [{ role: 'user', content: 'hi' }] }) });
        seen.push(JSON.stringify([...res.headers]), await res.text());
        const a = await fetch(`${svc.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: 'leaky/m', max_tokens: 8, stream, messages: [{ role: 'user', content: 'hi' }] }) });
        seen.push(await a.text());
      }
    }
    seen.push(JSON.stringify(await svc.api.testProvider({ id: 'leaky' })));
    seen.push(JSON.stringify(await svc.api.listProviders()));
    seen.push(JSON.stringify(await svc.api.getProvider({ id: 'leaky' })));
    seen.push(JSON.stringify(await svc.api.listKeys()));
    seen.push(JSON.stringify(await svc.api.exportConfig()));
    seen.push(JSON.stringify(await svc.api.getStatus()));
    seen.push(JSON.stringify(await svc.api.getHealth()));
    seen.push(JSON.stringify(await svc.api.getRouting()));
    seen.push(await (await fetch(`${svc.url}/health`)).text());
    // The upstream really was given the key, and really echoed it back.
    expect(up.requests.some((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(seen.some((s) => s.includes('Incorrect API key provided'))).toBe(true);

    expect(seen.filter((s) => s.includes(KEY))).toEqual([]);
    expect(svc.logs.filter((l) => l.includes(KEY))).toEqual([]);
    const files = filesUnder(svc.dataDir);
    expect(files.length).toBeGreaterThan(2);
    expect(files.filter((f) => readFileSync(f).includes(KEY))).toEqual([]);
  });
});
