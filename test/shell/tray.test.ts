/** The tray: state → icon and menu (pure), and the controller that runs the menu's actions through the API. */
import { describe, expect, it } from 'vitest';
import type { DesktopSettings, UpdateStatus } from '../../shared/api/dto/desktop';
import type { RoutingView } from '../../shared/api/dto/providers';
import { CONFIG_DEFAULTS } from '../../shared/config/defaults';
import type { HealthResponse, ProviderHealthView } from '../../shared/health';
import { MAX_PROVIDERS, TRAY_STATES, providerLine, trayIconFile, trayModel, withFirstTarget } from '../../electron/shell/tray-model';
import type { TrayAction, TrayInput, TrayItem } from '../../electron/shell/tray-model';
import { createTrayController, toMenuTemplate } from '../../electron/shell/tray';
import type { TrayApi } from '../../electron/shell/tray';

const provider = (id: string, over: Partial<ProviderHealthView> = {}): ProviderHealthView => ({
  id,
  enabled: true,
  breaker: 'closed',
  breakerSettings: { ...CONFIG_DEFAULTS.provider.breaker },
  inFlight: 0,
  queued: 0,
  latencyEwmaMs: null,
  keys: [],
  ...over,
});
const health = (...providers: ProviderHealthView[]): HealthResponse => ({ status: 'ok', version: '0.1.0', uptimeMs: 1, config: 'test', providers });
const routing = (def: RoutingView['doc']['default'], targets: string[]): RoutingView => ({
  doc: { default: def },
  classes: { default: { targets: Array.isArray(def) ? def : def.targets, strategy: 'failover', own: true } },
  defaults: { longContextThreshold: 60000, sessionAffinity: true, maxAttempts: 6, deadlineMs: 300000 },
  targets,
});
const desktop: DesktopSettings = { startAtLogin: false, updateChannel: 'stable', autoUpdate: true, allowPlaintextKeys: false };

function input(over: Partial<TrayInput> = {}): TrayInput {
  return {
    platform: 'linux',
    now: 1_000,
    status: { state: 'running', url: 'http://127.0.0.1:4141', secretStore: { kind: 'safe-storage', available: true } },
    health: health(provider('glm'), provider('zai')),
    routing: routing(['zai/glm-4.6', 'glm/glm-4.6'], ['glm/glm-4.6', 'zai/glm-4.6', 'zai/glm-4.5-air']),
    desktop,
    update: { state: 'idle' },
    ...over,
  };
}

const labels = (items: TrayItem[]) => items.map((i) => i.label ?? `--${i.type}`);
const find = (items: TrayItem[], label: RegExp) => items.find((i) => i.label !== undefined && label.test(i.label));

describe('tray model: state and icon', () => {
  it.each([
    ['running', input(), 'running'],
    ['a breaker open', input({ health: health(provider('glm', { breaker: 'open' }), provider('zai')) }), 'degraded'],
    ['a breaker half-open', input({ health: health(provider('glm', { breaker: 'half-open' })) }), 'degraded'],
    ['an open breaker on a disabled provider', input({ health: health(provider('glm', { breaker: 'open', enabled: false })) }), 'running'],
    ['paused (even with a breaker open)', input({ status: { ...input().status, state: 'paused' }, health: health(provider('x', { breaker: 'open' })) }), 'paused'],
    ['error (port taken)', input({ status: { ...input().status, state: 'error', error: 'port 4141 is already in use', url: null } }), 'error'],
  ])('%s → %s', (_n, i, state) => {
    const m = trayModel(i);
    expect(m.state).toBe(state);
    expect(m.icon).toBe(`tray-${state}.png`);
    expect(m.tooltip).toContain(state);
  });

  it('uses template images on macOS (they follow light and dark), colour icons elsewhere', () => {
    for (const s of TRAY_STATES) {
      expect(trayIconFile(s, 'darwin')).toBe(`tray-${s}Template.png`);
      expect(trayIconFile(s, 'win32')).toBe(`tray-${s}.png`);
    }
    expect(trayModel(input({ platform: 'darwin' })).icon).toBe('tray-runningTemplate.png');
  });
});

