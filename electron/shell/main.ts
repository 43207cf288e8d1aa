/**
 * The Electron main process: composition only. It builds the desktop pieces (secret store, login
 * item, updater, window, tray), the backend (the service, or the API of the aimux already running
 * on this data dir) and wires them to Electron; every decision lives in a module that takes its
 * Electron parts as parameters and is tested in plain Node.
 *
 * Order matters in three places: the app's name and userData are set before the single-instance
 * lock (the lock lives in userData), the app:// scheme is registered before `ready`, and quitting
 * stops the proxy before the windows close.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, Notification, Tray, app, clipboard, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import Store from 'electron-store';
import electronUpdater from 'electron-updater';
import { createHttpClient } from '../../shared/api/http-client';
import { createLocalClient } from '../core/api/local-client';
import { consoleLogger, resolveDataDir } from '../core/cli/common';
import { APP_NAME } from '../core/config/paths';
import { createKeyringSecretStore } from '../core/secrets/keyring-store';
import { ADMIN_TOKEN_FILE, tokenFile } from '../core/security/token-file';
import { createAimuxService } from '../core/service/create-service';
import { findRunning } from '../core/service/runtime-file';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { openBackend } from './backend';
import { DESKTOP_STORE_OPTIONS, createDesktopHandlers, readPlaintextOptIn, readUpdateChannel } from './desktop-settings';
import { createLocalEvents, forwardEvents, mergeEvents } from './ipc/forward-events';
import { registerIpc } from './ipc/register-ipc';
import { HIDDEN_ARG, createLoginItem } from './login-item';
import { createQuitHandler } from './quit';
import { SECRETS_STORE_OPTIONS, createSafeStorageSecretStore } from './safe-storage-secret-store';
import { createTrayController } from './tray';
import { trayIconFile } from './tray-model';
import { createUpdater } from './updater';
import type { AutoUpdaterLike } from './updater';
import { updatesEnabled } from './updater-policy';
import { createDashboardWindows, hardenSession } from './windows';

const here = dirname(fileURLToPath(import.meta.url));
const PATHS = {
  preload: join(here, 'preload.cjs'),
  renderer: join(here, '..', 'renderer'),
  assets: join(here, 'assets'),
};

async function main(): Promise<void> {
  const logger = consoleLogger(false);
  const platform = process.platform;
  const env = process.env;

  // The same folder `aimux serve` uses: AIMUX_DATA_DIR, else the OS convention for "aimux".
  const dataDir = resolveDataDir(undefined);
  app.setName(APP_NAME);
  app.setPath('userData', dataDir);
  if (!app.requestSingleInstanceLock()) {
    logger.info('aimux is already open; showing it');
    app.quit();
    return;
  }
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  let showDashboard = () => {};
  app.on('second-instance', () => showDashboard());
  app.on('window-all-closed', () => {
    // Stay in the tray.
  });

  await app.whenReady();
  if (platform === 'darwin') app.dock?.hide();
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(PATHS.renderer));

  const notify = (body: string) => {
    if (Notification.isSupported()) new Notification({ title: 'aimux', body }).show();
  };
  const desktopStore = new Store({ ...DESKTOP_STORE_OPTIONS, cwd: dataDir });
  const secretStore = createSafeStorageSecretStore({
    safeStorage,
    store: new Store({ ...SECRETS_STORE_OPTIONS, cwd: dataDir }),
    platform,
    allowPlaintext: () => readPlaintextOptIn(desktopStore),
    fallback: createKeyringSecretStore(),
  });
  const loginItem = createLoginItem({
    platform,
    app,
    command: env.APPIMAGE ?? process.execPath,
    args: app.isPackaged ? [] : [app.getAppPath()],
    autostartDir: join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart'),
  });

  // Late-bound: the updater and the backend need each other (it waits for the proxy's requests;
  // the service mounts its desktop operations).
  let backend: Awaited<ReturnType<typeof openBackend>> | undefined;
  let stopForUpdate: (drainMs: number) => Promise<void> = async () => {};
  const localEvents = createLocalEvents();
  const updater = createUpdater({
    autoUpdater: () => electronUpdater.autoUpdater as unknown as AutoUpdaterLike,
    enabled: updatesEnabled({ packaged: app.isPackaged, env, bundledFeed: Boolean(process.resourcesPath) && existsSync(join(process.resourcesPath, 'app-update.yml')) }),
    channel: readUpdateChannel(desktopStore),
    inFlight: () => backend?.inFlight() ?? 0,
    onRequestFinished: (l) => backend?.onRequestFinished(l) ?? (() => {}),
    prompt: async (version) => {
      const r = await dialog.showMessageBox({
        type: 'info',
        buttons: ['Restart now', 'Later'],
        defaultId: 0,
        cancelId: 1,
        message: `aimux ${version ?? ''} is ready to install`.replace('  ', ' '),
        detail: 'aimux restarts once the requests in progress have finished. "Later" installs it when you quit.',
      });
      return r.response === 0;
    },
    beforeInstall: (drainMs) => stopForUpdate(drainMs),
    onStatus: (status) => localEvents.emit('update', status),
    logger,
  });
  const desktop = createDesktopHandlers({ store: desktopStore, loginItem, updater });

  backend = await openBackend({
    dataDir,
    findRunning,
    createService: createAimuxService,
    secretStore,
    desktop,
    readAdminToken: () => tokenFile(dataDir, ADMIN_TOKEN_FILE).read(),
    createHttpClient,
    logger,
    env,
  });
  const events = mergeEvents(backend.events, localEvents);

  const quit = createQuitHandler({
    ...(backend.stop ? { stop: backend.stop } : {}),
    graceMs: backend.graceMs,
    quit: () => app.quit(),
    exit: (code) => app.exit(code),
    logger,
  });
  stopForUpdate = (drainMs) => quit.stopNow(drainMs);
  app.on('before-quit', (event) => quit.onBeforeQuit(event));

  const windows = createDashboardWindows({
    create: (options) => new BrowserWindow(options),
    preload: PATHS.preload,
    openExternal: (url) => void shell.openExternal(url),
    isQuitting: () => quit.quitting,
    onVisibilityChange: (visible) => {
      if (platform === 'darwin') void (visible ? app.dock?.show() : app.dock?.hide());
    },
    onLoadError: (err) => logger.error('the dashboard did not load', err),
  });
  showDashboard = () => void windows.show();
  registerIpc(ipcMain, backend.handlers, { sender: { origin: APP_ORIGIN, isOwnWebContents: windows.ownsWebContents }, logger });
  forwardEvents(events, windows.contents);

  const iconPath = (file: string) => join(PATHS.assets, file);
  const tray = new Tray(iconPath(trayIconFile('running', platform)));
  const trayController = createTrayController({
    tray,
    buildMenu: (template) => Menu.buildFromTemplate(template),
    iconPath,
    api: createLocalClient(backend.handlers, 'ui'),
    events,
    update: () => updater.status(),
    platform,
    ...(backend.remote ? { remote: { pid: backend.remote.pid, mode: backend.remote.mode } } : {}),
    openDashboard: showDashboard,
    quit: () => app.quit(),
    copyText: (text) => clipboard.writeText(text),
    notify,
    logger,
  });
  const model = await trayController.refresh();
  logger.info(`tray created (${model.state})`);

  const status = await backend.handlers.getStatus({}, { actor: 'ui' });
  if (backend.remote) notify(`${backend.remote.mode === 'headless' ? 'aimux serve' : 'Another aimux'} already runs on this data (pid ${backend.remote.pid}); the app uses it.`);
  if (status.state === 'error') notify(`The proxy did not start: ${status.error ?? 'unknown error'}`);
  if (!status.secretStore.available) notify(`Keys cannot be stored here: ${status.secretStore.reason ?? 'no secure storage'}`);

  const openedAtLogin = process.argv.includes(HIDDEN_ARG) || (platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  if (!openedAtLogin) showDashboard();
}

main().catch((err: unknown) => {
  process.stderr.write(`aimux: the desktop app failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  dialog.showErrorBox('aimux could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
