/**
 * Where aimux listens: loopback by default; beyond loopback only with an explicit host and a proxy
 * token (refused with a message that says how to create one), and then the token is required on
 * every proxy route and cannot be removed while it listens there. Traffic stays on 127.0.0.1.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBind } from '../../../electron/core/security/bind-policy';
import { createMemorySecretStore } from '../../../electron/core/secrets/memory-store';
import { PROXY_TOKEN_FILE, tokenFile } from '../../../electron/core/security/token-file';
import { createAimuxService } from '../../../electron/core/service/create-service';
import type { AimuxService } from '../../../electron/core/service/types';
import { interfaceAddresses } from '../../../electron/core/security/bind-policy';
import { rawRequest } from '../../support/raw-http';
import { tempDataDir } from '../../support/service';

const open: AimuxService[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.stop(500);
});

async function service(dataDir: string, host?: string): Promise<AimuxService> {
  const s = await createAimuxService({ dataDir, mode: 'headless', secretStore: createMemorySecretStore(), port: 0, watch: false, env: {}, ...(host ? { host } : {}) });
  open.push(s);
  return s;
}

describe('the decision table', () => {
  it.each([
    ['127.0.0.1', false, false, true],
    ['localhost', false, false, true],
    ['::1', true, false, true],
    ['127.0.0.2', true, false, true],
    ['0.0.0.0', false, true, false],
    ['0.0.0.0', true, false, false],
    ['0.0.0.0', true, true, true],
    ['192.168.1.5', true, true, true],
    ['::', false, false, false],
  ])('%s (explicit %s, token %s) → listen %s', (host, explicit, proxyTokenSet, ok) => {
    expect(checkBind({ host, explicit, proxyTokenSet }).ok).toBe(ok);
  });
});

describe('the service', () => {
  it('listens on 127.0.0.1 by default', async () => {
    const s = await service(tempDataDir());
    const st = await s.start();
    expect(new URL(st.url!).hostname).toBe('127.0.0.1');
  });

  it('a config file alone cannot open the port: server.host beyond loopback without an explicit host is refused', async () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ server: { host: '0.0.0.0' }, providers: [{ id: 'synthetic', protocol: 'synthetic' }], routing: { default: ['synthetic/synthetic-1'] } }));
    const s = await service(dir);
    await expect(s.start()).rejects.toThrow(/server\.host is "0\.0\.0\.0".*explicit --host 0\.0\.0\.0.*aimux token proxy rotate/);
    expect(s.status()).toMatchObject({ state: 'error', url: null });
  });

  it('an explicit host beyond loopback without a proxy token is refused, saying how to create one', async () => {
    const s = await service(tempDataDir(), '0.0.0.0');
    await expect(s.start()).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without a proxy token.*aimux token proxy rotate.*ANTHROPIC_AUTH_TOKEN/);
    expect(s.status().error).toMatch(/proxy token/);
  });

  it('with a proxy token it listens beyond loopback; every proxy route needs the token; it cannot be removed meanwhile', async () => {
    const dir = tempDataDir();
    const token = await tokenFile(dir, PROXY_TOKEN_FILE).rotate();
    const s = await service(dir, '0.0.0.0');
    const st = await s.start();
    expect(st.proxyTokenRequired).toBe(true);
    const port = st.port;
    const url = `http://127.0.0.1:${port}`;
    const body = JSON.stringify({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    const post = (headers: Record<string, string>) => rawRequest(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-api-key': 'anything' })).status).toBe(401);
    expect((await post({ 'x-api-key': token })).status).toBe(200);
    // Bound to a wildcard, a LAN client names one of this machine's addresses in Host: accepted;
    // any other name is still refused (DNS rebinding).
    const lan = interfaceAddresses().find((a) => !a.startsWith('127.') && a !== '::1' && !a.includes(':'));
    if (lan) expect((await post({ 'x-api-key': token, host: `${lan}:${port}` })).status).toBe(200);
    expect((await post({ 'x-api-key': token, host: `evil.example:${port}` })).status).toBe(403);
    expect(await s.api.getProxyToken({}, { actor: 'api' })).toEqual({ set: true, required: true });
    await expect(s.api.removeProxyToken({}, { actor: 'api' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await post({})).status).toBe(401);
  });
});
