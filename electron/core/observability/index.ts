/**
 * Observability, composed: the request tracker on the core's events, the in-memory metrics, the
 * history database, the API operations (metrics, series, request log, speed tests, audit), the
 * live `request` and `metrics` events, GET /metrics and the audit log. The service builds it once
 * (service/create-service.ts) and stops it on shutdown.
 *
 * Per finished request the hot path does: the tracker's bookkeeping, a few counter increments per
 * tier, and a push onto the write queue; the `request` event is built only when someone listens.
 * Everything else (SQLite writes, pruning, snapshots, queries) happens on timers or API calls.
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ApiHandlers } from '../../../shared/api/client';
import type { AuditEntry } from '../../../shared/api/dto/observability';
import type { ApiEventMap, ApiEventName } from '../../../shared/api/events';
import { ApiError } from '../../../shared/api/errors';
import type { ConfigDoc } from '../../../shared/config/schema';
import type { ConfigChange } from '../config/store';
import type { CoreEvent } from '../metrics/events';
import type { Clock, Logger } from '../deps';
import type { CoreHandle } from '../index';
import type { HostPolicy } from '../security/host-origin';
import type { Mount } from '../server/app';
import { describeConfigChange } from './audit';
import type { AuditInput } from './audit';
import { createHistoryDb } from './history-db';
import { createHistoryStorage } from './history-storage';
import type { StorageStatus } from './history-storage';
import { createConfigLookup } from './lookup';
import { createMetricsEndpoint, METRICS_PATH } from './metrics-endpoint';
import { metricsSnapshot, metricsSummary, timeSeries } from './metrics-queries';
import type { QueryEnv } from './metrics-queries';
import { createMetricsStore } from './metrics-store';
import { renderPrometheus } from './prometheus';
import { createFinishBatcher } from './finish-batcher';
import { entryOf } from './request-row';
import { createRequestTracker } from './request-tracker';
import { runSpeedTest } from './speed-test';
import { openDatabase } from './sqlite';

export const HISTORY_FILE = 'history.db';
/** Finished requests processed together (the storage's batch of rows, history-storage.ts, is the same size). */
const BATCH = 256;

export type ObservabilityHandlers = Pick<
  ApiHandlers,
  'getMetricsSummary' | 'getTimeSeries' | 'queryRequests' | 'getRequest' | 'runSpeedTest' | 'listSpeedTests' | 'queryAudit'
>;

export interface ObservabilityOptions {
  dataDir: string;
  core: CoreHandle;
  clock?: Clock;
  logger: Logger;
  emit<E extends ApiEventName>(event: E, data: ApiEventMap[E]): void;
  /** Whether anyone listens to a live event (nothing is built for nobody). */
  listening(event: ApiEventName): boolean;
  /** Every applied config, with who applied it (the config store's onChange). */
  onConfig(listener: (change: ConfigChange) => void): () => void;
  adminToken(): Promise<string>;
  scrapeToken(): Promise<string | undefined>;
  hostPolicy(): HostPolicy;
  proxyUrl(): Promise<string>;
  /** Headers the speed test's requests need (internal token, proxy token). */
  proxyHeaders(): Promise<Record<string, string>>;
  /** Timers; tests shorten them. */
  flushMs?: number;
  retryMs?: number;
  busyMs?: number;
  snapshotMs?: number;
}

export interface Observability {
  handlers: ObservabilityHandlers;
  /** GET /metrics. */
  mount: Mount;
  storage(): StorageStatus;
  recordAudit(entry: AuditInput): AuditEntry;
  /** Writes what is queued and closes the database. */
  close(): Promise<void>;
}

