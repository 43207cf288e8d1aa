/** GET /metrics access (admin or scrape token, Host and Origin checks) and the audit log. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../electron/core/observability/index';
import { METRICS_TOKEN_FILE } from '../../../electron/core/observability/metrics-endpoint';
import { rawRequest } from '../../support/raw-http';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

describe('GET /metrics', () => {
  it('needs the admin token or the scrape token, a loopback Host and no foreign Origin', async () => {
    svc = await startService();
    const s = svc;
    const get = (headers: Record<string, string>) => rawRequest(`${s.url}/metrics`, { headers });
    expect((await get({})).status).toBe(401);
    expect((await get({ authorization: 'Bearer nope' })).status).toBe(401);
    expect((await get({ authorization: `Bearer ${s.token}` })).status).toBe(200);
    const scrape = 'scrape-token-for-prometheus-0123456789';
    expect((await get({ authorization: `Bearer ${scrape}` })).status).toBe(401);
    writeFileSync(join(s.dataDir, METRICS_TOKEN_FILE), `${scrape}\n`, { mode: 0o600 });
    const ok = await get({ authorization: `Bearer ${scrape}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('aimux_up 1');
    expect((await get({ authorization: `Bearer ${s.token}`, host: 'evil.example:80' })).status).toBe(403);
    expect((await get({ authorization: `Bearer ${s.token}`, origin: 'https://evil.example' })).status).toBe(403);
    expect((await rawRequest(`${s.url}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${s.token}` } })).status).toBe(405);
  });
});

describe('audit log', () => {
  it('records config changes with their actor, key additions and removals by hint, token rotations; never a key', async () => {
    svc = await startService({ watch: true });
    const s = svc;
    const key = 'sk-audit-canary-key-00000000abcd';
    await s.api.addProvider({ id: 'glm', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: ['glm-4.6'] });
    const added = await s.api.addKey({ providerId: 'glm', key });
    await s.api.removeKey({ providerId: 'glm', keyId: added.key.id });
    await s.api.setProviderEnabled({ id: 'glm', enabled: false });
    // An edit of the file on disk, picked up by the watcher.
    const doc = (await s.api.exportConfig()).config as { routing: { longContextThreshold?: number } };
    doc.routing.longContextThreshold = 12345;
    writeFileSync(join(s.dataDir, 'config.json'), JSON.stringify(doc));
    const end = Date.now() + 10_000;
    while (!(await s.api.queryAudit({})).some((a) => a.actor === 'file')) {
      if (Date.now() > end) throw new Error('the file edit was not audited');
      await new Promise((r) => setTimeout(r, 50));
    }
    await s.api.rotateAdminToken();
    // The token changed: read the log with the new one.
    const { createHttpClient } = await import('../../../shared/api/http-client');
    const { tokenFile, ADMIN_TOKEN_FILE } = await import('../../../electron/core/security/token-file');
    const api = createHttpClient({ baseUrl: s.url, token: (await tokenFile(s.dataDir, ADMIN_TOKEN_FILE).read())!, actor: 'ui' });
    const audit = await api.queryAudit({});
    const rows = audit.map((a) => [a.actor, a.action, a.detail]).reverse();
    expect(rows).toEqual([
      ['ui', 'config.change', 'provider added: glm; routing changed'], // the first real provider becomes the default route
      ['ui', 'config.change', 'provider changed: glm (apiKeys)'],
      ['ui', 'key.add', `glm: key ${added.key.id} (${added.key.hint}) in the secret store`],
      ['ui', 'config.change', 'provider changed: glm (apiKeys)'],
      ['ui', 'key.remove', `glm: key ${added.key.id} (${added.key.hint})`],
      ['ui', 'config.change', 'provider changed: glm (enabled)'],
      ['file', 'config.reload', 'routing changed'],
      ['ui', 'token.rotate', 'admin token'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(key);
    expect(audit[0]!.id).toBeGreaterThan(audit[1]!.id);
    expect((await api.queryAudit({ limit: 2, before: audit[1]!.id })).map((a) => a.id)).toEqual([audit[2]!.id, audit[3]!.id]);
    // A change made by the CLI while aimux is not running goes into the same log.
    appendAudit(s.dataDir, { actor: 'cli', action: 'token.rotate', detail: 'metrics scrape token' });
    expect((await api.queryAudit({ limit: 1 }))[0]).toMatchObject({ actor: 'cli', detail: 'metrics scrape token' });
  });
});
