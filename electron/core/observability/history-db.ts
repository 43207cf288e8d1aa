/**
 * The history database's reads (prepared once per open), on the main thread's connection, the one the
 * batch writer (history-writer.ts) uses too; WAL lets another process (the CLI) read while it commits.
 * Each is short: indexed reads and paging. Opening it also brings the schema up to date.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { AuditEntry, RequestLogEntry, RequestPage, SpeedTestResult } from '../../../shared/api/dto/observability';
import { loadBucket } from './bucket';
import type { Bucket, Labels } from './bucket';
import { migrate } from './history-schema';
import { DAY } from './metrics-store';
import type { StoredTier } from './metrics-store';
import type { PruneLimits } from './history-writer';
import type { RequestFilter } from './request-filter';
import { fromRow, ROW } from './request-row';
import type { RequestRow } from './request-row';

const col = (i: number) => `json_extract(row, '$[${i}]')`;
/** What free text matches (request-filter.ts searchText, the same fields): models, provider, class, error, notes. */
const SEARCH = `lower(concat_ws(' ', ${[ROW.clientModel, ROW.providerId, ROW.model, ROW.cls, ROW.errorCode, ROW.errorMessage, ROW.notes].map(col).join(', ')}))`;

export interface Retention {
  maxRows: number;
  maxAgeDays: number;
}

/** What is pruned: requests by the config's limits, buckets after 7 days (minutes) and 90 (hours), speed tests past 500. */
export function pruneLimits(r: Retention): PruneLimits {
  return { maxRows: r.maxRows, maxAgeMs: r.maxAgeDays * DAY, minuteBucketsMs: 7 * DAY, hourBucketsMs: 90 * DAY, speedTestsKept: 500 };
}

export interface HistoryDb {
  queryRequests(f: RequestFilter, limit: number): RequestPage;
  getRequest(id: string): RequestLogEntry | undefined;
  listSpeedTests(limit: number): SpeedTestResult[];
  queryAudit(limit: number, before?: number): AuditEntry[];
  maxAuditId(): number;
  buckets(tier: StoredTier, since: number): Array<{ start: number; bucket: Bucket }>;
  /** For the CLI while aimux is not running (no batch writer then). */
  appendAudit(a: Omit<AuditEntry, 'id'>): void;
  close(): void;
}

export function createHistoryDb(db: DatabaseSync): HistoryDb {
  migrate(db);
  const st = {
    // No index on the id alone: inserts stay one B-tree write; a look-up by id scans (100,000 rows: milliseconds).
    getRequest: db.prepare('SELECT row FROM requests WHERE id = ?'),
    speedTests: db.prepare('SELECT result FROM speed_tests ORDER BY at DESC, id DESC LIMIT ?'),
    audit: db.prepare('SELECT id, at, actor, action, detail FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?'),
    maxAudit: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM audit'),
    buckets: db.prepare('SELECT start, labels, data FROM buckets WHERE tier = ? AND start >= ?'),
    appendAudit: db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)'),
  };
  const queries = new Map<string, StatementSync>();
  const prepared = (sql: string) => {
    let s = queries.get(sql);
    if (!s) queries.set(sql, (s = db.prepare(sql)));
    return s;
  };

  return {
    queryRequests(f, limit) {
      const where: string[] = [];
      const args: SQLInputValue[] = [];
      if (f.provider !== undefined) (where.push(`${col(ROW.providerId)} = ?`), args.push(f.provider));
      if (f.class !== undefined) (where.push(`${col(ROW.cls)} = ?`), args.push(f.class));
      if (f.status !== undefined) (where.push(`${col(ROW.status)} = ?`), args.push(f.status));
      if (f.outcome !== undefined) (where.push(`${col(ROW.outcome)} = ?`), args.push(f.outcome));
      if (f.from !== undefined) (where.push('at >= ?'), args.push(f.from));
      if (f.to !== undefined) (where.push('at <= ?'), args.push(f.to));
      if (f.q !== undefined && f.q !== '') {
        where.push(`${SEARCH} LIKE ? ESCAPE '\\'`);
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
      const sql = `SELECT row FROM requests ${page.length ? `WHERE ${page.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`;
      const rows = prepared(sql).all(...pageArgs, limit + 1) as Array<{ row: string }>;
      const entries = rows.slice(0, limit).map((r) => fromRow(JSON.parse(r.row) as RequestRow));
      const out: RequestPage = { entries, total };
      const last = entries.at(-1);
      if (rows.length > limit && last) out.nextCursor = `${last.at}:${last.id}`;
      return out;
    },

    getRequest(id) {
      const r = st.getRequest.get(id) as { row: string } | undefined;
      return r ? fromRow(JSON.parse(r.row) as RequestRow) : undefined;
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

    appendAudit: (a) => void st.appendAudit.run(a.at, a.actor, a.action, a.detail),

    close: () => db.close(),
  };
}
