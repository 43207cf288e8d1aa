/**
 * Finished requests wait here and are turned into metrics and request-log rows in batches, not one by
 * one as they finish. The work per request is the same; done many at a time it runs with warm caches
 * instead of cold ones between requests (docs/benchmarks.md, 2026-12-03, "What changed").
 *
 * A batch is processed:
 * - as soon as `batch` requests wait (on the next turn of the event loop, never inside a request's own code);
 * - on the next turn when someone follows the live `request` events (the dashboard gets them at once);
 * - before anything reads the metrics or the request log, and before every write of the history
 *   (`drain`, called by the storage's flush, which runs every 250 ms).
 */
import type { RequestFinishedEvent } from '../metrics/events';

export interface FinishBatcher {
  push(e: RequestFinishedEvent): void;
  /** Processes every waiting request now. */
  drain(): void;
  readonly pending: number;
}

export interface FinishBatcherOptions {
  /** Requests that start a batch at once (on the next turn of the event loop). */
  batch: number;
  /** Whether each request should be processed on the next turn (someone follows them live). */
  prompt(): boolean;
}

export function createFinishBatcher(process: (e: RequestFinishedEvent) => void, o: FinishBatcherOptions): FinishBatcher {
  let pending: RequestFinishedEvent[] = [];
  let scheduled = false;

  const drain = () => {
    if (pending.length === 0) return;
    const list = pending;
    pending = [];
    for (const e of list) {
      try {
        process(e);
      } catch {
        // As for any listener of the core's events: a metrics bug never fails a request, nor the rest of the batch.
      }
    }
  };
  const run = () => {
    scheduled = false;
    drain();
  };

  return {
    push(e) {
      pending.push(e);
      if (!scheduled && (pending.length >= o.batch || o.prompt())) {
        scheduled = true;
        setImmediate(run);
      }
    },
    drain,
    get pending() {
      return pending.length;
    },
  };
}
