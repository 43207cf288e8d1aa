/**
 * The history's storage, made so that the database can never stop traffic. Requests, audit
 * entries and speed tests are queued in memory and written in one transaction per `flushMs`
 * (never on the request path); metric buckets are taken from the metrics store at the same time.
 *
 * | the database…             | what aimux does                                                          |
 * | ------------------------- | ------------------------------------------------------------------------ |
 * | opens and writes          | persisted; queries read it (after writing what is queued)                |
 * | is corrupt (not a db, malformed) | moves the file aside (`history.db.corrupt-<time>`), starts a new one, says so |
 * | is locked, full, unwritable, missing node:sqlite | keeps everything in memory (bounded), says so in /health and the log, retries every `retryMs`; what was queued is written once it works |
 */
import { existsSync, renameSync } from 'node:fs';
import type { AuditEntry, RequestLogEntry, RequestPage, RequestQuery, SpeedTestResult } from '../../../shared/api/dto/observability';
import type { Clock, Logger } from '../deps';
import type { Bucket } from './bucket';
import { createHistoryDb } from './history-db';
import type { HistoryDb, Retention } from './history-db';
import type { MetricsStore, StoredTier } from './metrics-store';
import { DAY } from './metrics-store';
import { filterInMemory, parseCursor } from './request-filter';
import { isCorrupt, openDatabase } from './sqlite';

export interface StorageStatus {
  persisted: boolean;
  problem?: string;
}

export interface HistoryStorageOptions {
  path: string;
  clock: Clock;
  logger: Logger;
  store: MetricsStore;
  retention(): Retention;
  flushMs?: number;
  retryMs?: number;
}

export interface HistoryStorage {
  status(): StorageStatus;
  addRequest(e: RequestLogEntry): void;
  addAudit(a: Omit<AuditEntry, 'id'>): AuditEntry;
  addSpeedTest(r: SpeedTestResult): void;
  queryRequests(q: RequestQuery): RequestPage;
  getRequest(id: string): RequestLogEntry | undefined;
  listSpeedTests(limit: number): SpeedTestResult[];
  queryAudit(limit: number, before?: number): AuditEntry[];
  /** Writes what is queued now (and prunes when due). */
  flush(): void;
  close(): void;
}

/** Kept in memory while the database is unavailable (oldest dropped first). */
const MEMORY_REQUESTS = 10_000;
const MEMORY_OTHER = 1000;
const PRUNE_EVERY_MS = 60_000;

