/** The dashboard window's security options, its hardening, the CSP and the app:// file server. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP, DASHBOARD_URL, createAppProtocolHandler, fileFor } from '../../electron/shell/app-protocol';
import { createDashboardWindows, dashboardWindowOptions, hardenSession, isSafeExternalUrl } from '../../electron/shell/windows';
import type { WindowLike } from '../../electron/shell/windows';

function fakeWindow(id: number) {
  const handlers = new Map<string, Array<(...a: unknown[]) => unknown>>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  const log: string[] = [];
  let destroyed = false;
  let minimized = false;
  const add = (e: string, l: (...a: unknown[]) => unknown) => {
    handlers.set(e, [...(handlers.get(e) ?? []), l]);
  };
  const w = {
    log,
    fire(event: string, ...args: unknown[]) {
      for (const l of handlers.get(event) ?? []) l(...args);
    },
    openWindow: (url: string) => openHandler!({ url }),
    webContents: {
      id,
      on: (e: string, l: (...a: unknown[]) => unknown) => add(`wc:${e}`, l),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => {
        openHandler = h;
      },
      send: () => {},
      isDestroyed: () => destroyed,
    },
    on: (e: string, l: (...a: unknown[]) => unknown) => add(e, l),
    once: (e: string, l: (...a: unknown[]) => unknown) => add(e, l),
    loadURL: async (url: string) => void log.push(`load ${url}`),
    show: () => log.push('show'),
    focus: () => log.push('focus'),
    hide: () => log.push('hide'),
    restore: () => log.push('restore'),
    isMinimized: () => minimized,
    isDestroyed: () => destroyed,
    destroy() {
      destroyed = true;
      w.fire('closed');
    },
    minimize() {
      minimized = true;
    },
  };
  return w;
}

const preventable = () => {
  const e = { prevented: false, preventDefault: () => void (e.prevented = true) };
  return e;
};

describe('dashboard window options', () => {
  it('isolates the renderer: contextIsolation, sandbox, no node anywhere, no webview', () => {
    const o = dashboardWindowOptions('/app/preload.cjs');
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(o.show).toBe(false);
  });

  it('opens only http(s) links outside', () => {
    expect(isSafeExternalUrl('https://docs.anthropic.com/x')).toBe(true);
    expect(isSafeExternalUrl('http://localhost:4141/')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://aimux/index.html', 'ms-msdt:/id', 'https://user:pw@x.example/', 'nonsense']) {
      expect(isSafeExternalUrl(bad)).toBe(false);
    }
  });
});

describe('dashboard windows', () => {
  function setup() {
    const created: Array<ReturnType<typeof fakeWindow>> = [];
    const opened: string[] = [];
    const visible: boolean[] = [];
    let quitting = false;
    const wins = createDashboardWindows({
      create: (options) => {
        expect(options.webPreferences?.sandbox).toBe(true);
        const w = fakeWindow(10 + created.length);
        created.push(w);
        return w as unknown as WindowLike;
      },
      preload: '/p.cjs',
      openExternal: (u) => opened.push(u),
      isQuitting: () => quitting,
      onVisibilityChange: (v) => visible.push(v),
    });
    return { wins, created, opened, visible, quit: () => void (quitting = true) };
  }

  it('loads the dashboard from app://, shows it when ready, and reuses the window', () => {
    const { wins, created } = setup();
    wins.show();
    const w = created[0]!;
    expect(w.log).toEqual([`load ${DASHBOARD_URL}`]);
    w.fire('ready-to-show');
    expect(w.log).toContain('show');
    w.minimize();
    wins.show();
    expect(created).toHaveLength(1);
    expect(w.log.slice(-3)).toEqual(['restore', 'show', 'focus']);
    expect(wins.ownsWebContents(10)).toBe(true);
    expect(wins.ownsWebContents(11)).toBe(false);
  });

  it('closing hides the window (the app stays in the tray) until the app quits', () => {
    const { wins, created, visible, quit } = setup();
    wins.show();
    const w = created[0]!;
    const e = preventable();
    w.fire('close', e);
    expect(e.prevented).toBe(true);
    expect(w.log).toContain('hide');
    expect(visible).toEqual([false]);
    quit();
    const e2 = preventable();
    w.fire('close', e2);
    expect(e2.prevented).toBe(false);
    w.destroy();
    expect(wins.contents()).toEqual([]);
    expect(wins.ownsWebContents(10)).toBe(false);
    wins.show();
    expect(created).toHaveLength(2);
  });

  it('blocks navigation, redirects, webviews and window.open; web links go to the browser', () => {
    const { wins, created, opened } = setup();
    wins.show();
    const w = created[0]!;
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://aimux/other.html']) {
      const e = preventable();
      w.fire('wc:will-navigate', e, url);
      expect(e.prevented).toBe(true);
    }
    const r = preventable();
    w.fire('wc:will-redirect', r, 'https://x.example/');
    expect(r.prevented).toBe(true);
    const wv = preventable();
    w.fire('wc:will-attach-webview', wv);
    expect(wv.prevented).toBe(true);
    expect(w.openWindow('https://github.com/aimux')).toEqual({ action: 'deny' });
    expect(w.openWindow('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(w.openWindow('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://evil.example/', 'https://github.com/aimux']);
  });

  it('denies every permission request and check', () => {
    const granted: boolean[] = [];
    let check: (() => boolean) | undefined;
    hardenSession({
      setPermissionRequestHandler: (h) => {
        for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation']) h(null, p, (g) => granted.push(g));
      },
      setPermissionCheckHandler: (h) => {
        check = h;
      },
    });
    expect(granted).toEqual([false, false, false, false]);
    expect(check!()).toBe(false);
  });
});

describe('CSP', () => {
  const directives = Object.fromEntries(CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

  it('allows scripts only from the app itself: no inline, no eval, no remote', () => {
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('forbids frames, plugins, forms and <base>', () => {
    for (const d of ['frame-src', 'frame-ancestors', 'object-src', 'base-uri', 'form-action']) expect(directives[d]).toEqual(["'none'"]);
  });
});

describe('app:// protocol', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'aimux-renderer-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>aimux</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, '..', 'outside-secret.txt'), 'secret');
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(join(root, '..', 'outside-secret.txt'), { force: true });
  });
  const get = (url: string, method = 'GET') => createAppProtocolHandler(root)(new Request(url, { method }));

  it('serves files with their type and the CSP on every answer', async () => {
    const html = await get('app://aimux/index.html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.headers.get('content-security-policy')).toBe(CSP);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await html.text()).toContain('<title>aimux</title>');
    const js = await get('app://aimux/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await get('app://aimux/')).status).toBe(200);
  });

  it('answers client routes with index.html and missing assets with 404 (with the CSP)', async () => {
    expect(await (await get('app://aimux/providers/glm')).text()).toContain('<title>aimux</title>');
    const missing = await get('app://aimux/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CSP);
  });

  it('never leaves its root, and serves only its own host', async () => {
    for (const url of ['app://aimux/../outside-secret.txt', 'app://aimux/%2e%2e/outside-secret.txt', 'app://aimux/..%2foutside-secret.txt', 'app://aimux/..%5coutside-secret.txt', 'app://other/index.html']) {
      const res = await get(url);
      expect(res.status === 404 || !(await res.text()).includes('secret')).toBe(true);
    }
    expect(fileFor(root, '/..%2f..%2fetc/passwd')).toBeUndefined();
    expect(fileFor(root, '/a%00b')).toBeUndefined();
    expect(fileFor(root, '/%E0%A4%A')).toBeUndefined();
    expect((await get('app://aimux/index.html', 'POST')).status).toBe(404);
  });
});
