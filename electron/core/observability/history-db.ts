/**
 * The history database's reads and writes (prepared once per open). Writes come in batches, one
 * transaction each, from the storage's flush; reads answer the API. Synchronous (node:sqlite), so
 * each call is short: batches of rows, indexed reads, paging.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { AuditEntry, RequestLogEntry, RequestPage, SpeedTestResult } from '../../../shared/api/dto/observability';
import { loadBucket, storeBucket } from './bucket';
import type { Bucket, Labels } from './bucket';
import { migrate } from './history-schema';
import { DAY } from './metrics-store';
import type { StoredTier } from './metrics-store';
import { searchText } from './request-filter';
import type { RequestFilter } from './request-filter';

export interface Retention {
  maxRows: number;
  maxAgeDays: number;
}

/** How long buckets are kept on disk (the issue's 7 days of minutes, 90 of hours). */
export const BUCKET_RETENTION_MS: Readonly<Record<StoredTier, number>> = { minute: 7 * DAY, hour: 90 * DAY };
const SPEED_TESTS_KEPT = 500;

export interface Batch {
  requests: readonly RequestLogEntry[];
  buckets: ReadonlyArray<{ tier: StoredTier; start: number; bucket: Bucket }>;
  speedTests: readonly SpeedTestResult[];
  audit: readonly AuditEntry[];
}

export interface HistoryDb {
  write(batch: Batch): void;
  queryRequests(f: RequestFilter, limit: number): RequestPage;
  getRequest(id: string): RequestLogEntry | undefined;
  listSpeedTests(limit: number): SpeedTestResult[];
  queryAudit(limit: number, before?: number): AuditEntry[];
  maxAuditId(): number;
  buckets(tier: StoredTier, since: number): Array<{ start: number; bucket: Bucket }>;
  /** Deletes what is past its limits; returns the number of request rows deleted. */
  prune(now: number, r: Retention): number;
  close(): void;
}

export function createHistoryDb(db: DatabaseSync): HistoryDb {
  migrate(db);
  const st = {
    insertRequest: db.prepare('INSERT OR REPLACE INTO requests (id, at, provider, class, status, outcome, search, entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    upsertBucket: db.prepare('INSERT OR REPLACE INTO buckets (tier, start, labels, data) VALUES (?, ?, ?, ?)'),
    insertSpeed: db.prepare('INSERT OR REPLACE INTO speed_tests (id, at, result) VALUES (?, ?, ?)'),
    // The database numbers audit entries (another process, the CLI, may add some too).
    insertAudit: db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)'),
    getRequest: db.prepare('SELECT entry FROM requests WHERE id = ?'),
    speedTests: db.prepare('SELECT result FROM speed_tests ORDER BY at DESC, id DESC LIMIT ?'),
    audit: db.prepare('SELECT id, at, actor, action, detail FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?'),
    maxAudit: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM audit'),
    buckets: db.prepare('SELECT start, labels, data FROM buckets WHERE tier = ? AND start >= ?'),
    pruneAge: db.prepare('DELETE FROM requests WHERE at < ?'),
    pruneRows: db.prepare('DELETE FROM requests WHERE rowid IN (SELECT rowid FROM requests ORDER BY at DESC, id DESC LIMIT -1 OFFSET ?)'),
    pruneBuckets: db.prepare('DELETE FROM buckets WHERE tier = ? AND start < ?'),
    pruneSpeed: db.prepare('DELETE FROM speed_tests WHERE id NOT IN (SELECT id FROM speed_tests ORDER BY at DESC, id DESC LIMIT ?)'),
  };
  const queries = new Map<string, StatementSync>();
  const prepared = (sql: string) => {
    let s = queries.get(sql);
    if (!s) queries.set(sql, (s = db.prepare(sql)));
    return s;
  };

  const tx = (fn: () => void) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      fn();
      db.exec('COMMIT');
    } catch (err) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // No transaction left to roll back (SQLite ended it on the error).
      }
      throw err;
    }
  };

  return {
    write(batch) {
      if (batch.requests.length + batch.buckets.length + batch.speedTests.length + batch.audit.length === 0) return;
      tx(() => {
        for (const e of batch.requests) {
          st.insertRequest.run(e.id, e.at, e.providerId ?? '', e.class ?? '', e.status, e.outcome, searchText(e), JSON.stringify(e));
        }
        for (const { tier, start, bucket } of batch.buckets) st.upsertBucket.run(tier, start, JSON.stringify(bucket.labels), storeBucket(bucket));
        for (const r of batch.speedTests) st.insertSpeed.run(r.id, r.at, JSON.stringify(r));
        for (const a of batch.audit) st.insertAudit.run(a.at, a.actor, a.action, a.detail);
      });
    },

    queryRequests(f, limit) {
      const where: string[] = [];
      const args: SQLInputValue[] = [];
      if (f.provider !== undefined) (where.push('provider = ?'), args.push(f.provider));
      if (f.class !== undefined) (where.push('class = ?'), args.push(f.class));
      if (f.status !== undefined) (where.push('status = ?'), args.push(f.status));
      if (f.outcome !== undefined) (where.push('outcome = ?'), args.push(f.outcome));
      if (f.from !== undefined) (where.push('at >= ?'), args.push(f.from));
      if (f.to !== undefined) (where.push('at <= ?'), args.push(f.to));
      if (f.q !== undefined && f.q !== '') {
        where.push("search LIKE ? ESCAPE '\\'");
        args.push(`%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (prepared(`SELECT COUNT(*) AS n FROM requests ${filter}`).get(...args) as { n: number }).n;
      const page = [...where];
      const pageArgs = [...args];
      if (f.cursor !== undefined) {
        page.push('(at < ? OR (at = ? AND id < ?))');
        pageArgs.push(f.cursor.at, f.cursor.at, f.cursor.id);
      }
      const sql = `SELECT entry FROM requests ${page.length ? `WHERE ${page.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`;
      const rows = prepared(sql).all(...pageArgs, limit + 1) as Array<{ entry: string }>;
      const entries = rows.slice(0, limit).map((r) => JSON.parse(r.entry) as RequestLogEntry);
      const out: RequestPage = { entries, total };
      const last = entries.at(-1);
      if (rows.length > limit && last) out.nextCursor = `${last.at}:${last.id}`;
      return out;
    },

    getRequest(id) {
      const row = st.getRequest.get(id) as { entry: string } | undefined;
      return row ? (JSON.parse(row.entry) as RequestLogEntry) : undefined;
    },

    listSpeedTests: (limit) => (st.speedTests.all(limit) as Array<{ result: string }>).map((r) => JSON.parse(r.result) as SpeedTestResult),

    queryAudit: (limit, before) => st.audit.all(before ?? Number.MAX_SAFE_INTEGER, limit) as unknown as AuditEntry[],

    maxAuditId: () => (st.maxAudit.get() as { id: number }).id,

    buckets(tier, since) {
      return (st.buckets.all(tier, since) as Array<{ start: number; labels: string; data: string }>).map((r) => ({
        start: r.start,
        bucket: loadBucket(JSON.parse(r.labels) as Labels, r.data),
      }));
    },

    prune(now, r) {
      let deleted = 0;
      tx(() => {
        deleted += Number(st.pruneAge.run(now - r.maxAgeDays * DAY).changes);
        deleted += Number(st.pruneRows.run(r.maxRows).changes);
        for (const tier of ['minute', 'hour'] as const) st.pruneBuckets.run(tier, now - BUCKET_RETENTION_MS[tier]);
        st.pruneSpeed.run(SPEED_TESTS_KEPT);
      });
      return deleted;
    },

    close: () => db.close(),
  };
}
