/**
 * The history's storage, made so that the database can never stop traffic. Requests, audit
 * entries and speed tests are queued in memory and written in one transaction every `flushMs` (250 ms),
 * or as soon as 256 requests are queued (history-writer.ts: on the event loop, never on a request's
 * path, never a disk write per request); metric buckets are taken from the metrics store at the same
 * time. Reads use the same connection.
 *
 * | the database…             | what aimux does                                                          |
 * | ------------------------- | ------------------------------------------------------------------------ |
 * | opens and writes          | persisted; queries read it (after what is queued has been written)       |
 * | is corrupt (not a db, malformed) | moves the file aside (`history.db.corrupt-<time>`), starts a new one, says so |
 * | is locked by another process for a moment | keeps the batch queued and tries again at the next flush (never waits on the lock) |
 * | stays locked (`busyMs`, 2 s), or is full, unwritable, missing node:sqlite | keeps everything in memory (bounded), says so in /health and the log, retries every `retryMs`; what was queued is written once it works |
 */
import { existsSync, renameSync } from 'node:fs';
import type { AuditEntry, RequestLogEntry, RequestPage, RequestQuery, SpeedTestResult } from '../../../shared/api/dto/observability';
import type { Clock, Logger } from '../deps';
import { storeBucket } from './bucket';
import type { Bucket } from './bucket';
import { createHistoryDb, pruneLimits } from './history-db';
import type { HistoryDb, Retention } from './history-db';
import { createHistoryWriter } from './history-writer';
import type { HistoryWriter } from './history-writer';
import type { MetricsStore, StoredTier } from './metrics-store';
import { DAY } from './metrics-store';
import { filterInMemory, mergePages, parseCursor } from './request-filter';
import { enqueueRow, fromRow } from './request-row';
import { RequestQueue } from './request-queue';
import type { RequestRecord, RequestRow } from './request-row';
import { isBusy, isCorrupt, openDatabase } from './sqlite';

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
  /** Called first by every flush (observability processes its waiting finished requests: finish-batcher.ts). */
  beforeFlush?: () => void;
  flushMs?: number;
  retryMs?: number;
  /** How long a lock held by another process is waited out (flush after flush) before history falls back to memory. */
  busyMs?: number;
}