describe('tray model: menu', () => {
  it('has the items of the issue, in order', () => {
    expect(labels(trayModel(input()).items)).toEqual([
      'aimux is running at http://127.0.0.1:4141',
      '--separator',
      'Proxy on',
      'Default route: zai/glm-4.6',
      '--separator',
      'Providers',
      '● glm: ok',
      '● zai: ok',
      '--separator',
      'Open dashboard',
      'Copy Claude Code environment',
      '--separator',
      'Start at login',
      'Check for updates',
      '--separator',
      'Quit aimux',
    ]);
  });

  it('the proxy toggle pauses when running and resumes when paused; it is disabled in error', () => {
    const on = find(trayModel(input()).items, /^Proxy on/)!;
    expect(on).toMatchObject({ type: 'checkbox', checked: true, action: { type: 'setPaused', paused: true } });
    const paused = find(trayModel(input({ status: { ...input().status, state: 'paused' } })).items, /^Proxy on/)!;
    expect(paused).toMatchObject({ checked: false, action: { type: 'setPaused', paused: false } });
    const error = find(trayModel(input({ status: { ...input().status, state: 'error', error: 'port 4141 is already in use' } })).items, /^Proxy on/)!;
    expect(error.enabled).toBe(false);
    expect(labels(trayModel(input({ status: { ...input().status, state: 'error', error: 'port 4141 is already in use' } })).items)[0]).toBe('aimux: port 4141 is already in use');
  });

  it('the default route submenu offers every target, the current first one checked', () => {
    const route = find(trayModel(input()).items, /^Default route/)!;
    expect(route.submenu!.map((i) => [i.label, i.checked, i.action])).toEqual([
      ['zai/glm-4.6', true, { type: 'setDefaultFirst', target: 'zai/glm-4.6' }],
      ['glm/glm-4.6', false, { type: 'setDefaultFirst', target: 'glm/glm-4.6' }],
      ['zai/glm-4.5-air', false, { type: 'setDefaultFirst', target: 'zai/glm-4.5-air' }],
    ]);
  });

  it('moves the chosen target first and keeps the strategy', () => {
    expect(withFirstTarget({ default: ['a/1', 'b/2', 'c/3'] }, 'c/3')).toEqual({ default: ['c/3', 'a/1', 'b/2'] });
    expect(withFirstTarget({ default: { targets: ['a/1', 'b/2'], strategy: 'failover' }, maxAttempts: 3 }, 'x/9')).toEqual({
      default: { targets: ['x/9', 'a/1', 'b/2'], strategy: 'failover' },
      maxAttempts: 3,
    });
  });

  it('shows each provider at a glance, and caps a long list', () => {
    expect(providerLine(provider('a', { enabled: false }), 0)).toBe('○ a: disabled');
    expect(providerLine(provider('a', { breaker: 'open' }), 0)).toMatch(/^✕ a: failing/);
    expect(providerLine(provider('a', { breaker: 'half-open' }), 0)).toMatch(/^◐ a: recovering/);
    expect(providerLine(provider('a', { coolingUntil: 2000 }), 1000)).toBe('◐ a: cooling down');
    expect(providerLine(provider('a', { coolingUntil: 500 }), 1000)).toBe('● a: ok');
    expect(providerLine(provider('a', { keys: [{ id: 'a#0', hint: 'sk-…1', state: 'rejected' }] }), 0)).toBe('✕ a: every key rejected');
    expect(providerLine(provider('a', { latencyEwmaMs: 412.6, keys: [{ id: 'a#0', hint: 'sk-…1', state: 'ok' }, { id: 'a#1', hint: 'sk-…2', state: 'cooling', until: 9 }] }), 0)).toBe(
      '● a: ok, 413 ms, 1 key resting',
    );
    const many = trayModel(input({ health: health(...Array.from({ length: MAX_PROVIDERS + 3 }, (_, i) => provider(`p${i}`))) })).items;
    expect(many.filter((i) => i.label?.startsWith('● p'))).toHaveLength(MAX_PROVIDERS);
    expect(find(many, /and 3 more/)).toBeDefined();
  });

  it('start at login reflects the OS setting and flips it', () => {
    expect(find(trayModel(input()).items, /Start at login/)).toMatchObject({ type: 'checkbox', checked: false, enabled: true, action: { type: 'setStartAtLogin', enabled: true } });
    expect(find(trayModel(input({ desktop: { ...desktop, startAtLogin: true } })).items, /Start at login/)).toMatchObject({ checked: true, action: { enabled: false } });
    expect(find(trayModel(input({ desktop: null })).items, /Start at login/)!.enabled).toBe(false);
  });

  it.each<[UpdateStatus, string, TrayAction | undefined]>([
    [{ state: 'disabled' }, 'Automatic updates are off', undefined],
    [{ state: 'idle' }, 'Check for updates', { type: 'checkForUpdates' }],
    [{ state: 'none' }, 'Check for updates', { type: 'checkForUpdates' }],
    [{ state: 'checking' }, 'Checking for updates…', undefined],
    [{ state: 'downloading', version: '1.2.0' }, 'Downloading update 1.2.0…', undefined],
    [{ state: 'downloaded', version: '1.2.0' }, 'Restart to update 1.2.0', { type: 'restartToUpdate' }],
    [{ state: 'error', error: 'offline' }, 'Check for updates (the last check failed)', { type: 'checkForUpdates' }],
  ])('update %o → "%s"', (update, label, action) => {
    const item = trayModel(input({ update })).items.find((i) => i.label === label);
    expect(item).toBeDefined();
    expect(item!.action).toEqual(action);
  });

  it('says when keys cannot be stored securely, and when it uses another running aimux', () => {
    const items = trayModel(
      input({ status: { ...input().status, secretStore: { kind: 'safe-storage', available: false, reason: 'no keyring' } }, remote: { pid: 4242, mode: 'headless' } }),
    ).items;
    expect(labels(items).slice(0, 3)).toEqual(['aimux is running at http://127.0.0.1:4141', 'Using the running aimux serve (pid 4242)', '⚠ Keys cannot be stored securely here (details)']);
  });
});

