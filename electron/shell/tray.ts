/**
 * The tray: keeps the icon, tooltip and menu in step with the proxy (tray-model.ts decides what
 * they show) and carries out the menu's actions through the API, the same calls the dashboard
 * makes. Refreshes on the API's `status` and `config` events and polls health every few seconds
 * (breakers change without an event). The menu is rebuilt only when the model changed.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ApiCalls } from '../../shared/api/client';
import type { UpdateStatus } from '../../shared/api/dto/desktop';
import type { StatusView } from '../../shared/api/dto/status';
import type { Logger } from '../core/deps';
import type { EventSource } from './ipc/forward-events';
import { trayModel, withFirstTarget } from './tray-model';
import type { TrayAction, TrayInput, TrayItem, TrayModel } from './tray-model';

export type TrayApi = Pick<
  ApiCalls,
  'getStatus' | 'getHealth' | 'getRouting' | 'setPaused' | 'setRouting' | 'getClaudeCodeSetup' | 'getDesktopSettings' | 'updateDesktopSettings' | 'checkForUpdates' | 'restartToUpdate'
>;

export interface TrayLike {
  setImage(image: string): void;
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface TrayControllerOptions {
  tray: TrayLike;
  /** `Menu.buildFromTemplate`. */
  buildMenu(template: MenuItemConstructorOptions[]): unknown;
  /** The icon file's full path (the tray assets folder). */
  iconPath(file: string): string;
  api: TrayApi;
  events: EventSource;
  /** The updater's state (its changes arrive as `update` events). */
  update(): UpdateStatus;
  platform: NodeJS.Platform;
  remote?: TrayInput['remote'];
  openDashboard(): void;
  quit(): void;
  copyText(text: string): void;
  /** Tells the user something went wrong with an action (a notification). */
  notify(message: string): void;
  logger: Logger;
  now?: () => number;
  pollMs?: number;
}

export interface TrayController {
  refresh(): Promise<TrayModel>;
  run(action: TrayAction): Promise<void>;
  dispose(): void;
}

const errorStatus = (message: string): TrayInput['status'] => ({
  state: 'error',
  error: message,
  url: null,
  secretStore: { kind: 'none', available: true },
});

export function toMenuTemplate(items: TrayItem[], run: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const o: MenuItemConstructorOptions = { type: item.type };
    if (item.label !== undefined) o.label = item.label;
    if (item.enabled !== undefined) o.enabled = item.enabled;
    if (item.checked !== undefined) o.checked = item.checked;
    if (item.submenu) o.submenu = toMenuTemplate(item.submenu, run);
    const action = item.action;
    if (action) o.click = () => run(action);
    return o;
  });
}

export function createTrayController(opts: TrayControllerOptions): TrayController {
  const now = opts.now ?? Date.now;
  let last = '';
  let lastState: TrayModel['state'] | undefined;
  let disposed = false;

  const settle = async <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);

  const refresh = async (): Promise<TrayModel> => {
    let status: TrayInput['status'];
    try {
      status = (await opts.api.getStatus()) satisfies StatusView;
    } catch (err) {
      status = errorStatus(opts.remote ? `cannot reach the running aimux (${(err as Error).message})` : (err as Error).message);
    }
    const [health, routing, desktop] = await Promise.all([settle(opts.api.getHealth()), settle(opts.api.getRouting()), settle(opts.api.getDesktopSettings())]);
    const input: TrayInput = { platform: opts.platform, now: now(), status, health, routing, desktop, update: opts.update() };
    if (opts.remote) input.remote = opts.remote;
    const model = trayModel(input);
    const key = JSON.stringify(model);
    if (key !== last && !disposed) {
      if (model.state !== lastState) opts.logger.info(`tray: ${model.state}`);
      last = key;
      lastState = model.state;
      opts.tray.setImage(opts.iconPath(model.icon));
      opts.tray.setToolTip(model.tooltip);
      opts.tray.setContextMenu(opts.buildMenu(toMenuTemplate(model.items, (a) => void run(a))));
    }
    return model;
  };

  const perform = async (action: TrayAction): Promise<void> => {
    switch (action.type) {
      case 'setPaused':
        await opts.api.setPaused({ paused: action.paused });
        return;
      case 'setDefaultFirst': {
        const routing = await opts.api.getRouting();
        await opts.api.setRouting({ routing: withFirstTarget(routing.doc, action.target) });
        return;
      }
      case 'openDashboard':
        opts.openDashboard();
        return;
      case 'copyClaudeCodeEnv': {
        const setup = await opts.api.getClaudeCodeSetup();
        opts.copyText(`${setup.envLines.join('\n')}\n`);
        return;
      }
      case 'setStartAtLogin':
        await opts.api.updateDesktopSettings({ startAtLogin: action.enabled });
        return;
      case 'checkForUpdates':
        await opts.api.checkForUpdates();
        return;
      case 'restartToUpdate':
        await opts.api.restartToUpdate();
        return;
      case 'quit':
        opts.quit();
        return;
    }
  };

  const run = async (action: TrayAction): Promise<void> => {
    try {
      await perform(action);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      opts.logger.warn(`tray: ${action.type} failed: ${message}`);
      opts.notify(message);
    }
    if (action.type !== 'quit') await refresh().catch(() => undefined);
  };

  const offs = [
    opts.events.on('status', () => void refresh()),
    opts.events.on('config', () => void refresh()),
    opts.events.on('update', () => void refresh()),
  ];
  const timer = setInterval(() => void refresh(), opts.pollMs ?? 5000);
  timer.unref?.();
  if (opts.platform !== 'darwin') opts.tray.on('click', () => opts.openDashboard());

  return {
    refresh,
    run,
    dispose() {
      disposed = true;
      clearInterval(timer);
      for (const off of offs) off();
    },
  };
}
