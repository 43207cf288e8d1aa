/**
 * Keep-alive connection pools shared by the providers that connect to the same origin with the same
 * connect timeout (several keys or accounts on one API, one gateway under several names, an OpenAI- and
 * an Anthropic-protocol endpoint of one host). Connections carry no credentials (the key is a header
 * of each request), so providers can share them; each still has its own breaker, concurrency limit,
 * keys and timeouts. One pool per origin instead of one per provider means fewer idle sockets and less
 * memory per open connection (docs/benchmarks.md).
 *
 * A pool is closed when the last provider using it lets go (a config change that removes or
 * re-points it, or shutdown); undici's close lets the requests in flight finish first.
 */
// Only the Pool: the package entry also loads fetch, WebSocket, caches and more (~10 MB of RSS).
import Pool from 'undici/lib/dispatcher/pool.js';

export interface PoolLease {
  readonly pool: Pool;
  /** Closes the pool once no provider holds it any more. */
  release(): Promise<void>;
}

export interface PoolRegistry {
  acquire(origin: string, connectMs: number): PoolLease;
  /** Pools open now (for tests and diagnostics). */
  readonly size: number;
}

export function createPoolRegistry(): PoolRegistry {
  const pools = new Map<string, { pool: Pool; holders: number }>();
  return {
    acquire(origin, connectMs) {
      const key = `${origin} ${connectMs}`;
      let entry = pools.get(key);
      if (entry === undefined) {
        const pool = new Pool(origin, {
          connect: { timeout: connectMs },
          keepAliveTimeout: 30_000,
          keepAliveMaxTimeout: 300_000,
          // Never pipeline: LLM responses are long and a stalled one would block the others.
          pipelining: 1,
        });
        pools.set(key, (entry = { pool, holders: 0 }));
      }
      entry.holders++;
      const held = entry;
      let released = false;
      return {
        pool: held.pool,
        async release() {
          if (released) return;
          released = true;
          if (--held.holders > 0) return;
          if (pools.get(key) === held) pools.delete(key);
          await held.pool.close().catch(() => held.pool.destroy());
        },
      };
    },
    get size() {
      return pools.size;
    },
  };
}
