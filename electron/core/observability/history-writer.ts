/**
 * Starts the history's writer thread (history-writer-thread.ts) and talks to it with promises. The
 * main thread hands over each request's JSON row (made when it finished); indexing and the disk
 * happen in the thread.
 */
import { Worker } from 'node:worker_threads';
import { writerThread } from './history-writer-thread';
import type { PruneLimits, WriterBatch, WriterReply, WriterRequest } from './history-writer-thread';

export interface HistoryWriter {
  write(batch: WriterBatch): Promise<void>;
  /** Resolves with the number of request rows deleted. */
  prune(now: number, limits: PruneLimits): Promise<number>;
  close(): Promise<void>;
}

/** An error from the thread, with SQLite's code when it has one (so corruption can be told apart). */
export class WriterError extends Error {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
  }
}

type Request = { type: 'write'; batch: WriterBatch } | { type: 'prune'; now: number; limits: PruneLimits };

export function startHistoryWriter(path: string): HistoryWriter {
  const source = `(${writerThread.toString()})(require('node:worker_threads'));`;
  const worker = new Worker(source, { eval: true, workerData: { path } });
  worker.unref();
  const pending = new Map<number, { resolve: (r: WriterReply) => void; reject: (e: Error) => void }>();
  let next = 1;
  let dead: Error | undefined;
  const failAll = (e: Error) => {
    dead = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (r: WriterReply) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    p?.resolve(r);
  });
  worker.on('error', (e) => failAll(new WriterError(`history writer: ${e.message}`)));
  worker.on('exit', () => failAll(new WriterError('history writer stopped')));

  const call = (m: Request): Promise<WriterReply & { ok: true }> => {
    if (dead) return Promise.reject(dead);
    const id = next++;
    return new Promise((resolve, reject) => {
      pending.set(id, {
        resolve: (r) => (r.ok ? resolve(r) : reject(new WriterError(r.message, r.errcode))),
        reject,
      });
      worker.postMessage({ ...m, id } as WriterRequest);
    });
  };

  return {
    write: async (batch) => void (await call({ type: 'write', batch })),
    prune: async (now, limits) => (await call({ type: 'prune', now, limits })).deleted ?? 0,
    close: async () => {
      if (!dead) await worker.terminate();
    },
  };
}
