/**
 * An in-memory `ApiClient` with realistic behaviour: inputs validated with the contract's own
 * schemas (so field errors look like the server's), providers, keys (hints only), routing, the
 * request log, metrics and speed tests. Component tests drive it through `fake`; `vite` dev runs it
 * with `live: true` (a snapshot every second and a request every ~1.5 s).
 */
import type { ApiClient } from '../../shared/api/client';
import { API, API_METHODS } from '../../shared/api/contract';
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../shared/api/contract';
import type { DesktopSettings } from '../../shared/api/dto/desktop';
import type { RequestLogEntry, SpeedTestResult } from '../../shared/api/dto/observability';
import type { KeyView, ProviderTestResult } from '../../shared/api/dto/providers';
import type { SettingsView, StatusView } from '../../shared/api/dto/status';
import { ApiError } from '../../shared/api/errors';
import type { ApiEventMap, ApiEventName } from '../../shared/api/events';
import { CONFIG_DEFAULTS, REQUEST_CLASSES, keyHint } from '../../shared/config/defaults';
import { problemsFromIssues } from '../../shared/config/problems';
import type { ProviderDoc, RoutingDoc } from '../../shared/config/schema';
import { fakeRequest, fakeSeries, fakeSnapshot, FAKE_PRESETS, keyView, providerView, routingView, seeded } from './fake-data';

export interface FakeOptions {
  /** `first-run`: only the built-in provider and no traffic yet. */
  scenario?: 'first-run' | 'busy';
  live?: boolean;
  desktop?: boolean;
  /** Keys whose value contains this are rejected by the provider test. */
  rejectKeysContaining?: string;
}

export interface FakeControl {
  calls: Array<{ method: ApiMethod; input: unknown }>;
  emit<E extends ApiEventName>(event: E, data: ApiEventMap[E]): void;
  /** The next call of `method` fails with this error. */
  failNext(method: ApiMethod, error: ApiError): void;
  /** Stops the live timers. */
  stop(): void;
  requests: RequestLogEntry[];
}

export type FakeApiClient = ApiClient & { fake: FakeControl };
type Handlers = { [K in ApiMethod]: (input: ApiParsedInput<K>) => ApiOutput<K> | Promise<ApiOutput<K>> };

const readTargets = (l: RoutingDoc['default']): string[] => (Array.isArray(l) ? l : l.targets);

const SYNTHETIC: ProviderDoc = { id: 'synthetic', protocol: 'synthetic', models: ['synthetic-1'] };

