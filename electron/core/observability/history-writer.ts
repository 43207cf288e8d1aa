/**
 * The history's batch writer, on the main thread's own connection (history-storage.ts calls it every
 * `flushMs`, or every 256 requests under load: one transaction per batch, never a write per request).
 *
 * Why not a worker thread: a second V8 isolate costs ~15 MB of resident memory for work that takes
 * a few microseconds per request (a prepared INSERT of a ready JSON row), and handing batches to it
 * costs a structured clone on the event loop anyway (docs/benchmarks.md, "Memory"). In WAL mode with
 * `synchronous = NORMAL` a commit is a write to the WAL in the page cache, not an fsync.
 *
 * The connection never waits for a lock (`busy_timeout = 0`, sqlite.ts): a file locked by another
 * process fails the batch at once with SQLITE_BUSY, and the storage keeps the batch for the next flush.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { AuditEntry, SpeedTestResult } from '../../../shared/api/dto/observability';

export interface WriterBatch {
  /** Per request its `at`, id and JSON row (request-row.ts); the row text is made once, when the request finishes. */
  requests: QueuedRequests;
  /** [tier, start, labels JSON, data JSON] */
  buckets: Array<[string, number, string, string]>;
  speedTests: SpeedTestResult[];
  audit: AuditEntry[];
}

/** What the writer reads of the queued requests (request-queue.ts). */
export interface QueuedRequests {
  readonly length: number;
  at(i: number): number;
  id(i: number): string;
  /** The row's UTF-8 bytes, valid until the queue changes (bound as they are: no string is made). */
  rowBytes(i: number): Uint8Array;
}

export interface PruneLimits {
  maxRows: number;
  maxAgeMs: number;
  minuteBucketsMs: number;
  hourBucketsMs: number;
  speedTestsKept: number;
}

export interface HistoryWriter {
  /** One transaction; throws (and writes nothing) when SQLite refuses it. */
  write(batch: WriterBatch): void;
  /** Returns the number of request rows deleted. */
  prune(now: number, limits: PruneLimits): number;
}

/** Requests go in statements of this many rows (one call into SQLite each: ~40% less CPU per row than one by one). */
const ROWS_PER_INSERT = 64;
// The row is bound as its UTF-8 bytes and stored as TEXT (SQLite reads a BLOB cast to TEXT as UTF-8).
const insertRequests = (n: number) => `INSERT OR REPLACE INTO requests (at, id, row) VALUES ${Array(n).fill('(?, ?, CAST(? AS TEXT))').join(', ')}`;

export function createHistoryWriter(db: DatabaseSync): HistoryWriter {
  const st = {
    request: db.prepare(insertRequests(1)),
    requests: db.prepare(insertRequests(ROWS_PER_INSERT)),
    bucket: db.prepare('INSERT OR REPLACE INTO buckets (tier, start, labels, data) VALUES (?, ?, ?, ?)'),
    speed: db.prepare('INSERT OR REPLACE INTO speed_tests (id, at, result) VALUES (?, ?, ?)'),
    // The database numbers audit entries (another process, the CLI, may add some too).
    audit: db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)'),
    pruneAge: db.prepare('DELETE FROM requests WHERE at < ?'),
    countRows: db.prepare('SELECT COUNT(*) AS n FROM requests'),
    // The oldest N: an ascending walk of N index entries (skipping the newest maxRows walked them all).
    pruneOldest: db.prepare('DELETE FROM requests WHERE (at, id) IN (SELECT at, id FROM requests ORDER BY at, id LIMIT ?)'),
    pruneBuckets: db.prepare('DELETE FROM buckets WHERE tier = ? AND start < ?'),
    pruneSpeed: db.prepare('DELETE FROM speed_tests WHERE id NOT IN (SELECT id FROM speed_tests ORDER BY at DESC, id DESC LIMIT ?)'),
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
        // SQLite ended the transaction itself.
      }
      throw err;
    }
  };

  /**
   * Rows in the table, counted once (at the first prune) and then kept up to date, so that the
   * row limit costs a walk of the rows it deletes, not of all of them (100,000 rows: ~19 ms on the
   * event loop every minute). A replaced row (the same request written twice) counts twice: the
   * limit may then keep a few rows fewer, never more; the next start counts again.
   */
  let rowCount: number | undefined;

  return {
    write(b) {
      tx(() => {
        const rows = b.requests;
        let i = 0;
        if (rows.length >= ROWS_PER_INSERT) {
          const args: Array<number | string | Uint8Array> = [];
          for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
            args.length = 0;
            for (let j = i; j < i + ROWS_PER_INSERT; j++) args.push(rows.at(j), rows.id(j), rows.rowBytes(j));
            st.requests.run(...args);
          }
        }
        for (; i < rows.length; i++) st.request.run(rows.at(i), rows.id(i), rows.rowBytes(i));
        for (const [tier, start, labels, data] of b.buckets) st.bucket.run(tier, start, labels, data);
        for (const r of b.speedTests) st.speed.run(r.id, r.at, JSON.stringify(r));
        for (const a of b.audit) st.audit.run(a.at, a.actor, a.action, a.detail);
      });
      if (rowCount !== undefined) rowCount += b.requests.length;
    },
    prune(now, l) {
      let deleted = 0;
      let count = rowCount;
      tx(() => {
        const aged = Number(st.pruneAge.run(now - l.maxAgeMs).changes);
        count = count === undefined ? (st.countRows.get() as { n: number }).n : count - aged;
        const excess = count - l.maxRows;
        const over = excess > 0 ? Number(st.pruneOldest.run(excess).changes) : 0;
        count -= over;
        deleted = aged + over;
        st.pruneBuckets.run('minute', now - l.minuteBucketsMs);
        st.pruneBuckets.run('hour', now - l.hourBucketsMs);
        st.pruneSpeed.run(l.speedTestsKept);
      });
      rowCount = count;
      return deleted;
    },
  };
}