describe('tray controller', () => {
  function setup(over: Partial<Record<keyof TrayApi, () => Promise<unknown>>> = {}) {
    const calls: Array<[string, unknown]> = [];
    let paused = false;
    let def: string[] = ['zai/glm-4.6', 'glm/glm-4.6'];
    const api = {
      getStatus: async () => ({ state: paused ? 'paused' : 'running', url: 'http://127.0.0.1:4141', secretStore: { kind: 'safe-storage', available: true } }),
      getHealth: async () => health(provider('glm')),
      getRouting: async () => routing(def, ['glm/glm-4.6', 'zai/glm-4.6']),
      getDesktopSettings: async () => desktop,
      setPaused: async (i: { paused: boolean }) => {
        calls.push(['setPaused', i]);
        paused = i.paused;
      },
      setRouting: async (i: { routing: { default: string[] } }) => {
        calls.push(['setRouting', i]);
        def = i.routing.default;
      },
      getClaudeCodeSetup: async () => ({ envLines: ['export ANTHROPIC_BASE_URL=http://127.0.0.1:4141', 'export ANTHROPIC_AUTH_TOKEN=aimux'] }),
      updateDesktopSettings: async (i: unknown) => void calls.push(['updateDesktopSettings', i]),
      checkForUpdates: async () => void calls.push(['checkForUpdates', undefined]),
      restartToUpdate: async () => void calls.push(['restartToUpdate', undefined]),
      ...over,
    } as unknown as TrayApi;
    const tray = { images: [] as string[], tips: [] as string[], menus: [] as unknown[], clicks: [] as Array<() => void> };
    const listeners = new Map<string, () => void>();
    const out = { dashboard: 0, quit: 0, copied: [] as string[], notes: [] as string[] };
    const ctl = createTrayController({
      tray: {
        setImage: (p) => void tray.images.push(p),
        setToolTip: (t) => void tray.tips.push(t),
        setContextMenu: (m) => void tray.menus.push(m),
        on: (_e, l) => void tray.clicks.push(l),
      },
      buildMenu: (t) => t,
      iconPath: (f) => `/assets/${f}`,
      api,
      events: { on: (e, l) => (listeners.set(e, l as () => void), () => listeners.delete(e)) },
      update: () => ({ state: 'idle' }),
      platform: 'linux',
      openDashboard: () => void out.dashboard++,
      quit: () => void out.quit++,
      copyText: (t) => void out.copied.push(t),
      notify: (m) => void out.notes.push(m),
      logger: { info() {}, warn() {}, error() {} },
      pollMs: 60_000,
    });
    return { ctl, calls, tray, listeners, out };
  }

  it('draws the icon, tooltip and menu, and redraws only on change', async () => {
    const { ctl, tray } = setup();
    await ctl.refresh();
    await ctl.refresh();
    expect(tray.images).toEqual(['/assets/tray-running.png']);
    expect(tray.menus).toHaveLength(1);
    await ctl.run({ type: 'setPaused', paused: true });
    expect(tray.images).toEqual(['/assets/tray-running.png', '/assets/tray-paused.png']);
    ctl.dispose();
  });

  it('runs each action through the API', async () => {
    const { ctl, calls, out, tray } = setup();
    await ctl.run({ type: 'setDefaultFirst', target: 'glm/glm-4.6' });
    await ctl.run({ type: 'setStartAtLogin', enabled: true });
    await ctl.run({ type: 'checkForUpdates' });
    await ctl.run({ type: 'restartToUpdate' });
    await ctl.run({ type: 'copyClaudeCodeEnv' });
    await ctl.run({ type: 'openDashboard' });
    await ctl.run({ type: 'quit' });
    expect(calls).toEqual([
      ['setRouting', { routing: { default: ['glm/glm-4.6', 'zai/glm-4.6'] } }],
      ['updateDesktopSettings', { startAtLogin: true }],
      ['checkForUpdates', undefined],
      ['restartToUpdate', undefined],
    ]);
    expect(out.copied).toEqual(['export ANTHROPIC_BASE_URL=http://127.0.0.1:4141\nexport ANTHROPIC_AUTH_TOKEN=aimux\n']);
    expect(out).toMatchObject({ dashboard: 1, quit: 1 });
    // A left click opens the dashboard on Windows and Linux.
    tray.clicks[0]!();
    expect(out.dashboard).toBe(2);
    ctl.dispose();
  });

  it('menu clicks dispatch the item actions', async () => {
    const ran: TrayAction[] = [];
    const t = toMenuTemplate(trayModel(input()).items, (a) => ran.push(a));
    const toggle = t.find((i) => i.label === 'Proxy on')!;
    (toggle.click as () => void)();
    const sub = t.find((i) => typeof i.label === 'string' && i.label.startsWith('Default route'))!.submenu as Array<{ click: () => void }>;
    sub[1]!.click();
    expect(ran).toEqual([
      { type: 'setPaused', paused: true },
      { type: 'setDefaultFirst', target: 'glm/glm-4.6' },
    ]);
    expect(t.filter((i) => i.click === undefined && i.type !== 'separator' && i.type !== 'submenu').every((i) => i.enabled === false)).toBe(true);
  });

  it('shows a failed action to the user and an unreachable API as the error state', async () => {
    const { ctl, out, tray } = setup({
      setPaused: async () => {
        throw new Error('aimux answered 503');
      },
    });
    await ctl.run({ type: 'setPaused', paused: true });
    expect(out.notes).toEqual(['aimux answered 503']);
    ctl.dispose();
    const down = setup({
      getStatus: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    const m = await down.ctl.refresh();
    expect(m.state).toBe('error');
    expect(down.tray.images).toEqual(['/assets/tray-error.png']);
    down.ctl.dispose();
  });

  it('refreshes on status, config and update events, and stops listening when disposed', async () => {
    const { ctl, listeners } = setup();
    expect([...listeners.keys()].sort()).toEqual(['config', 'status', 'update']);
    ctl.dispose();
    expect(listeners.size).toBe(0);
  });
});
