/**
 * Quitting stops the proxy cleanly, within a bounded time:
 *
 *   first before-quit            → prevent it; stop the service (no new requests, in-flight ones
 *                                  drain for up to graceMs); then quit for real
 *   before-quit while stopping   → prevent it (the first one finishes the job)
 *   before-quit once stopped     → let it through
 *   stop fails                   → logged; quit anyway
 *   stop still running at graceMs + marginMs → exit anyway (a stuck close never keeps the app alive)
 */
import type { Logger } from '../core/deps';

export interface QuitHandlerOptions {
  /** Stops the proxy (drains within graceMs); absent when another process runs it. */
  stop?: (graceMs: number) => Promise<{ forced: number }>;
  graceMs: number;
  marginMs?: number;
  quit(): void;
  exit(code: number): void;
  logger: Logger;
}

export interface QuitHandler {
  onBeforeQuit(event: { preventDefault(): void }): void;
  /** Stops the service now (the updater calls this before installing); resolves once stopped. */
  stopNow(graceMs?: number): Promise<void>;
  readonly quitting: boolean;
}

export function createQuitHandler(opts: QuitHandlerOptions): QuitHandler {
  let quitting = false;
  let stopped = false;
  let stopping: Promise<void> | undefined;

  const stopNow = (graceMs = opts.graceMs): Promise<void> => {
    quitting = true;
    stopping ??= (async () => {
      const guard = setTimeout(() => {
        opts.logger.warn(`the proxy did not stop within ${graceMs + (opts.marginMs ?? 5000)} ms; exiting`);
        opts.exit(0);
      }, graceMs + (opts.marginMs ?? 5000));
      guard.unref?.();
      try {
        const r = opts.stop ? await opts.stop(graceMs) : { forced: 0 };
        if (r.forced > 0) opts.logger.warn(`closed ${r.forced} request(s) still running after ${graceMs} ms`);
      } catch (err) {
        opts.logger.error('stopping the proxy failed', err);
      } finally {
        clearTimeout(guard);
        stopped = true;
      }
    })();
    return stopping;
  };

  return {
    onBeforeQuit(event) {
      if (stopped) return;
      event.preventDefault();
      if (stopping) return;
      void stopNow().then(() => opts.quit());
    },
    stopNow,
    get quitting() {
      return quitting;
    },
  };
}
