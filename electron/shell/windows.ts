/**
 * The dashboard window: one at a time, created on demand, hidden (not closed) when the user closes
 * it so the app stays in the tray. Locked down the Electron way:
 *
 *   webPreferences      contextIsolation, sandbox, no nodeIntegration (also in workers and subframes),
 *                       no webview tag, web security on, no remote fonts or plugins
 *   content             loaded from app://aimux (app-protocol.ts: strict CSP on every answer)
 *   navigation          blocked; a link to http(s) opens in the browser, any other scheme is dropped
 *   window.open         denied; http(s) targets open in the browser
 *   <webview>           refused
 *   permissions         every request and check denied (camera, notifications, clipboard read, …)
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { DASHBOARD_URL } from './app-protocol';

export function dashboardWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'aimux',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Only web links leave the app, and only to the browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

type Preventable = { preventDefault(): void };

/** The part of a WebContents the hardening touches. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function hardenWebContents(contents: HardenableContents, openExternal: (url: string) => void): void {
  const leave = (url: string) => {
    if (isSafeExternalUrl(url)) openExternal(url);
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    leave(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    leave(url);
    return { action: 'deny' };
  });
}

/** The part of a Session the hardening touches. */
export interface HardenableSession {
  setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export interface WindowLike {
  readonly webContents: HardenableContents & { readonly id: number; send(channel: string, data: unknown): void; isDestroyed(): boolean };
  on(event: 'close', listener: (event: Preventable) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  hide(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export interface DashboardWindowsOptions {
  create(options: BrowserWindowConstructorOptions): WindowLike;
  preload: string;
  openExternal(url: string): void;
  /** True once the app is quitting: then closing really closes. */
  isQuitting(): boolean;
  /** Called when the window shows or hides (macOS shows the Dock icon only while it is visible). */
  onVisibilityChange?(visible: boolean): void;
  onLoadError?(err: unknown): void;
}

export interface DashboardWindows {
  /** Shows the dashboard, creating it if needed, and focuses it. */
  show(): WindowLike;
  /** True for the WebContents of the dashboard (the IPC sender check). */
  ownsWebContents(id: number): boolean;
  /** Where events go. */
  contents(): Array<WindowLike['webContents']>;
}

export function createDashboardWindows(opts: DashboardWindowsOptions): DashboardWindows {
  let win: WindowLike | undefined;

  const create = (): WindowLike => {
    const w = opts.create(dashboardWindowOptions(opts.preload));
    hardenWebContents(w.webContents, opts.openExternal);
    w.on('close', (event) => {
      if (opts.isQuitting()) return;
      event.preventDefault();
      w.hide();
      opts.onVisibilityChange?.(false);
    });
    w.on('closed', () => {
      if (win === w) win = undefined;
    });
    w.once('ready-to-show', () => {
      w.show();
      opts.onVisibilityChange?.(true);
    });
    w.loadURL(DASHBOARD_URL).catch((err: unknown) => opts.onLoadError?.(err));
    return w;
  };

  return {
    show() {
      if (win === undefined || win.isDestroyed()) {
        win = create();
        return win;
      }
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      opts.onVisibilityChange?.(true);
      return win;
    },
    ownsWebContents: (id) => win !== undefined && !win.isDestroyed() && win.webContents.id === id,
    contents: () => (win !== undefined && !win.isDestroyed() ? [win.webContents] : []),
  };
}
