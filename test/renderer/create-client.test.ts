/** The one place the client is made: IPC in the desktop app, HTTP with the fragment token otherwise. */
import { describe, expect, it, vi } from 'vitest';
import { connect } from '../../renderer/api/create-client';
import { readAdminToken, takeTokenFromFragment } from '../../renderer/api/token-store';
import type { IpcBridge } from '../../shared/api/ipc-client';

describe('the admin token from the URL fragment', () => {
  it('moves to sessionStorage and leaves the address bar, never to a cookie or query', () => {
    history.replaceState(null, '', '/ui/?x=1#token=adm_secret123');
    expect(takeTokenFromFragment(window)).toBe('adm_secret123');
    expect(readAdminToken(window)).toBe('adm_secret123');
    expect(window.location.href).not.toContain('adm_secret123');
    expect(window.location.pathname).toBe('/ui/');
    expect(window.location.search).toBe('?x=1');
    expect(document.cookie).toBe('');
  });

  it('leaves other fragments alone', () => {
    history.replaceState(null, '', '/ui/#/providers');
    expect(takeTokenFromFragment(window)).toBeUndefined();
    expect(window.location.hash).toBe('#/providers');
  });
});

describe('connect', () => {
  it('uses IPC when the desktop preload exposes window.aimux', async () => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: { version: '1' } }));
    const bridge: IpcBridge = { invoke, on: () => () => {} };
    (window as { aimux?: IpcBridge }).aimux = bridge;
    try {
      const { client, transport } = await connect(window);
      expect(transport).toBe('ipc');
      await client.getStatus();
      expect(invoke).toHaveBeenCalledWith('getStatus', {});
    } finally {
      delete (window as { aimux?: IpcBridge }).aimux;
    }
  });

  it('uses HTTP with the token in the Authorization header (same origin) when served by aimux serve', async () => {
    vi.stubEnv('VITE_AIMUX_API', '');
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ version: '1' }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    try {
      history.replaceState(null, '', '/ui/#token=adm_abc');
      const { client, transport } = await connect(window);
      expect(transport).toBe('http');
      await client.getStatus();
      const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
      expect(url).toBe('/api/v1/status');
      expect((init.headers as Record<string, string>).authorization).toBe('Bearer adm_abc');
      expect(url).not.toContain('adm_abc');
    } finally {
      vi.unstubAllGlobals();
      vi.unstubAllEnvs();
    }
  });
});
