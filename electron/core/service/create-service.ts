/**
 * createAimuxService: the composition root of the whole product. It loads the config store, builds
 * the proxy core with the management API and the dashboard mounted on the same port, follows
 * config changes (API, CLI, edits on disk) into the running core, and owns the data dir while it
 * runs (runtime.json). `aimux serve` and the Electron main process both call it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { ApiHandlers } from '../../../shared/api/client';
import type { StatusView } from '../../../shared/api/dto/status';
import type { ApiEventMap, ApiEventName } from '../../../shared/api/events';
import { createApiHandlers } from '../api/index';
import type { ApiContext } from '../api/context';
import { API_BASE, createApiServer } from '../api/http/api-server';
import { SYNTHETIC_PROVIDER_ID } from '../config/defaults';
import { loadInstallSecret } from '../config/install-secret';
import { configPathIn } from '../config/paths';
import { createConfigStore } from '../config/store';
import { PRIVATE_DIR_MODE } from '../files/atomic-write';
import { createCore, SILENT_LOGGER } from '../index';
import { createObservability } from '../observability/index';
import type { Observability } from '../observability/index';
import { METRICS_PATH, METRICS_TOKEN_FILE } from '../observability/metrics-endpoint';
import { withAudit } from '../observability/audit';
import type { Mount } from '../server/app';
import { ADMIN_TOKEN_FILE, PROXY_TOKEN_FILE, tokenFile } from '../security/token-file';
import { checkBind, isLoopbackHost, isWildcard } from '../security/bind-policy';
import { createProxyTokenHolder } from '../security/proxy-token';
import { proxyTokenHandlers } from '../api/proxy-token';
import { ProxyError } from '../errors';
import { AIMUX_VERSION } from '../version';
import { clearRuntime, writeRuntime } from './runtime-file';
import type { AimuxService, AimuxServiceOptions } from './types';

type Listener = (data: unknown) => void;

function createApiEvents() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    on<E extends ApiEventName>(event: E, listener: (data: ApiEventMap[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => void set.delete(listener as Listener);
    },
    listening: (event: ApiEventName) => (listeners.get(event)?.size ?? 0) > 0,
    emit<E extends ApiEventName>(event: E, data: ApiEventMap[E]): void {
      for (const fn of listeners.get(event) ?? []) {
        try {
          fn(data);
        } catch {
          // A subscriber's bug never reaches the producer.
        }
      }
    },
  };
}

export interface ServiceExtras {
  /** More mounts on the same port (the dashboard at /ui). */
  mounts?: readonly Mount[];
  /** Handlers for operations implemented outside the core API (observability, security, …). */
  handlers?: Partial<ApiHandlers>;
}

