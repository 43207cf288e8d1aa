/**
 * Every management API operation, over HTTP: refused without the admin token (401), with a forged
 * Host (403, DNS rebinding) and from a foreign Origin (403), and answered with it. No CORS header is
 * ever sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, API_METHODS } from '../../../shared/api/contract';
import type { ApiMethod, OpDef } from '../../../shared/api/contract';
import { requestFor } from '../../../shared/api/http-client';
import { rawRequest } from '../../support/raw-http';
import type { RawResponse } from '../../support/raw-http';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';

let svc: TestService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(() => svc.close());

/** A minimal valid input per operation (ids that exist where one is needed). */
const INPUTS: Partial<Record<ApiMethod, Record<string, unknown>>> = {
  setPaused: { paused: false },
  getProvider: { id: 'synthetic' },
  addProvider: { preset: 'ollama', id: 'local-ollama' },
  updateProvider: { id: 'synthetic', patch: { weight: 2 } },
  removeProvider: { id: 'nope' },
  setProviderEnabled: { id: 'synthetic', enabled: true },
  testProvider: { id: 'synthetic' },
  listProviderModels: { id: 'synthetic' },
  addKey: { providerId: 'synthetic', key: 'env:HOME_NOT_SET_HERE' },
  removeKey: { providerId: 'synthetic', keyId: 'synthetic#0' },
  setRouting: { routing: { default: ['synthetic/synthetic-1'] } },
  importConfig: { config: { providers: [{ id: 'synthetic', protocol: 'synthetic' }], routing: { default: ['synthetic/synthetic-1'] } } },
  validateConfig: { config: {} },
  updateSettings: { server: { pingIntervalMs: 5000 } },
  getRequest: { id: 'req_x' },
  runSpeedTest: { n: 1 },
};

async function call(name: ApiMethod, headers: Record<string, string>): Promise<RawResponse> {
  const def = API[name] as OpDef;
  const r = requestFor(def, INPUTS[name] ?? {});
  return rawRequest(`${svc.url}/api/v1${r.path}${r.query}`, {
    method: def.method,
    headers: { ...(r.body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(r.body ? { body: r.body } : {}),
  });
}

// rotateAdminToken would invalidate the token the rest of the table uses; it is tested on its own below.
const TABLE = API_METHODS.filter((m) => m !== 'rotateAdminToken');

describe('management API access', () => {
  it.each(TABLE)('%s: 401 without the admin token, 403 with a forged Host or a foreign Origin', async (name) => {
    const none = await call(name, {});
    expect(none.status).toBe(401);
    expect(none.json<{ error: { code: string } }>().error.code).toBe('UNAUTHORIZED');
    const auth = { authorization: `Bearer ${svc.token}` };
    const wrong = await call(name, { authorization: `Bearer ${svc.token.slice(0, -2)}xx` });
    expect(wrong.status).toBe(401);
    const host = await call(name, { ...auth, host: 'attacker.example:4141' });
    expect(host.status).toBe(403);
    const origin = await call(name, { ...auth, origin: 'https://evil.example' });
    expect(origin.status).toBe(403);
    for (const r of [none, wrong, host, origin]) expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each(TABLE)('%s: answered with the token (never 401/403), JSON either way', async (name) => {
    const res = await call(name, { authorization: `Bearer ${svc.token}` });
    expect([401, 403]).not.toContain(res.status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const body = res.json<{ error?: { code: string } }>();
    if (res.status >= 400) expect(typeof body.error?.code).toBe('string');
  });

  it('accepts its own origin (the dashboard is same-origin) and localhost names', async () => {
    const own = new URL(svc.url);
    const res = await fetch(`${svc.url}/api/v1/status`, { headers: { authorization: `Bearer ${svc.token}`, origin: svc.url } });
    expect(res.status).toBe(200);
    const lh = await rawRequest(`${svc.url}/api/v1/status`, { headers: { authorization: `Bearer ${svc.token}`, host: `localhost:${own.port}` } });
    expect(lh.status).toBe(200);
  });

  it('answers a CORS preflight without allow headers', async () => {
    const res = await fetch(`${svc.url}/api/v1/providers`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('guards the event stream the same way', async () => {
    expect((await fetch(`${svc.url}/api/v1/events`)).status).toBe(401);
    expect((await fetch(`${svc.url}/api/v1/events`, { headers: { authorization: `Bearer ${svc.token}`, origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('rotates the admin token: the old one stops working at once', async () => {
    const old = svc.token;
    const res = await fetch(`${svc.url}/api/v1/tokens/admin/rotate`, { method: 'POST', headers: { authorization: `Bearer ${old}` } });
    const { token } = (await res.json()) as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await fetch(`${svc.url}/api/v1/status`, { headers: { authorization: `Bearer ${old}` } })).status).toBe(401);
    expect((await fetch(`${svc.url}/api/v1/status`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    svc.token = token;
  });
});
