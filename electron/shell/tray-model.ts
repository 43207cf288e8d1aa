/**
 * What the tray shows, as data: the state decides the icon, the rest is the menu. Pure (the tray
 * controller feeds it what the API answered and turns the items into Electron menu items), so
 * every state and every item is tested without Electron.
 *
 *   status.state     enabled providers' breakers     → tray state
 *   error            (any)                           → error     (e.g. the port is taken)
 *   paused           (any)                           → paused
 *   running          one open or half-open           → degraded
 *   running          all closed                      → running
 *
 * Icons: `tray-<state>.png`; on macOS `tray-<state>Template.png`, a template image (black with
 * alpha) that macOS tints for the light and dark menu bar. Electron picks the @2x file beside it.
 */
import type { DesktopSettings, UpdateStatus } from '../../shared/api/dto/desktop';
import type { RoutingView } from '../../shared/api/dto/providers';
import type { StatusView } from '../../shared/api/dto/status';
import type { HealthResponse, ProviderHealthView } from '../../shared/health';
import type { RoutingDoc } from '../../shared/config/schema';

export type TrayState = 'running' | 'degraded' | 'paused' | 'error';
export const TRAY_STATES: readonly TrayState[] = ['running', 'degraded', 'paused', 'error'];

export type TrayAction =
  | { type: 'setPaused'; paused: boolean }
  | { type: 'setDefaultFirst'; target: string }
  | { type: 'openDashboard' }
  | { type: 'copyClaudeCodeEnv' }
  | { type: 'setStartAtLogin'; enabled: boolean }
  | { type: 'checkForUpdates' }
  | { type: 'restartToUpdate' }
  | { type: 'quit' };

export interface TrayItem {
  type: 'normal' | 'separator' | 'checkbox' | 'radio' | 'submenu';
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  action?: TrayAction;
  submenu?: TrayItem[];
}

export interface TrayInput {
  platform: NodeJS.Platform;
  now: number;
  status: Pick<StatusView, 'state' | 'url' | 'secretStore'> & { error?: string };
  health: HealthResponse | null;
  routing: RoutingView | null;
  desktop: DesktopSettings | null;
  update: UpdateStatus;
  /** Another process owns the data dir and the app uses its API. */
  remote?: { pid: number; mode: 'headless' | 'desktop' };
}

export interface TrayModel {
  state: TrayState;
  icon: string;
  tooltip: string;
  items: TrayItem[];
}

export const MAX_PROVIDERS = 12;
export const MAX_ROUTE_CHOICES = 20;

const sep = (): TrayItem => ({ type: 'separator' });
const note = (label: string): TrayItem => ({ type: 'normal', label, enabled: false });

function failing(p: ProviderHealthView): boolean {
  return p.enabled && (p.breaker === 'open' || p.breaker === 'half-open');
}

export function trayState(input: Pick<TrayInput, 'status' | 'health'>): TrayState {
  if (input.status.state === 'error') return 'error';
  if (input.status.state === 'paused') return 'paused';
  return input.health?.providers.some(failing) ? 'degraded' : 'running';
}

