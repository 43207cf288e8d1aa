/**
 * A response body read straight from undici's dispatch handler. No Readable stream in between
 * (undici's `request()` wraps every body in one, which costs more CPU per chunk than the rest of the
 * passthrough path). Two ways to read it, one after the other:
 *
 * - as an async iterator (`next()`): chunks go into a small queue that `next()` drains; the pipeline
 *   reads the first chunks this way, up to its commit point;
 * - `drainInto(handler)`: the rest of the chunks go to the handler as they arrive, from undici's own
 *   callback, with no promise, no microtask and no queue per chunk (a streamed answer is hundreds of
 *   chunks).
 *
 * Backpressure: when the consumer falls behind (the queue fills, or the handler returns a promise),
 * the socket is paused, and resumed once the consumer has caught up.
 */
import type { Dispatcher } from 'undici';
import type { ChunkHandler, DrainableIterator, HeaderMap, UpstreamBody } from './upstream';

type Controller = Dispatcher.DispatchController;

const PAUSE_AT = 16;
const RESUME_AT = 4;
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export interface DispatchResponse {
  status: number;
  headers: HeaderMap;
  body: UpstreamBody;
}

export class DispatchBody implements Dispatcher.DispatchHandler, UpstreamBody, DrainableIterator {
  private controller: Controller | undefined;
  private readonly queue: Buffer[] = [];
  private ended = false;
  private error: Error | undefined;
  private waiter: { resolve(r: IteratorResult<Buffer>): void; reject(e: Error): void } | undefined;
  private started: { resolve(r: DispatchResponse): void; reject(e: Error): void } | undefined;
  private readonly onAbort: (() => void) | undefined;
  /** drainInto's handler, whether it holds the body (a pending promise), and its promise's settlers. */
  private handler: ChunkHandler | undefined;
  private held = false;
  private drained: { resolve(): void; reject(e: Error): void } | undefined;

  /** Resolves with status and headers, rejects if the request fails before them. */
  readonly response: Promise<DispatchResponse>;

  constructor(private readonly signal: AbortSignal | undefined) {
    this.response = new Promise<DispatchResponse>((resolve, reject) => (this.started = { resolve, reject }));
    if (signal) {
      this.onAbort = () => this.destroy(signal.reason instanceof Error ? signal.reason : abortError());
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onRequestStart(controller: Controller): void {
    this.controller = controller;
    if (this.signal?.aborted) controller.abort(this.signal.reason instanceof Error ? this.signal.reason : abortError());
  }

  onResponseStart(controller: Controller, statusCode: number, headers: HeaderMap): void {
    this.controller = controller;
    const s = this.started;
    this.started = undefined;
    s?.resolve({ status: statusCode, headers, body: this });
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.handler !== undefined && !this.held && this.queue.length === 0) {
      this.offer(this.handler, chunk);
      return;
    }
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w.resolve({ done: false, value: chunk });
      return;
    }
    this.queue.push(chunk);
    if (this.queue.length >= PAUSE_AT && !controller.paused) controller.pause();
  }

  onResponseEnd(): void {
    this.finish(undefined);
  }

  onResponseError(_controller: Controller, error: Error): void {
    this.finish(error);
  }

  private finish(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    if (this.onAbort) this.signal!.removeEventListener('abort', this.onAbort);
    const s = this.started;
    this.started = undefined;
    if (s) {
      s.reject(error ?? new Error('upstream ended without a response'));
      return;
    }
    const w = this.waiter;
    this.waiter = undefined;
    if (w) {
      if (error && this.queue.length === 0) w.reject(error);
      else w.resolve(DONE);
    }
    if (this.handler !== undefined && !this.held) this.deliver();
  }

  drainInto(onChunk: ChunkHandler): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.drained = { resolve, reject };
      this.handler = onChunk;
      this.deliver();
    });
  }

  /** Hands queued chunks to the handler until it holds the body; settles drainInto at the end. */
  private deliver(): void {
    const h = this.handler!;
    while (!this.held) {
      const chunk = this.queue.shift();
      if (chunk === undefined) break;
      if (!this.offer(h, chunk)) return;
    }
    if (this.held) return;
    if (this.ended) {
      const d = this.drained;
      this.drained = undefined;
      if (d) {
        if (this.error) d.reject(this.error);
        else d.resolve();
      }
      return;
    }
    const c = this.controller;
    if (c?.paused) c.resume();
  }

  /** One chunk to the handler; false when the handler threw (the body is destroyed with its error). */
  private offer(h: ChunkHandler, chunk: Buffer): boolean {
    let hold: PromiseLike<unknown> | undefined;
    try {
      hold = h(chunk);
    } catch (err) {
      this.fail(err);
      return false;
    }
    if (hold !== undefined) {
      this.held = true;
      const c = this.controller;
      if (c && !c.paused && !this.ended) c.pause();
      hold.then(
        () => {
          this.held = false;
          this.deliver();
        },
        (err: unknown) => this.fail(err),
      );
    }
    return true;
  }

  /** The handler failed (threw, or its hold rejected): the body ends with that error. */
  private fail(err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    this.held = false;
    if (!this.ended) {
      // destroy → finish → deliver, which rejects drainInto with `e`.
      this.destroy(e);
      return;
    }
    this.queue.length = 0;
    this.error = e;
    const d = this.drained;
    this.drained = undefined;
    d?.reject(e);
  }

  next(): Promise<IteratorResult<Buffer>> {
    const chunk = this.queue.shift();
    if (chunk !== undefined) {
      const c = this.controller;
      if (c?.paused && this.queue.length <= RESUME_AT && !this.ended) c.resume();
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.ended) return this.error ? Promise.reject(this.error) : Promise.resolve(DONE);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<Buffer>> {
    this.destroy();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return this;
  }

  destroy(error?: Error): void {
    if (this.ended) return;
    const reason = error ?? abortError();
    this.queue.length = 0;
    const c = this.controller;
    // Ended first, so the body's error is `reason` whatever undici reports for the abort.
    this.finish(reason);
    if (c && !c.aborted) c.abort(reason);
  }
}

function abortError(): Error {
  const e = new Error('request aborted');
  e.name = 'AbortError';
  return e;
}