export async function createAimuxService(opts: AimuxServiceOptions, extras: ServiceExtras = {}): Promise<AimuxService> {
  const env = opts.env ?? process.env;
  const logger = opts.logger ?? SILENT_LOGGER;
  const dataDir = opts.dataDir;
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const configPath = opts.configPath ?? configPathIn(dataDir);
  const store = createConfigStore({ path: configPath, env, secrets: opts.secretStore, logger });
  const initial = await store.load();
  const tokens = { admin: tokenFile(dataDir, ADMIN_TOKEN_FILE), proxy: tokenFile(dataDir, PROXY_TOKEN_FILE) };
  let adminToken = await tokens.admin.ensure();
  const proxyToken = createProxyTokenHolder(tokens.proxy);
  await proxyToken.load();
  let secretStatus = await opts.secretStore.status();
  const events = createApiEvents();
  const closing = new AbortController();
  const internalToken = randomBytes(32).toString('base64url');
  const startedAt = Date.now();
  let listened: { host: string; port: number; url: string } | undefined;
  let unwatch: (() => void) | undefined;
  let state: StatusView['state'] = 'running';
  let error: string | undefined;

  let handlers: ApiHandlers | undefined;
  let obs: Observability | undefined;
  const apiServer = createApiServer({
    handlers: new Proxy({} as ApiHandlers, { get: (_, name) => handlers![name as keyof ApiHandlers] }),
    adminToken: async () => adminToken,
    hostPolicy: () => ({ configuredHost: listened?.host ?? core.config().server.host }),
    events,
    logger,
    closing: closing.signal,
  });
  const core = createCore({
    config: initial,
    logger,
    internalToken,
    proxyToken: proxyToken.current,
    ...(opts.clock ? { clock: opts.clock } : {}),
    // Responses reasoning items are signed with it; kept in the data dir so they survive a restart.
    installSecret: loadInstallSecret(dataDir).secret,
    mounts: [{ prefix: API_BASE, handler: apiServer }, { prefix: METRICS_PATH, handler: (req, res) => obs!.mount.handler(req, res) }, ...(extras.mounts ?? [])],
    storageHealth: () => obs!.storage(),
  });
  obs = createObservability({
    dataDir,
    core,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...opts.observability,
    logger,
    emit: events.emit,
    listening: events.listening,
    onConfig: (fn) => store.onChange(fn),
    adminToken: async () => adminToken,
    scrapeToken: () => tokenFile(dataDir, METRICS_TOKEN_FILE).read(),
    hostPolicy: () => ({ configuredHost: listened?.host ?? core.config().server.host }),
    proxyUrl: () => ctx.proxyUrl(),
    proxyHeaders: async () => {
      const proxyToken = await tokens.proxy.read();
      return { 'x-aimux-internal': internalToken, ...(proxyToken ? { 'x-api-key': proxyToken } : {}) };
    },
  });

  const status = (): StatusView => {
    const config = core.config();
    const v: StatusView = {
      version: AIMUX_VERSION,
      mode: opts.mode,
      state: state === 'error' ? 'error' : core.paused ? 'paused' : 'running',
      url: listened?.url ?? null,
      host: listened?.host ?? opts.host ?? config.server.host,
      port: listened?.port ?? opts.port ?? config.server.port,
      pid: process.pid,
      startedAt,
      configSource: config.source,
      configPath,
      dataDir,
      secretStore: { kind: opts.secretStore.kind, ...secretStatus },
      proxyTokenRequired: proxyToken.current() !== undefined,
      userProviders: config.providers.filter((p) => p.id !== SYNTHETIC_PROVIDER_ID).length,
    };
    if (error !== undefined) v.error = error;
    if (config.migratedFrom !== undefined) v.configMigratedFrom = config.migratedFrom;
    return v;
  };

  store.onChange(({ config, revision, actor }) => {
    core.applyConfig(config);
    events.emit('config', { revision, source: config.source, actor });
    events.emit('status', status());
  });

  const ctx: ApiContext = {
    store,
    secrets: opts.secretStore,
    core,
    dataDir,
    mode: opts.mode,
    tokens,
    logger,
    env,
    status,
    async refreshStatus() {
      secretStatus = await opts.secretStore.status();
    },
    emit: events.emit,
    internalToken,
    listenedWith: () => (listened ? { host: listened.host, port: listened.port } : undefined),
    async proxyUrl() {
      if (listened) return listened.url;
      // Not serving (the CLI working on the config file): listen on a free loopback port for the call.
      const url = await core.listen('127.0.0.1', 0);
      listened = { host: '127.0.0.1', port: Number(new URL(url).port), url };
      return url;
    },
  };
  handlers = createApiHandlers(ctx, {
    ...obs.handlers,
    ...extras.handlers,
    ...opts.desktop,
    ...proxyTokenHandlers(ctx, { holder: proxyToken, beyondLoopback: () => listened !== undefined && !isLoopbackHost(listened.host) }),
    async rotateAdminToken() {
      adminToken = await tokens.admin.rotate();
      logger.info('admin token rotated');
      return { token: adminToken };
    },
  });
  // Key additions and removals and token rotations go into the audit log, whoever implements them.
  handlers = withAudit(handlers, obs.recordAudit, (keyId) => core.config().providers.flatMap((p) => p.apiKeys).find((k) => k.id === keyId)?.hint);

  return {
    api: handlers,
    on: events.on,
    emit: events.emit,
    core,
    status,
    recordAudit: (entry) => obs!.recordAudit(entry),
    async start() {
      const config = core.config();
      const host = opts.host ?? config.server.host;
      const port = opts.port ?? config.server.port;
      const bind = checkBind({ host, explicit: opts.host !== undefined, proxyTokenSet: proxyToken.current() !== undefined, ...(opts.dataDirFlag ? { dataDirFlag: opts.dataDirFlag } : {}) });
      if (!bind.ok) {
        state = 'error';
        error = bind.message;
        events.emit('status', status());
        throw new ProxyError('CONFIG_INVALID', bind.message, 500);
      }
      try {
        const url = await core.listen(host, port);
        const bound = Number(new URL(url).port);
        // Listening on every address: local tools (and runtime.json) use the loopback one.
        listened = { host, port: bound, url: isWildcard(host) ? `http://${host.includes(':') ? '[::1]' : '127.0.0.1'}:${bound}` : url };
      } catch (err) {
        state = 'error';
        const code = (err as NodeJS.ErrnoException).code;
        error = code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? `cannot listen on host "${host}"` : (err as Error).message;
        events.emit('status', status());
        throw err;
      }
      state = 'running';
      error = undefined;
      await writeRuntime(dataDir, { pid: process.pid, url: listened.url, mode: opts.mode, startedAt, version: AIMUX_VERSION });
      if (opts.watch !== false) unwatch = store.watch();
      events.emit('status', status());
      return status();
    },
    async stop(graceMs) {
      closing.abort();
      unwatch?.();
      const result = await core.close(graceMs);
      await obs!.close();
      await clearRuntime(dataDir);
      return result;
    },
  };
}
