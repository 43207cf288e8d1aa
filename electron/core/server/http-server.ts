/**
 * node:http server with graceful shutdown (stop accepting, close idle keep-alive sockets, let
 * in-flight requests finish for a bounded time, then cut what is left) and the client limits of
 * `server.limits` (SECURITY.md): header size and time, whole-request time, idle time between
 * requests, concurrent connections (503 past the cap, refused past the cap plus a headroom) and
 * requests per connection (the last one is answered with `connection: close`).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CONFIG_DEFAULTS } from '../config/defaults';
import type { ServerLimits } from '../config/types';
import { ProxyError } from '../errors';
import { clientErrorFor, protocolFromRaw, writeRawError } from './client-errors';
import { sendError } from './respond';
import { guessProtocol, matchRoute } from './routes';

/** Connections past `maxConnections` still get a 503 up to this many more; beyond that they are closed unanswered. */
const OVERFLOW_HEADROOM = 64;

function protocolOf(req: IncomingMessage) {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q >= 0 ? url.slice(0, q) : url;
  const route = matchRoute(path)?.route;
  return route && 'protocol' in route && route.protocol ? route.protocol : guessProtocol(path, req.headers);
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpServerHandle {
  readonly server: Server;
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Resolves once every request has finished or `graceMs` passed (then remaining sockets are destroyed). */
  close(graceMs: number): Promise<{ forced: number }>;
  inFlight(): number;
}

export function createHttpServer(handler: RequestHandler, onError: (err: unknown) => void, limits: ServerLimits = CONFIG_DEFAULTS.server.limits): HttpServerHandle {
  let active = 0;
  let closing = false;
  let idleWaiters: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const overLimit = new WeakSet<Socket>();
  const served = new WeakMap<Socket, number>();

  // requestTimeout bounds receiving a request (not the streamed answer); Node requires headersTimeout ≤ it.
  const server = createServer(
    {
      keepAliveTimeout: limits.idleTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      requestTimeout: limits.requestTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      // How often Node checks those two timeouts (its default, 30 s, would let a slow client linger).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (req, res) => {
      active++;
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (closing || (limits.maxRequestsPerConnection > 0 && n >= limits.maxRequestsPerConnection)) res.setHeader('connection', 'close');
      res.once('close', () => {
        active--;
        if (active === 0 && idleWaiters.length > 0) {
          const w = idleWaiters;
          idleWaiters = [];
          for (const f of w) f();
        }
      });
      if (overLimit.has(req.socket) || (limits.maxRequestsPerConnection > 0 && n > limits.maxRequestsPerConnection)) {
        req.resume();
        const why = overLimit.has(req.socket) ? `too many connections (server.limits.maxConnections = ${limits.maxConnections})` : 'too many requests on this connection';
        sendError(res, protocolOf(req), new ProxyError('TOO_MANY_CONNECTIONS', why, 503, { retryAfterMs: 1000 }), { connection: 'close' });
        return;
      }
      handler(req, res).catch((err: unknown) => {
        onError(err);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"error":{"message":"aimux internal error","type":"server_error","code":"internal"}}');
        } else {
          res.destroy();
        }
      });
    },
  );
  server.maxConnections = limits.maxConnections + OVERFLOW_HEADROOM;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    if (sockets.size > limits.maxConnections) overLimit.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
    const started = (socket as { _httpMessage?: ServerResponse })._httpMessage?.headersSent === true;
    if (err.code === 'ECONNRESET' || !socket.writable || started) {
      socket.destroy();
      return;
    }
    writeRawError(socket, protocolFromRaw(err.rawPacket), clientErrorFor(err.code));
  });

  return {
    server,
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close(graceMs) {
      closing = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      if (active > 0) {
        await Promise.race([new Promise<void>((r) => idleWaiters.push(r)), new Promise<void>((r) => setTimeout(r, graceMs).unref())]);
      }
      const forced = active;
      for (const s of sockets) s.destroy();
      await closed;
      return { forced };
    },
    inFlight: () => active,
  };
}