export function trayIconFile(state: TrayState, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`;
}

/** One provider at a glance. */
export function providerLine(p: ProviderHealthView, now: number): string {
  if (!p.enabled) return `○ ${p.id}: disabled`;
  if (p.breaker === 'open') return `✕ ${p.id}: failing (breaker open)`;
  if (p.breaker === 'half-open') return `◐ ${p.id}: recovering (probing)`;
  if (p.coolingUntil !== undefined && p.coolingUntil > now) return `◐ ${p.id}: cooling down`;
  if (p.keys.length > 0 && p.keys.every((k) => k.state === 'rejected')) return `✕ ${p.id}: every key rejected`;
  const cooling = p.keys.filter((k) => k.state !== 'ok').length;
  const parts = ['ok'];
  if (p.latencyEwmaMs !== null) parts.push(`${Math.round(p.latencyEwmaMs)} ms`);
  if (cooling > 0) parts.push(`${cooling} key${cooling > 1 ? 's' : ''} resting`);
  return `● ${p.id}: ${parts.join(', ')}`;
}

/** The default route with `target` moved to the front (its strategy kept). */
export function withFirstTarget(doc: RoutingDoc, target: string): RoutingDoc {
  const list = doc.default;
  const targets = Array.isArray(list) ? list : list.targets;
  const next = [target, ...targets.filter((t) => t !== target)];
  return { ...doc, default: Array.isArray(list) ? next : { ...list, targets: next } };
}

function headline(state: TrayState, input: TrayInput): string {
  const where = input.status.url ?? 'not listening';
  switch (state) {
    case 'error':
      return `aimux: ${input.status.error ?? 'not running'}`;
    case 'paused':
      return 'aimux is paused (requests get 503)';
    case 'degraded': {
      const n = input.health?.providers.filter(failing).length ?? 0;
      return `aimux at ${where}: ${n} provider${n === 1 ? '' : 's'} failing`;
    }
    case 'running':
      return `aimux is running at ${where}`;
  }
}

function routeMenu(routing: RoutingView): TrayItem {
  const current = routing.classes.default?.targets ?? [];
  const first = current[0];
  const choices = [...new Set([...current, ...routing.targets])].slice(0, MAX_ROUTE_CHOICES);
  return {
    type: 'submenu',
    label: `Default route: ${first ?? 'none'}`,
    submenu: choices.map((t) => ({ type: 'radio', label: t, checked: t === first, action: { type: 'setDefaultFirst', target: t } })),
  };
}

function updateItem(update: UpdateStatus): TrayItem {
  const v = update.version ? ` ${update.version}` : '';
  switch (update.state) {
    case 'disabled':
      return note('Automatic updates are off');
    case 'checking':
      return note('Checking for updates…');
    case 'available':
    case 'downloading':
      return note(`Downloading update${v}…`);
    case 'downloaded':
      return { type: 'normal', label: `Restart to update${v}`, action: { type: 'restartToUpdate' } };
    case 'error':
      return { type: 'normal', label: 'Check for updates (the last check failed)', action: { type: 'checkForUpdates' } };
    case 'none':
    case 'idle':
      return { type: 'normal', label: 'Check for updates', action: { type: 'checkForUpdates' } };
  }
}

export function trayModel(input: TrayInput): TrayModel {
  const state = trayState(input);
  const items: TrayItem[] = [note(headline(state, input))];
  if (input.remote) items.push(note(`Using the running ${input.remote.mode === 'headless' ? 'aimux serve' : 'aimux app'} (pid ${input.remote.pid})`));
  const store = input.status.secretStore;
  if (!store.available) items.push({ type: 'normal', label: '⚠ Keys cannot be stored securely here (details)', action: { type: 'openDashboard' } });
  items.push(sep());

  const paused = input.status.state === 'paused';
  items.push({ type: 'checkbox', label: 'Proxy on', checked: !paused && state !== 'error', enabled: state !== 'error', action: { type: 'setPaused', paused: !paused } });
  if (input.routing) items.push(routeMenu(input.routing));

  const providers = input.health?.providers ?? [];
  if (providers.length > 0) {
    items.push(sep(), note('Providers'));
    for (const p of providers.slice(0, MAX_PROVIDERS)) items.push(note(providerLine(p, input.now)));
    if (providers.length > MAX_PROVIDERS) items.push(note(`… and ${providers.length - MAX_PROVIDERS} more (see the dashboard)`));
  }

  items.push(
    sep(),
    { type: 'normal', label: 'Open dashboard', action: { type: 'openDashboard' } },
    { type: 'normal', label: 'Copy Claude Code environment', enabled: state !== 'error', action: { type: 'copyClaudeCodeEnv' } },
    sep(),
  );
  const login = input.desktop?.startAtLogin ?? false;
  items.push({ type: 'checkbox', label: 'Start at login', checked: login, enabled: input.desktop !== null, action: { type: 'setStartAtLogin', enabled: !login } });
  items.push(updateItem(input.update), sep(), { type: 'normal', label: 'Quit aimux', action: { type: 'quit' } });

  return { state, icon: trayIconFile(state, input.platform), tooltip: `aimux: ${state}`, items };
}
