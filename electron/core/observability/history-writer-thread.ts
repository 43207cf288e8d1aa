/**
 * The body of the history's writer thread (a worker), so no SQLite write ever runs on the event
 * loop that serves requests. It is started from its source text (`writerThread.toString()`), so it
 * must stay self-contained: it uses only its parameters and Node built-ins, never a module binding.
 *
 * Messages in: `{ id, type: 'write', batch }` and `{ id, type: 'prune', now, limits }`; out:
 * `{ id, ok: true, deleted? }` or `{ id, ok: false, message, errcode }` (errcode: SQLite's code).
 * A busy database is waited for (up to 2 s) here, never on the main thread.
 */
import type { AuditEntry, SpeedTestResult } from '../../../shared/api/dto/observability';

export interface WriterBatch {
  /** [at, id, JSON row] per request (request-row.ts); the row text is made once, when the request finishes. */
  requests: Array<[number, string, string]>;
  /** [tier, start, labels JSON, data JSON] */
  buckets: Array<[string, number, string, string]>;
  speedTests: SpeedTestResult[];
  audit: AuditEntry[];
}

export interface PruneLimits {
  maxRows: number;
  maxAgeMs: number;
  minuteBucketsMs: number;
  hourBucketsMs: number;
  speedTestsKept: number;
}

export type WriterRequest = { id: number; type: 'write'; batch: WriterBatch } | { id: number; type: 'prune'; now: number; limits: PruneLimits };
export type WriterReply = { id: number; ok: true; deleted?: number } | { id: number; ok: false; message: string; errcode?: number };

export function writerThread(wt: typeof import('node:worker_threads')): void {
  const port = wt.parentPort!;
  const path = (wt.workerData as { path: string }).path;
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, w: string | Error, ...rest: unknown[]) {
    if (String(typeof w === 'string' ? w : w?.message).includes('SQLite')) return;
    return (emit as (...a: unknown[]) => void).call(process, w, ...rest);
  } as typeof process.emitWarning;
  const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
  process.emitWarning = emit;

  let db: InstanceType<typeof DatabaseSync> | undefined;
  let st: Record<string, ReturnType<InstanceType<typeof DatabaseSync>['prepare']>> = {};
  const open = () => {
    if (db) return db;
    const d = new DatabaseSync(path);
    d.exec('PRAGMA busy_timeout = 2000; PRAGMA synchronous = NORMAL;');
    st = {
      request: d.prepare('INSERT OR REPLACE INTO requests (at, id, row) VALUES (?, ?, ?)'),
      bucket: d.prepare('INSERT OR REPLACE INTO buckets (tier, start, labels, data) VALUES (?, ?, ?, ?)'),
      speed: d.prepare('INSERT OR REPLACE INTO speed_tests (id, at, result) VALUES (?, ?, ?)'),
      // The database numbers audit entries (another process, the CLI, may add some too).
      audit: d.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)'),
      pruneAge: d.prepare('DELETE FROM requests WHERE at < ?'),
      pruneRows: d.prepare('DELETE FROM requests WHERE (at, id) IN (SELECT at, id FROM requests ORDER BY at DESC, id DESC LIMIT -1 OFFSET ?)'),
      pruneBuckets: d.prepare('DELETE FROM buckets WHERE tier = ? AND start < ?'),
      pruneSpeed: d.prepare('DELETE FROM speed_tests WHERE id NOT IN (SELECT id FROM speed_tests ORDER BY at DESC, id DESC LIMIT ?)'),
    };
    db = d;
    return d;
  };
  const tx = (fn: () => void) => {
    const d = open();
    d.exec('BEGIN IMMEDIATE');
    try {
      fn();
      d.exec('COMMIT');
    } catch (err) {
      try {
        d.exec('ROLLBACK');
      } catch {
        // SQLite ended the transaction itself.
      }
      throw err;
    }
  };

  port.on('message', (m: WriterRequest) => {
    try {
      if (m.type === 'write') {
        const b = m.batch;
        tx(() => {
          for (const [at, id, row] of b.requests) st.request!.run(at, id, row);
          for (const [tier, start, labels, data] of b.buckets) st.bucket!.run(tier, start, labels, data);
          for (const r of b.speedTests) st.speed!.run(r.id, r.at, JSON.stringify(r));
          for (const a of b.audit) st.audit!.run(a.at, a.actor, a.action, a.detail);
        });
        port.postMessage({ id: m.id, ok: true } satisfies WriterReply);
      } else {
        const l = m.limits;
        let deleted = 0;
        tx(() => {
          deleted += Number(st.pruneAge!.run(m.now - l.maxAgeMs).changes);
          deleted += Number(st.pruneRows!.run(l.maxRows).changes);
          st.pruneBuckets!.run('minute', m.now - l.minuteBucketsMs);
          st.pruneBuckets!.run('hour', m.now - l.hourBucketsMs);
          st.pruneSpeed!.run(l.speedTestsKept);
        });
        port.postMessage({ id: m.id, ok: true, deleted } satisfies WriterReply);
      }
    } catch (err) {
      const e = err as { message?: string; errcode?: number };
      if (db) {
        try {
          db.close();
        } catch {
          // Already unusable.
        }
        db = undefined;
      }
      port.postMessage({ id: m.id, ok: false, message: String(e.message ?? err), ...(typeof e.errcode === 'number' ? { errcode: e.errcode } : {}) } satisfies WriterReply);
    }
  });
}
