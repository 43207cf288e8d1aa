/**
 * The upstream seam: one `Upstream` per provider. HTTP providers use an undici keep-alive Pool for
 * their origin, shared with the other providers on it (pools.ts); the synthetic provider answers
 * in-process behind the same interface, so the pipeline above never knows the difference.
 */
import type Pool from 'undici/lib/dispatcher/pool.js';
import { ProxyError } from '../errors';
import { DispatchBody } from './dispatch-body';
import { createPoolRegistry } from './pools';
import type { PoolLease, PoolRegistry } from './pools';
import type { ProviderConfig } from '../config/types';

export type HeaderMap = Record<string, string | string[] | undefined>;

export interface UpstreamSendOptions {
  /** Path plus query, appended to the provider's base URL path. */
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
  signal: AbortSignal;
  /** Until the response headers arrive. */
  firstByteMs: number;
  /** Between two body chunks. */
  idleMs: number;
}

/**
 * Takes one chunk of a body. Returning a promise holds the body until it settles (backpressure: the
 * socket is paused meanwhile); throwing ends the body with that error.
 */
export type ChunkHandler = (chunk: Buffer) => PromiseLike<unknown> | undefined;

export interface UpstreamBody extends AsyncIterable<Buffer> {
  destroy(error?: Error): unknown;
}

/**
 * A body iterator that can also hand over the rest of its chunks as they arrive, with no promise per
 * chunk (proxy/upstream-read.ts `eachChunk`). Resolves at the body's end; rejects with its error, or
 * with what the handler threw (the body is then destroyed).
 */
export interface DrainableIterator extends AsyncIterator<Buffer> {
  drainInto(onChunk: ChunkHandler): Promise<void>;
}

export interface UpstreamResponse {
  status: number;
  headers: HeaderMap;
  body: UpstreamBody;
}

export interface Upstream {
  send(opts: UpstreamSendOptions): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'UND_ERR_RESPONSE_STATUS_CODE', 'UND_ERR_INFO',
]);

/**
 * Maps what undici (or the socket under it) threw to a ProxyError with a stable code.
 * Messages name the provider and the failure, never a key.
 */
export function upstreamFailure(err: unknown, providerId: string, signal?: AbortSignal): ProxyError {
  if (err instanceof ProxyError) return err;
  const code = (err as { code?: string } | null)?.code ?? '';
  const name = (err as { name?: string } | null)?.name ?? '';
  if (signal?.aborted || name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return new ProxyError('CLIENT_CLOSED', 'request aborted by the client', 499, { providerId, cause: err });
  }
  const where = `provider "${providerId}"`;
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new ProxyError('UPSTREAM_CONNECT_TIMEOUT', `${where}: connect timed out`, 504, { providerId, cause: err });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new ProxyError('UPSTREAM_FIRST_BYTE_TIMEOUT', `${where}: no response before the first-byte timeout`, 504, { providerId, cause: err });
    case 'UND_ERR_BODY_TIMEOUT':
      return new ProxyError('UPSTREAM_IDLE_TIMEOUT', `${where}: response stalled (idle timeout)`, 504, { providerId, cause: err });
  }
  if (NETWORK_CODES.has(code) || code.startsWith('E')) {
    const what = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' ? 'connection reset' : code === 'ENOTFOUND' ? 'host not found' : `network error ${code}`;
    return new ProxyError('UPSTREAM_NETWORK', `${where}: ${what}`, 502, { providerId, cause: err });
  }
  return new ProxyError('UPSTREAM_NETWORK', `${where}: upstream request failed`, 502, { providerId, cause: err });
}

/** HTTP provider over an undici Pool: keep-alive connections to one origin, reused across requests (and shared with the other providers on that origin, pools.ts). */
export class HttpUpstream implements Upstream {
  private readonly lease: PoolLease;
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    private readonly provider: ProviderConfig,
    pools: PoolRegistry = createPoolRegistry(),
  ) {
    const url = new URL(provider.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.lease = pools.acquire(url.origin, provider.timeouts.connectMs);
    this.pool = this.lease.pool;
  }

  async send(opts: UpstreamSendOptions): Promise<UpstreamResponse> {
    const body = new DispatchBody(opts.signal);
    try {
      this.pool.dispatch(
        { method: 'POST', path: this.basePath + opts.path, headers: opts.headers, body: opts.body, headersTimeout: opts.firstByteMs, bodyTimeout: opts.idleMs },
        body,
      );
      return await body.response;
    } catch (err) {
      throw upstreamFailure(err, this.provider.id, opts.signal);
    }
  }

  async close(): Promise<void> {
    await this.lease.release();
  }
}

/** First value of a header that may be repeated. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