export function createHistoryStorage(o: HistoryStorageOptions): HistoryStorage {
  const { clock, logger, store } = o;
  const retryMs = o.retryMs ?? 30_000;
  let db: HistoryDb | undefined;
  let problem: string | undefined;
  let restored = false;
  let lastPrune = -Infinity;
  let nextAuditId = 1;
  const queued = { requests: [] as RequestLogEntry[], speedTests: [] as SpeedTestResult[], audit: [] as AuditEntry[] };
  const queuedBuckets = new Map<Bucket, { tier: StoredTier; start: number }>();
  /** Recent speed tests and audit entries, for answers while the database is unavailable. */
  const recent = { speedTests: [] as SpeedTestResult[], audit: [] as AuditEntry[] };
  const capped = <T>(list: T[], max: number) => {
    if (list.length > max) list.splice(0, list.length - max);
  };

  const describe = (err: unknown) => `${o.path}: ${err instanceof Error ? err.message : String(err)}`;

  const moveAside = (): string => {
    const to = `${o.path}.corrupt-${new Date(clock.now()).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(o.path, to);
    for (const ext of ['-wal', '-shm']) if (existsSync(o.path + ext)) renameSync(o.path + ext, to + ext);
    return to;
  };

  const open = (afterCorrupt = false): void => {
    let opened: HistoryDb | undefined;
    try {
      opened = createHistoryDb(openDatabase(o.path));
      if (!restored) {
        const now = clock.now();
        for (const tier of ['minute', 'hour'] as const) for (const r of opened.buckets(tier, now - 31 * DAY)) store.restore(tier, r.start, r.bucket, now);
        restored = true;
      }
      // Ids given out before the database answers are provisional; it numbers the entries it stores.
      nextAuditId = Math.max(nextAuditId, opened.maxAuditId() + 1);
      db = opened;
      if (problem !== undefined && !afterCorrupt) logger.info(`history: ${o.path} is available again; what was kept in memory is being written`);
      if (!afterCorrupt) problem = undefined;
    } catch (err) {
      try {
        opened?.close();
      } catch {
        // Already unusable.
      }
      if (isCorrupt(err) && !afterCorrupt && existsSync(o.path)) {
        let to: string;
        try {
          to = moveAside();
        } catch (moveErr) {
          fail(moveErr);
          return;
        }
        logger.warn(`history: ${o.path} is not a readable database (${(err as Error).message}); moved it to ${to} and started a new history`);
        problem = `the history file was unreadable and was moved to ${to}; a new history was started`;
        open(true);
        return;
      }
      fail(err);
    }
  };

  function fail(err: unknown): void {
    const was = db;
    db = undefined;
    try {
      was?.close();
    } catch {
      // Closing a broken database may fail too.
    }
    const p = describe(err);
    if (p !== problem) logger.warn(`history: ${p}; metrics and the request log are kept in memory until the database can be written (retrying every ${Math.round(retryMs / 1000)} s)`);
    problem = p;
    if (was !== undefined && isCorrupt(err)) open();
  }

  const flush = (): void => {
    for (const d of store.takeDirty()) queuedBuckets.set(d.bucket, { tier: d.tier, start: d.start });
    if (db === undefined) return;
    try {
      db.write({ ...queued, buckets: [...queuedBuckets].map(([bucket, at]) => ({ ...at, bucket })) });
      queued.requests = [];
      queued.speedTests = [];
      queued.audit = [];
      queuedBuckets.clear();
      const now = clock.now();
      if (now - lastPrune >= PRUNE_EVERY_MS) {
        db.prune(now, o.retention());
        lastPrune = now;
      }
    } catch (err) {
      fail(err);
    }
  };

  open();
  const flushTimer = setInterval(() => {
    flush();
    store.prune(clock.now());
  }, o.flushMs ?? 1000);
  flushTimer.unref();
  const retryTimer = setInterval(() => {
    if (db === undefined) open();
  }, retryMs);
  retryTimer.unref();

  /** Runs a read on the database after writing what is queued; falls back to memory if it fails. */
  const read = <T>(fromDb: (d: HistoryDb) => T, fromMemory: () => T): T => {
    flush();
    if (db !== undefined) {
      try {
        return fromDb(db);
      } catch (err) {
        fail(err);
      }
    }
    return fromMemory();
  };

  return {
    status: () => (problem === undefined ? { persisted: db !== undefined } : { persisted: db !== undefined, problem }),

    addRequest(e) {
      if (o.retention().maxRows === 0) return;
      queued.requests.push(e);
      if (db === undefined) capped(queued.requests, Math.min(MEMORY_REQUESTS, o.retention().maxRows));
    },

    addAudit(a) {
      const entry: AuditEntry = { id: nextAuditId++, ...a };
      queued.audit.push(entry);
      recent.audit.push(entry);
      capped(recent.audit, MEMORY_OTHER);
      return entry;
    },

    addSpeedTest(r) {
      queued.speedTests.push(r);
      recent.speedTests.push(r);
      capped(recent.speedTests, MEMORY_OTHER);
    },

    queryRequests(q) {
      const f = { ...q, cursor: parseCursor(q.cursor) };
      const limit = q.limit ?? 100;
      return read(
        (d) => d.queryRequests(f, limit),
        () => filterInMemory(queued.requests, f, limit),
      );
    },

    getRequest: (id) =>
      read(
        (d) => d.getRequest(id),
        () => queued.requests.find((e) => e.id === id),
      ),

    listSpeedTests: (limit) =>
      read(
        (d) => d.listSpeedTests(limit),
        () => [...recent.speedTests].sort((a, b) => b.at - a.at).slice(0, limit),
      ),

    queryAudit: (limit, before) =>
      read(
        (d) => d.queryAudit(limit, before),
        () => recent.audit.filter((a) => before === undefined || a.id < before).sort((a, b) => b.id - a.id).slice(0, limit),
      ),

    flush,

    close() {
      clearInterval(flushTimer);
      clearInterval(retryTimer);
      flush();
      try {
        db?.close();
      } catch {
        // Nothing more to save.
      }
      db = undefined;
    },
  };
}