export function createFakeClient(opts: FakeOptions = {}): FakeApiClient {
  const rand = seeded(7);
  const now = () => Date.now();
  const busy = (opts.scenario ?? 'busy') === 'busy';
  const docs = new Map<string, ProviderDoc>([[SYNTHETIC.id, SYNTHETIC]]);
  const keys = new Map<string, Array<KeyView & { value: string }>>();
  if (busy) {
    docs.set('anthropic', { id: 'anthropic', preset: 'anthropic' });
    docs.set('zai', { id: 'zai', preset: 'zai' });
    docs.set('deepseek', { id: 'deepseek', preset: 'deepseek', enabled: false });
    keys.set('anthropic', [{ ...keyView('anthropic', 1, 'sk-…a1b2'), value: 'sk-ant-fake-1' }]);
    keys.set('zai', [{ ...keyView('zai', 1, 'zk-…9f2c', 'cooling', now() + 90_000), value: 'zk-1' }, { ...keyView('zai', 2, 'zk-…77d0'), value: 'zk-2' }]);
  }
  let routing: RoutingDoc = busy
    ? { default: ['anthropic/claude-sonnet-4-5', 'zai/glm-4.6'], background: { targets: ['zai/glm-4.6', 'anthropic/claude-haiku-4-5'], strategy: 'round-robin' }, modelMap: [{ match: 'claude-*haiku*', route: 'background' }] }
    : { default: ['synthetic/synthetic-1'] };
  let paused = false;
  let keySeq = 10;
  const requests: RequestLogEntry[] = [];
  const speedTests: SpeedTestResult[] = [];
  const listeners = new Map<string, Set<(d: unknown) => void>>();
  const failures = new Map<ApiMethod, ApiError>();
  const calls: FakeControl['calls'] = [];
  let server: SettingsView['server'] = { ...CONFIG_DEFAULTS.server, allowedOrigins: [...CONFIG_DEFAULTS.server.allowedOrigins], limits: { ...CONFIG_DEFAULTS.server.limits } };
  let proxyToken = false;
  let desktop: DesktopSettings = { startAtLogin: false, updateChannel: 'stable', autoUpdate: true, allowPlaintextKeys: false };
  let claudeState: 'not-configured' | 'configured' = 'not-configured';

  const emit = <E extends ApiEventName>(event: E, data: ApiEventMap[E]) => listeners.get(event)?.forEach((fn) => fn(data));
  const targets = () => [...docs.values()].flatMap((d) => providerView(d, [], []).models.map((m) => `${d.id}/${m}`));
  const usedBy = (id: string) => {
    const v = routingView(routing, []);
    return Object.entries(v.classes).filter(([c, l]) => (l.own || c === 'default') && l.targets.some((t) => t.startsWith(`${id}/`))).map(([c]) => `routing.${c}`);
  };
  const view = (id: string) => {
    const d = docs.get(id);
    if (!d) throw new ApiError('NOT_FOUND', `no provider "${id}"`, { field: 'id' });
    return providerView(d, (keys.get(id) ?? []).map(({ value: _v, ...k }) => k), usedBy(id));
  };
  const status = (): StatusView => ({
    version: '0.1.0', mode: opts.desktop ? 'desktop' : 'headless', state: paused ? 'paused' : 'running', url: `http://${server.host}:${server.port}`,
    host: server.host, port: server.port, pid: 4242, startedAt: now() - 3_600_000, configSource: busy ? '~/.config/aimux/config.json' : 'built-in default',
    configPath: '~/.config/aimux/config.json', dataDir: '~/.config/aimux', secretStore: { kind: 'os-keychain', available: true },
    proxyTokenRequired: proxyToken, userProviders: docs.size - 1,
  });
  const configChanged = () => emit('config', { revision: Date.now(), source: 'api', actor: 'ui' });
  const addKeyTo = (providerId: string, value: string) => {
    const list = keys.get(providerId) ?? [];
    const n = ++keySeq;
    const k = value.startsWith('env:')
      ? { ...keyView(providerId, n, value), source: 'env' as const, ref: value, value }
      : { ...keyView(providerId, n, keyHint(value)), value };
    keys.set(providerId, [...list, k]);
    const { value: _v, ...shown } = k;
    return shown;
  };
  const claude = () => {
    const url = status().url!;
    return {
      baseUrl: url, envLines: [`export ANTHROPIC_BASE_URL=${url}`, 'export ANTHROPIC_AUTH_TOKEN=aimux', 'export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1'],
      settingsSnippet: JSON.stringify({ env: { ANTHROPIC_BASE_URL: url, ANTHROPIC_AUTH_TOKEN: 'aimux' } }, null, 2),
      settingsPath: '~/.claude/settings.json', state: claudeState, canUndo: claudeState === 'configured', warnings: [],
    };
  };
  const unsupported = () => {
    throw new ApiError('UNSUPPORTED', 'only the desktop app has this');
  };

  if (busy) {
    let t = now() - 400 * 20_000;
    for (let i = 0; i < 400; i++) requests.unshift(fakeRequest(rand, (t += 20_000), i, targets().filter((x) => !x.startsWith('synthetic'))));
  }

  const h: Handlers = {
    getStatus: () => status(),
    getHealth: () => ({ status: 'ok', version: '0.1.0', uptimeMs: 3_600_000, config: status().configSource, providers: [...docs.keys()].map((id) => view(id).health) }),
    setPaused: ({ paused: p }) => {
      paused = p;
      const s = status();
      emit('status', s);
      return s;
    },
    listPresets: ({ query }) => FAKE_PRESETS.filter((p) => !query || `${p.id} ${p.name} ${p.models.map((m) => m.id).join(' ')}`.toLowerCase().includes(query.toLowerCase())),
    listProviders: () => [...docs.keys()].map(view),
    getProvider: ({ id }) => view(id),
    addProvider: (input) => {
      const { apiKeys, params: _p, makeDefault, ...fields } = input;
      const preset = fields.preset ? FAKE_PRESETS.find((p) => p.id === fields.preset) : undefined;
      if (fields.preset && !preset) throw new ApiError('BAD_REQUEST', `unknown preset "${fields.preset}"`, { field: 'preset' });
      const id = fields.id ?? preset?.id;
      if (!id) throw new ApiError('BAD_REQUEST', 'id: missing', { field: 'id' });
      if (docs.has(id)) throw new ApiError('CONFLICT', `a provider "${id}" already exists`, { field: 'id' });
      if (!preset && !fields.baseUrl) throw new ApiError('BAD_REQUEST', 'baseUrl: missing', { field: 'baseUrl' });
      docs.set(id, { ...fields, id });
      for (const k of apiKeys ?? []) addKeyTo(id, k);
      const onlySynthetic = (readTargets(routing.default)).every((t) => t.startsWith('synthetic/'));
      const first = view(id).models[0];
      if ((makeDefault ?? onlySynthetic) && first) routing = { ...routing, default: [`${id}/${first}`, ...readTargets(routing.default)] };
      configChanged();
      return view(id);
    },
    updateProvider: ({ id, patch }) => {
      const d = docs.get(id);
      if (!d) throw new ApiError('NOT_FOUND', `no provider "${id}"`, { field: 'id' });
      const next = { ...d } as Record<string, unknown>;
      for (const [k, v] of Object.entries(patch)) if (v === null) delete next[k]; else next[k] = v;
      docs.set(id, next as ProviderDoc);
      configChanged();
      return view(id);
    },
    removeProvider: ({ id, removeFromRoutes }) => {
      view(id);
      const used = usedBy(id);
      if (used.length > 0 && !removeFromRoutes) throw new ApiError('CONFLICT', `routes use "${id}": ${used.join(', ')}`, { field: 'id' });
      const strip = (l: RoutingDoc['default']) => (Array.isArray(l) ? l.filter((t) => !t.startsWith(`${id}/`)) : { ...l, targets: l.targets.filter((t) => !t.startsWith(`${id}/`)) });
      if (used.length > 0) routing = { ...routing, default: strip(routing.default), ...(routing.background ? { background: strip(routing.background) } : {}) };
      docs.delete(id);
      keys.delete(id);
      configChanged();
      return { removed: id, routesChanged: used };
    },
    setProviderEnabled: ({ id, enabled }) => h.updateProvider({ id, patch: { enabled } }),
    testProvider: async ({ id, model }): Promise<ProviderTestResult> => {
      const v = view(id);
      const m = model ?? v.models[0] ?? 'unknown';
      await new Promise((r) => setTimeout(r, 30));
      const bad = (keys.get(id) ?? []).some((k) => k.value.includes(opts.rejectKeysContaining ?? 'bad'));
      if (bad) return { ok: false, model: m, status: 401, latencyMs: 180, error: { code: 'UPSTREAM_HTTP', message: 'the provider rejected the key (401 authentication_error)', kind: 'auth' } };
      return { ok: true, model: m, status: 200, latencyMs: 412, ttfbMs: 230, text: 'ok' };
    },
    listProviderModels: ({ id }) => ({ models: view(id).models, source: 'config' }),
    listKeys: ({ providerId }) => [...keys.values()].flat().filter((k) => !providerId || k.providerId === providerId).map(({ value: _v, ...k }) => k),
    addKey: ({ providerId, key }) => {
      view(providerId);
      const shown = addKeyTo(providerId, key);
      configChanged();
      return { key: shown, warnings: key.startsWith('sk-ant-') && providerId !== 'anthropic' ? ['this key looks like an Anthropic key'] : [] };
    },
    moveLiteralKeys: () => ({ moved: 0 }),
    removeKey: ({ providerId, keyId }) => {
      const list = keys.get(providerId) ?? [];
      if (!list.some((k) => k.id === keyId)) throw new ApiError('NOT_FOUND', `no key "${keyId}"`, { field: 'keyId' });
      keys.set(providerId, list.filter((k) => k.id !== keyId));
      configChanged();
      return { removed: keyId };
    },
    getRouting: () => routingView(routing, targets()),
    setRouting: ({ routing: r }) => {
      const known = new Set(docs.keys());
      for (const cls of REQUEST_CLASSES) {
        const l = r[cls];
        if (l === undefined) continue;
        const ts = Array.isArray(l) ? l : l.targets;
        ts.forEach((t, i) => {
          const pid = t.split('/')[0]!;
          if (!known.has(pid)) throw new ApiError('BAD_REQUEST', `no provider "${pid}"`, { field: `routing.${cls}${Array.isArray(l) ? '' : '.targets'}[${i}]` });
        });
      }
      routing = r;
      configChanged();
      return routingView(routing, targets());
    },
    exportConfig: () => ({ config: { version: 2, providers: [...docs.values()], routing }, omittedKeys: [...keys.values()].flat().length }),
    importConfig: () => ({ providers: docs.size, keysMoved: 0, warnings: [] }),
    validateConfig: () => ({ ok: true, problems: [] }),
    getSettings: () => ({ server, restartRequired: false }),
    updateSettings: ({ server: s }) => {
      const restart = (s.host !== undefined && s.host !== server.host) || (s.port !== undefined && s.port !== server.port);
      server = { ...server, ...s, limits: { ...server.limits, ...s.limits } };
      return { server, restartRequired: restart };
    },
    rotateAdminToken: () => ({ token: `adm_${Math.floor(rand() * 1e12).toString(36)}` }),
    getProxyToken: () => ({ set: proxyToken, required: proxyToken }),
    rotateProxyToken: () => {
      proxyToken = true;
      return { token: `px_${Math.floor(rand() * 1e12).toString(36)}` };
    },
    removeProxyToken: () => {
      proxyToken = false;
      return { set: false, required: false };
    },
    getMetricsSummary: ({ window = '1h', groupBy = 'provider' }) => {
      const n = busy ? requests.length : 0;
      const row = { key: 'total', requests: n, successes: n, errors: 0, errorsByKind: {}, latency: { p50: busy ? 820 : null, p95: busy ? 2100 : null, p99: null }, ttfb: { p50: busy ? 240 : null, p95: busy ? 610 : null, p99: null }, outputTokensPerSec: busy ? 74 : null, tokens: { input: n * 9000, output: n * 600, cacheRead: 0, cacheWrite: 0, estimated: false }, costUsd: busy ? n * 0.03 : 0 };
      return { window, groupBy, from: now() - 3_600_000, to: now(), totals: row, rows: [], live: [], persisted: true };
    },
    getTimeSeries: ({ window = '1h' }) => fakeSeries(rand, window, now(), !busy),
    queryRequests: ({ provider, class: cls, status: st, outcome, q, limit = 200 }) => {
      const match = requests.filter((r) => (!provider || r.providerId === provider) && (!cls || r.class === cls) && (st === undefined || r.status === st) && (!outcome || r.outcome === outcome) && (!q || `${r.clientModel} ${r.model} ${r.errorMessage ?? ''}`.toLowerCase().includes(q.toLowerCase())));
      return { entries: match.slice(0, limit), total: match.length };
    },
    getRequest: ({ id }) => {
      const r = requests.find((x) => x.id === id);
      if (!r) throw new ApiError('NOT_FOUND', `no request "${id}"`);
      return r;
    },
    runSpeedTest: async ({ providers, n = 3 }) => {
      const ids = providers ?? [...docs.keys()].filter((id) => docs.get(id)!.enabled !== false);
      const id = `st_${speedTests.length + 1}`;
      const total = ids.length * n;
      for (let i = 1; i <= total; i++) {
        await new Promise((r) => setTimeout(r, 15));
        emit('speedtest', { id, done: i, total, providerId: ids[Math.floor((i - 1) / n)]!, model: 'm', ok: true, ttfbMs: 200 + i });
      }
      const rows = ids.map((pid, i) => ({ providerId: pid, model: view(pid).models[0] ?? 'm', runs: n, successes: n, ttfb: { p50: 180 + i * 90, p95: 300 + i * 120, p99: null }, outputTokensPerSec: 90 - i * 12, successRate: 1, rank: i + 1, errors: [] }));
      const result = { id, at: now(), n, rows };
      speedTests.unshift(result);
      return result;
    },
    listSpeedTests: ({ limit = 20 }) => speedTests.slice(0, limit),
    queryAudit: () => [],
    getClaudeCodeSetup: () => claude(),
    applyClaudeCodeSetup: () => {
      claudeState = 'configured';
      return claude();
    },
    undoClaudeCodeSetup: () => {
      claudeState = 'not-configured';
      return claude();
    },
    getDesktopSettings: () => (opts.desktop ? desktop : unsupported()),
    updateDesktopSettings: (s) => {
      if (!opts.desktop) return unsupported();
      desktop = { ...desktop, ...s };
      return desktop;
    },
    checkForUpdates: () => (opts.desktop ? { state: 'none' } : unsupported()),
    restartToUpdate: () => (opts.desktop ? { state: 'idle' } : unsupported()),
  };

  const client: Record<string, unknown> = {
    on(event: string, fn: (d: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      return () => set.delete(fn);
    },
  };
  for (const name of API_METHODS) {
    client[name] = async (input?: unknown) => {
      calls.push({ method: name, input });
      await Promise.resolve();
      const failure = failures.get(name);
      if (failure) {
        failures.delete(name);
        throw failure;
      }
      const parsed = API[name].input.safeParse(input ?? {});
      if (!parsed.success) {
        const p = problemsFromIssues(parsed.error.issues);
        throw new ApiError('BAD_REQUEST', p.map((x) => `${x.path}: ${x.message}`).join('; '), { field: p[0]!.path, problems: p.map((x) => `${x.path}: ${x.message}`) });
      }
      return (h[name] as (i: unknown) => unknown)(parsed.data);
    };
  }

  const timers: ReturnType<typeof setInterval>[] = [];
  if (opts.live) {
    let today = busy ? 1240 : 0;
    timers.push(setInterval(() => emit('metrics', fakeSnapshot(rand, now(), [...docs.keys()], today)), 1000));
    timers.push(
      setInterval(() => {
        const live = targets().filter((x) => !x.startsWith('synthetic'));
        const r = fakeRequest(rand, now(), today++, live.length ? live : targets());
        requests.unshift(r);
        if (requests.length > 2000) requests.length = 2000;
        emit('request', r);
      }, 1500),
    );
  }

  const fake: FakeControl = {
    calls,
    emit,
    failNext: (method, error) => failures.set(method, error),
    stop: () => timers.forEach(clearInterval),
    requests,
  };
  return Object.assign(client as unknown as ApiClient, { fake });
}
