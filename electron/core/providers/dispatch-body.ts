/**
 * A response body read straight from undici's dispatch handler: chunks go into a small queue that an
 * async iterator drains. No Readable stream in between (undici's `request()` wraps every body in
 * one, which costs more CPU per chunk than the rest of the passthrough path). Backpressure: when the
 * consumer falls behind, the socket is paused and resumed once the queue drains.
 */
import type { Dispatcher } from 'undici';
import type { HeaderMap, UpstreamBody } from './upstream';

type Controller = Dispatcher.DispatchController;

const PAUSE_AT = 16;
const RESUME_AT = 4;
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export interface DispatchResponse {
  status: number;
  headers: HeaderMap;
  body: UpstreamBody;
}

export class DispatchBody implements Dispatcher.DispatchHandler, UpstreamBody, AsyncIterator<Buffer> {
  private controller: Controller | undefined;
  private readonly queue: Buffer[] = [];
  private ended = false;
  private error: Error | undefined;
  private waiter: { resolve(r: IteratorResult<Buffer>): void; reject(e: Error): void } | undefined;
  private started: { resolve(r: DispatchResponse): void; reject(e: Error): void } | undefined;
  private readonly onAbort: (() => void) | undefined;

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
    if (this.controller && !this.controller.aborted) this.controller.abort(reason);
    this.finish(reason);
  }
}

function abortError(): Error {
  const e = new Error('request aborted');
  e.name = 'AbortError';
  return e;
}
