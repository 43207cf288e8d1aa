/**
 * A TCP client that writes exactly the bytes a test gives it, with pauses, and reports what came
 * back and whether the server closed the connection: for malformed, split, slow and oversized requests
 * that no HTTP client library would send.
 */
import { connect } from 'node:net';

export type Step = string | Buffer | { waitMs: number };

export interface RawExchange {
  /** Everything the server sent. */
  text: string;
  /** The server ended or reset the connection before `timeoutMs`. */
  closed: boolean;
  /** Status codes of the responses received, in order. */
  statuses: number[];
  /** Milliseconds from connecting until the server closed (or the timeout). */
  ms: number;
  /** The first response's JSON body, when there is one. */
  body: any;
}

export function rawExchange(url: string, steps: Step[], opts: { timeoutMs?: number; endAfterWrite?: boolean } = {}): Promise<RawExchange> {
  const u = new URL(url);
  const timeoutMs = opts.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const statuses = [...text.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      let body: unknown;
      const start = text.indexOf('\r\n\r\n');
      if (start >= 0) {
        const rest = text.slice(start + 4);
        const end = rest.indexOf('HTTP/1.');
        try {
          body = JSON.parse(end >= 0 ? rest.slice(0, end) : rest);
        } catch {
          body = undefined;
        }
      }
      resolve({ text, closed, statuses, ms: performance.now() - t0, body });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? finish(true) : reject(err)));
    socket.once('connect', async () => {
      for (const s of steps) {
        if (done) return;
        if (typeof s === 'object' && !Buffer.isBuffer(s)) await new Promise((r) => setTimeout(r, s.waitMs));
        else socket.write(s);
      }
      if (opts.endAfterWrite) socket.end();
    });
  });
}

/** An HTTP/1.1 request as bytes. */
export function httpRequest(method: string, path: string, headers: Record<string, string | number>, body = ''): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `${method} ${path} HTTP/1.1\r\n${lines}\r\n${body}`;
}
