/**
 * The one place the dashboard gets its `ApiClient`:
 * - in the desktop app the preload exposes `window.aimux` → the IPC transport;
 * - served by `aimux serve` at /ui/ → HTTP + server-sent events, same origin, with the admin token
 *   that arrived in the URL fragment (`#token=…`), kept in sessionStorage (never a cookie or query);
 * - `vite` dev without a server → the fake client (dropped from production builds).
 */
import type { ApiClient } from '../../shared/api/client';
import { createHttpClient } from '../../shared/api/http-client';
import { createIpcClient } from '../../shared/api/ipc-client';
import { readAdminToken, takeTokenFromFragment } from './token-store';

export type Transport = 'ipc' | 'http' | 'fake';

export interface Connection {
  client: ApiClient;
  transport: Transport;
}

export async function connect(win: Window = window): Promise<Connection> {
  if (win.aimux) return { client: createIpcClient(win.aimux), transport: 'ipc' };
  takeTokenFromFragment(win);
  if (import.meta.env.DEV && import.meta.env.VITE_AIMUX_API === undefined) {
    const { createFakeClient } = await import('../dev/fake-client');
    return { client: createFakeClient({ live: true }), transport: 'fake' };
  }
  return {
    client: createHttpClient({ baseUrl: '', token: () => readAdminToken(win), actor: 'ui' }),
    transport: 'http',
  };
}
