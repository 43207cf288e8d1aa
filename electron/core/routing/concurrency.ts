/**
 * Per-provider concurrency limit with a small FIFO queue.
 *
 * `acquire(signal)` answers at once with a release function while a slot is free (always, when
 * `maxConcurrent` is 0 = unlimited). When all slots are taken, the request waits in the queue if it has
 * room, and gets the next freed slot in arrival order; when the queue is full too it answers
 * `'overflow'` at once, and the executor moves on to the next target instead of waiting. A waiter whose
 * signal aborts (client gone, request deadline) leaves the queue with `'aborted'`.
 *
 * `inFlight` counts held slots even when unlimited: `least-busy` and `/health` read it.
 */

export type Release = () => void;

export interface LimiterOptions {
  /** 0 = unlimited. */
  maxConcurrent: number;
  queueSize: number;
}

export interface Limiter {
  readonly inFlight: number;
  readonly queued: number;
  acquire(signal?: AbortSignal): Promise<Release | 'overflow' | 'aborted'>;
  /** New limits; a raised limit hands free slots to waiters at once. */
  update(opts: LimiterOptions): void;
}

interface Waiter {
  resolve(result: Release | 'aborted'): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export function createLimiter(initial: LimiterOptions): Limiter {
  let max = initial.maxConcurrent;
  let queueSize = initial.queueSize;
  let inFlight = 0;
  const queue: Waiter[] = [];

  const hasRoom = () => max <= 0 || inFlight < max;

  const makeRelease = (): Release => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      inFlight--;
      drain();
    };
  };

  const drain = () => {
    while (queue.length > 0 && hasRoom()) {
      const w = queue.shift()!;
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      inFlight++;
      w.resolve(makeRelease());
    }
  };

  return {
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.resolve('aborted');
      if (hasRoom()) {
        inFlight++;
        return Promise.resolve(makeRelease());
      }
      if (queue.length >= queueSize) return Promise.resolve('overflow');
      return new Promise((resolve) => {
        const w: Waiter = { resolve, signal, onAbort: undefined };
        if (signal) {
          w.onAbort = () => {
            const i = queue.indexOf(w);
            if (i >= 0) queue.splice(i, 1);
            resolve('aborted');
          };
          signal.addEventListener('abort', w.onAbort, { once: true });
        }
        queue.push(w);
      });
    },
    update(opts) {
      max = opts.maxConcurrent;
      queueSize = opts.queueSize;
      drain();
    },
  };
}
