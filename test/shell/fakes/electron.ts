/**
 * A recording fake of the `electron` module, enough for the main process to run in plain Node:
 * every call the shell makes is recorded in `calls` (in order), windows and trays are kept for
 * inspection, and listeners can be fired by hand.
 */
import { fakeSafeStorage } from './safe-storage';

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  listeners = new Map<string, Listener[]>();
  on(event: string, l: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  }
  once(event: string, l: Listener) {
    return this.on(event, l);
  }
  fire(event: string, ...args: unknown[]) {
    return (this.listeners.get(event) ?? []).map((l) => l(...args));
  }
}

export function createFakeElectron(opts: { userData: string }) {
  const calls: string[] = [];
  const paths = new Map<string, string>([['userData', opts.userData]]);
  const windows: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const handlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, (r: Request) => Promise<Response>>();
  const clipboardText: string[] = [];
  const notifications: string[] = [];
  let nextId = 1;
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));

  class FakeWebContents extends Emitter {
    id = nextId++;
    sent: Array<[string, unknown]> = [];
    openHandler: ((d: { url: string }) => unknown) | undefined;
    setWindowOpenHandler(h: (d: { url: string }) => unknown) {
      this.openHandler = h;
    }
    send(channel: string, data: unknown) {
      this.sent.push([channel, data]);
    }
    isDestroyed() {
      return false;
    }
  }

  class FakeWindow extends Emitter {
    webContents = new FakeWebContents();
    loaded: string[] = [];
    visible = false;
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      calls.push('new BrowserWindow');
      windows.push(this);
    }
    async loadURL(url: string) {
      this.loaded.push(url);
      queueMicrotask(() => this.fire('ready-to-show'));
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isDestroyed() {
      return this.destroyed;
    }
    /** What the user's close button does. */
    close() {
      const e = { prevented: false, preventDefault: () => void (e.prevented = true) };
      this.fire('close', e);
      if (!e.prevented) {
        this.destroyed = true;
        this.fire('closed');
      }
      return e.prevented;
    }
  }

  class FakeTray extends Emitter {
    images: string[] = [];
    tooltip = '';
    menu: Array<Record<string, unknown>> = [];
    constructor(image: string) {
      super();
      calls.push('new Tray');
      this.images.push(image);
      trays.push(this);
    }
    setImage(i: string) {
      this.images.push(i);
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu(m: Array<Record<string, unknown>>) {
      this.menu = m;
    }
  }

  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    quitCalls: 0,
    exitCodes: [] as number[],
    setName: (n: string) => void calls.push(`setName ${n}`),
    setPath: (k: string, v: string) => void (calls.push(`setPath ${k}`), paths.set(k, v)),
    getPath: (k: string) => paths.get(k) ?? opts.userData,
    getVersion: () => '0.0.0-test',
    getAppPath: () => '/app',
    requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), true),
    whenReady: () => (calls.push('whenReady'), ready),
    quit: () => {
      calls.push('quit');
      app.quitCalls++;
      const e = { prevented: false, preventDefault: () => void (e.prevented = true) };
      app.fire('before-quit', e);
      if (!e.prevented) for (const w of windows) w.close();
    },
    exit: (code: number) => void app.exitCodes.push(code),
    getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
    setLoginItemSettings: () => {},
  });

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (t: unknown) => t },
    Notification: Object.assign(
      class {
        constructor(readonly o: { body: string }) {}
        show() {
          notifications.push(this.o.body);
        }
      },
      { isSupported: () => true },
    ),
    ipcMain: {
      handle: (c: string, l: Listener) => void handlers.set(c, l),
      removeHandler: (c: string) => void handlers.delete(c),
      on: () => {},
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => void calls.push(`registerSchemesAsPrivileged ${JSON.stringify(s)}`),
      handle: (scheme: string, h: (r: Request) => Promise<Response>) => void protocolHandlers.set(scheme, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => void calls.push('setPermissionRequestHandler'),
        setPermissionCheckHandler: () => void calls.push('setPermissionCheckHandler'),
      },
    },
    safeStorage: fakeSafeStorage(),
    shell: { openExternal: async () => {} },
    clipboard: { writeText: (t: string) => void clipboardText.push(t) },
    dialog: { showMessageBox: async () => ({ response: 1 }), showErrorBox: (t: string, m: string) => void calls.push(`showErrorBox ${t}: ${m}`) },
  };

  return { electron, calls, windows, trays, handlers, protocolHandlers, clipboardText, notifications, ready: () => readyResolve() };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