export interface HistoryStorage {
  status(): StorageStatus;
  addRequest(r: RequestRecord): void;
  addAudit(a: Omit<AuditEntry, 'id'>): AuditEntry;
  addSpeedTest(r: SpeedTestResult): void;
  queryRequests(q: RequestQuery): Promise<RequestPage>;
  getRequest(id: string): Promise<RequestLogEntry | undefined>;
  listSpeedTests(limit: number): Promise<SpeedTestResult[]>;
  queryAudit(limit: number, before?: number): Promise<AuditEntry[]>;
  /** Writes what is queued now (and prunes when due); resolves once it is written (or kept in memory). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Kept in memory while the database is unavailable (oldest dropped first). */
const MEMORY_REQUESTS = 10_000;
const MEMORY_OTHER = 1000;
const PRUNE_EVERY_MS = 60_000;
/** Under load, a batch goes as soon as it has this many requests (a transaction of bounded size, a queue that stays small). */
const BATCH_ROWS = 256;

interface Open {
  db: HistoryDb;
  writer: HistoryWriter;
}

export function createHistoryStorage(o: HistoryStorageOptions): HistoryStorage {
  const { clock, logger, store } = o;
  const retryMs = o.retryMs ?? 30_000;
  let open: Open | undefined;
  let problem: string | undefined;
  let restored = false;
  let lastPrune = -Infinity;
  let nextAuditId = 1;
  /** Since when another process has held the database locked (the batch waits for the next flush meanwhile). */
  let busySince: number | undefined;
  const busyMs = o.busyMs ?? 2000;
  /** Requests as JSON rows (request-row.ts), made when they finish and kept outside the JS heap until written. */
  const requests = new RequestQueue();
  let queued = { speedTests: [] as SpeedTestResult[], audit: [] as AuditEntry[] };
  const queuedEntries = () => Array.from({ length: requests.length }, (_, i) => fromRow(JSON.parse(requests.row(i)) as RequestRow));
  const queuedBuckets = new Map<Bucket, { tier: StoredTier; start: number }>();
  /** Recent speed tests and audit entries, for answers while the database is unavailable. */
  const recent = { speedTests: [] as SpeedTestResult[], audit: [] as AuditEntry[] };
  const capped = <T>(list: T[], max: number) => {
    if (list.length > max) list.splice(0, list.length - max);
  };

  const close = (which: Open | undefined) => {
    if (!which) return;
    try {
      which.db.close();
    } catch {
      // Already unusable.
    }
  };

  const moveAside = (): string => {
    const to = `${o.path}.corrupt-${new Date(clock.now()).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(o.path, to);
    for (const ext of ['-wal', '-shm']) if (existsSync(o.path + ext)) renameSync(o.path + ext, to + ext);
    return to;
  };

  const tryOpen = (afterCorrupt = false): void => {
    let conn: ReturnType<typeof openDatabase> | undefined;
    try {
      conn = openDatabase(o.path);
      const db = createHistoryDb(conn);
      if (!restored) {
        const now = clock.now();
        for (const tier of ['minute', 'hour'] as const) for (const r of db.buckets(tier, now - 31 * DAY)) store.restore(tier, r.start, r.bucket, now);
        restored = true;
      }
      // Ids given out before the database answers are provisional; it numbers the entries it stores.
      nextAuditId = Math.max(nextAuditId, db.maxAuditId() + 1);
      open = { db, writer: createHistoryWriter(conn) };
      if (problem !== undefined && !afterCorrupt) logger.info(`history: ${o.path} is available again; what was kept in memory is being written`);
      if (!afterCorrupt) problem = undefined;
    } catch (err) {
      try {
        conn?.close();
      } catch {
        // Already unusable.
      }
      if (isCorrupt(err) && !afterCorrupt && existsSync(o.path)) {
        recoverFromCorrupt(err);
        return;
      }
      fail(err);
    }
  };

  function recoverFromCorrupt(err: unknown): void {
    let to: string;
    try {
      to = moveAside();
    } catch (moveErr) {
      fail(moveErr);
      return;
    }
    logger.warn(`history: ${o.path} is not a readable database (${(err as Error).message}); moved it to ${to} and started a new history`);
    problem = `the history file was unreadable and was moved to ${to}; a new history was started`;
    tryOpen(true);
  }

  function fail(err: unknown): void {
    const was = open;
    open = undefined;
    close(was);
    const p = `${o.path}: ${err instanceof Error ? err.message : String(err)}`;
    if (p !== problem) logger.warn(`history: ${p}; metrics and the request log are kept in memory until the database can be written (retrying every ${Math.round(retryMs / 1000)} s)`);
    problem = p;
    if (was !== undefined && isCorrupt(err) && existsSync(o.path)) recoverFromCorrupt(err);
  }

  /** Writes what is queued in one transaction; what cannot be written stays queued (bounded). */
  const flush = async (): Promise<void> => {
    o.beforeFlush?.();
    for (const d of store.takeDirty()) queuedBuckets.set(d.bucket, { tier: d.tier, start: d.start });
    const target = open;
    if (!target) return;
    const now = clock.now();
    const pruneDue = now - lastPrune >= PRUNE_EVERY_MS;
    if (requests.length + queued.speedTests.length + queued.audit.length + queuedBuckets.size === 0 && !pruneDue) return;
    try {
      target.writer.write({
        requests,
        speedTests: queued.speedTests,
        audit: queued.audit,
        buckets: [...queuedBuckets].map(([b, at]) => [at.tier, at.start, JSON.stringify(b.labels), storeBucket(b)]),
      });
      requests.clear();
      queued = { speedTests: [], audit: [] };
      queuedBuckets.clear();
      busySince = undefined;
      if (pruneDue) {
        lastPrune = now;
        target.writer.prune(now, pruneLimits(o.retention()));
      }
    } catch (err) {
      requests.keepNewest(Math.min(MEMORY_REQUESTS, o.retention().maxRows));
      if (isBusy(err)) {
        busySince ??= now;
        if (now - busySince < busyMs) return;
      }
      busySince = undefined;
      if (open === target) fail(err);
    }
  };

  tryOpen();
  const flushTimer = setInterval(() => {
    void flush();
    store.prune(clock.now());
  }, o.flushMs ?? 250);
  flushTimer.unref();
  const retryTimer = setInterval(() => {
    if (open === undefined) tryOpen();
  }, retryMs);
  retryTimer.unref();

  /**
   * Reads the database once what is queued is written; falls back to memory if it cannot. When the
   * write was refused (a lock held for less than `busyMs`), the requests still queued are in no
   * database yet: request-log answers add them (they and the database's rows are disjoint).
   */
  const read = async <T>(fromDb: (d: HistoryDb) => T, fromMemory: () => T): Promise<T> => {
    await flush();
    if (open !== undefined) {
      try {
        return fromDb(open.db);
      } catch (err) {
        fail(err);
      }
    }
    return fromMemory();
  };

  return {
    status: () => (problem === undefined ? { persisted: open !== undefined } : { persisted: open !== undefined, problem }),

    addRequest(r) {
      const max = o.retention().maxRows;
      if (max === 0) return;
      enqueueRow(requests, r);
      if (requests.length === BATCH_ROWS && open !== undefined) setImmediate(() => void flush());
      if (open === undefined && requests.length > MEMORY_REQUESTS) requests.keepNewest(Math.min(MEMORY_REQUESTS, max));
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
        (d) => mergePages(d.queryRequests(f, limit), filterInMemory(queuedEntries(), f, limit), limit),
        () => filterInMemory(queuedEntries(), f, limit),
      );
    },

    getRequest: (id) =>
      read(
        (d) => d.getRequest(id) ?? queuedEntries().find((e) => e.id === id),
        () => queuedEntries().find((e) => e.id === id),
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

    async close() {
      clearInterval(flushTimer);
      clearInterval(retryTimer);
      await flush();
      const was = open;
      open = undefined;
      if (was) {
        try {
          was.db.close();
        } catch {
          // Nothing more to save.
        }
      }
    },
  };
}
