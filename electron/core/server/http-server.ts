/**
 * node:http server with graceful shutdown: stop accepting, close idle keep-alive sockets, let
 * in-flight requests finish for a bounded time, then cut what is left.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpServerHandle {
  readonly server: Server;
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Resolves once every request has finished or `graceMs` passed (then remaining sockets are destroyed). */
  close(graceMs: number): Promise<{ forced: number }>;
  inFlight(): number;
}

export function createHttpServer(handler: RequestHandler, onError: (err: unknown) => void): HttpServerHandle {
  let active = 0;
  let closing = false;
  let idleWaiters: Array<() => void> = [];
  const sockets = new Set<Socket>();

  // requestTimeout bounds receiving a request (not the streamed answer); Node's 300 s default stays.
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 60_000 }, (req, res) => {
    active++;
    if (closing) res.setHeader('connection', 'close');
    res.once('close', () => {
      active--;
      if (active === 0 && idleWaiters.length > 0) {
        const w = idleWaiters;
        idleWaiters = [];
        for (const f of w) f();
      }
    });
    handler(req, res).catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"aimux internal error","type":"server_error","code":"internal"}}');
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":{"message":"malformed HTTP request","type":"invalid_request_error","code":"bad_request"}}`);
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
