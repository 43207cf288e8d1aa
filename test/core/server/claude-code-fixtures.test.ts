/**
 * Every recorded Claude Code request passes through to an Anthropic-shaped upstream byte for byte,
 * except the model (rewritten to the target's), `stream` (a non-streaming request is streamed upstream
 * and its answer assembled) and auth (the provider's key, not the client's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropicTextStream, json, anthropicMessage, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { claudeCodeRequests } from '../../support/fixtures';
import { singleProvider, startProxy } from '../../support/proxy';
import type { TestProxy } from '../../support/proxy';

const recorded = claudeCodeRequests();
let upstream: FakeUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  upstream = await startFakeUpstream((req, res) => (req.json?.stream ? sse(res, anthropicTextStream(['ok'])) : json(res, 200, anthropicMessage('ok'))));
  proxy = await startProxy(singleProvider('anthropic', upstream.url));
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

describe('recorded Claude Code requests, passthrough', () => {
  it('there are recorded requests of both versions', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(10);
    expect(new Set(recorded.map((r) => r.name.split('/')[0]))).toEqual(new Set(['v2.1.197', 'v2.1.330']));
  });

  it.each(recorded.map((r) => [r.name, r] as const))('%s', async (_name, rec) => {
    const raw = JSON.stringify(rec.body);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec.headers)) {
      if (!['host', 'content-length', 'connection', 'accept-encoding'].includes(k)) headers[k] = v;
    }
    headers['x-api-key'] = 'the-client-key-must-not-leak';
    const query = new URLSearchParams(rec.query).toString();
    const res = await fetch(`${proxy.url}${rec.path}${query ? `?${query}` : ''}`, { method: 'POST', headers, body: raw });
    expect(res.status).toBe(200);
    // The non-streaming fallback is answered with the message assembled from the upstream's stream.
    if (rec.body.stream === true) await res.arrayBuffer();
    else expect(await res.json()).toEqual(anthropicMessage('ok'));
    const got = upstream.requests.at(-1)!;
    const expected = raw.replace(`"model":${JSON.stringify(rec.body.model)}`, '"model":"up-model"').replace(/"stream":false}$/, '"stream":true}');
    expect(expected).not.toBe(raw);
    if (rec.body.stream !== true) expect(expected).toMatch(/"stream":true}$/);
    expect(got.raw.toString('utf8')).toBe(expected);
    expect(got.url).toBe(`/v1/messages${query ? `?${query}` : ''}`);
    expect(got.headers['x-api-key']).toBe('test-upstream-key-000001');
    expect(got.headers['anthropic-version']).toBe(rec.headers['anthropic-version']);
    expect(got.headers['anthropic-beta']).toBe(rec.headers['anthropic-beta']);
    expect(JSON.stringify(got.headers)).not.toContain('the-client-key-must-not-leak');
  });
});