export function createObservability(o: ObservabilityOptions): Observability {
  const clock = o.clock ?? { now: () => Date.now() };
  const { core } = o;
  const lookup = createConfigLookup(() => core.config());
  const store = createMetricsStore();
  // Finished requests are processed in batches (finish-batcher.ts): before every write of the history and every
  // read of the metrics, the waiting ones are processed first. What goes wrong while a request runs is followed at once.
  const batcher = createFinishBatcher((e) => track(e), { batch: BATCH, prompt: () => o.listening('request') });
  const drain = batcher.drain;
  const storage = createHistoryStorage({
    beforeFlush: drain,
    path: join(o.dataDir, HISTORY_FILE),
    clock,
    logger: o.logger,
    store,
    retention: () => core.config().observability.requestLog,
    ...(o.flushMs !== undefined ? { flushMs: o.flushMs } : {}),
    ...(o.retryMs !== undefined ? { retryMs: o.retryMs } : {}),
    ...(o.busyMs !== undefined ? { busyMs: o.busyMs } : {}),
  });
  const env: QueryEnv = { store, now: () => clock.now(), health: () => core.health(), keyHint: (id) => lookup().keyHint(id), storage: () => storage.status() };
  const startedAt = clock.now();

  const track = createRequestTracker(lookup, ({ record, samples }) => {
    store.record(samples, record.e.at);
    storage.addRequest(record);
    if (o.listening('request')) o.emit('request', entryOf(record));
  });
  const onEvent = (e: CoreEvent) => (e.type === 'request.finished' ? batcher.push(e) : track(e));
  let unsubscribe: (() => void) | undefined;
  const follow = (enabled: boolean) => {
    if (enabled && !unsubscribe) unsubscribe = core.on('*', onEvent);
    if (!enabled && unsubscribe) {
      unsubscribe();
      unsubscribe = undefined;
    }
  };
  follow(core.config().observability.enabled);

  const recordAudit = (a: AuditInput) => storage.addAudit({ at: clock.now(), actor: a.actor, action: a.action, detail: a.detail });
  let doc: ConfigDoc = core.config().doc;
  const offConfig = o.onConfig(({ config, actor }) => {
    follow(config.observability.enabled);
    recordAudit({ actor, action: actor === 'file' ? 'config.reload' : 'config.change', detail: describeConfigChange(doc, config.doc) });
    doc = config.doc;
  });

  const snapshotMs = o.snapshotMs ?? 1000;
  let lastSnapshot = -Infinity;
  const snapshotTimer = setInterval(() => {
    const t = performance.now();
    if (!o.listening('metrics') || t - lastSnapshot < snapshotMs) return;
    lastSnapshot = t;
    drain();
    o.emit('metrics', metricsSnapshot(env));
  }, snapshotMs);
  snapshotTimer.unref();

  let speedTest: Promise<unknown> | undefined;
  const handlers: ObservabilityHandlers = {
    getMetricsSummary: async ({ window, groupBy }) => (drain(), metricsSummary(env, window, groupBy)),
    getTimeSeries: async ({ window, groupBy }) => (drain(), timeSeries(env, window, groupBy)),
    queryRequests: async (q) => storage.queryRequests(q),
    async getRequest({ id }) {
      const e = await storage.getRequest(id);
      if (!e) throw new ApiError('NOT_FOUND', `no request "${id}" in the history`, { field: 'id' });
      return e;
    },
    async runSpeedTest(input) {
      if (speedTest) throw new ApiError('CONFLICT', 'a speed test is already running; wait for it to finish');
      const run = runSpeedTest(
        {
          config: () => core.config(),
          proxyUrl: o.proxyUrl,
          headers: o.proxyHeaders,
          now: () => clock.now(),
          newId: () => `st_${randomBytes(6).toString('hex')}`,
          progress: (p) => o.emit('speedtest', p),
        },
        input,
      );
      speedTest = run;
      try {
        const result = await run;
        storage.addSpeedTest(result);
        return result;
      } finally {
        speedTest = undefined;
      }
    },
    listSpeedTests: async ({ limit }) => storage.listSpeedTests(limit ?? 20),
    queryAudit: async ({ limit, before }) => storage.queryAudit(limit ?? 100, before),
  };

  const metricsHandler = createMetricsEndpoint({
    adminToken: o.adminToken,
    scrapeToken: o.scrapeToken,
    hostPolicy: o.hostPolicy,
    render: () => (drain(), renderPrometheus({ life: store.life(), health: core.health(), persisted: storage.status().persisted, startedAtMs: startedAt })),
  });

  return {
    handlers,
    mount: { prefix: METRICS_PATH, handler: metricsHandler },
    storage: () => storage.status(),
    recordAudit,
    async close() {
      clearInterval(snapshotTimer);
      follow(false);
      offConfig();
      await storage.close();
    },
  };
}

/** Records an audit entry straight into a data dir's history (a CLI change made while aimux is not running). */
export function appendAudit(dataDir: string, entry: AuditInput & { at?: number }, logger?: Logger): void {
  try {
    const conn = openDatabase(join(dataDir, HISTORY_FILE));
    // Not serving traffic: wait for a running aimux's batch write if it holds the lock.
    conn.exec('PRAGMA busy_timeout = 2000');
    const db = createHistoryDb(conn);
    try {
      db.appendAudit({ at: entry.at ?? Date.now(), actor: entry.actor, action: entry.action, detail: entry.detail });
    } finally {
      db.close();
    }
  } catch (err) {
    logger?.warn(`history: could not record "${entry.action}" in the audit log: ${(err as Error).message}`);
  }
}
