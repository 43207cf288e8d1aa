/**
 * A streamed answer's output, one client write per burst. One socket read from the upstream often
 * holds many upstream chunks (a provider flushes each event as its own HTTP chunk), and each used to
 * become its own `res.write`: in chunked encoding that is four socket writes and three iovecs apiece.
 * Parts pushed in the same turn are joined and written once, in a microtask: after the burst, before
 * Node uncorks the socket on the next tick, so no byte waits longer than it did. A chunk that arrives
 * alone is written alone, at once.
 */
import type { ServerResponse } from 'node:http';

type Part = string | Buffer;

function joined(parts: readonly Part[]): Part {
  if (parts.length === 1) return parts[0]!;
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

export class BurstWriter {
  private parts: Part[] = [];
  /** Set while the client's socket is full: the upstream waits on it (backpressure). */
  private held: Promise<void> | undefined;
  private readonly flushNow = () => this.flush();

  constructor(
    private readonly res: ServerResponse,
    private readonly drained: (res: ServerResponse) => Promise<unknown>,
  ) {}

  /** Queues a part for this burst's write; returns a promise while the client is not keeping up. */
  push(part: Part): Promise<void> | undefined {
    if (part.length > 0) {
      if (this.parts.length === 0) queueMicrotask(this.flushNow);
      this.parts.push(part);
    }
    return this.held;
  }

  /** What is still queued, with `last` after it: for the response's final write. */
  rest(last: Part): Part {
    if (this.parts.length === 0) return last;
    if (last.length > 0) this.parts.push(last);
    const out = joined(this.parts);
    this.parts = [];
    return out;
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const out = joined(this.parts);
    this.parts = [];
    if (this.res.writableEnded || this.res.destroyed) return;
    if (!this.res.write(out) && this.held === undefined) {
      this.held = this.drained(this.res).then(() => {
        this.held = undefined;
      });
    }
  }
}
