/** Connection pools shared by providers on one origin: one pool per origin and connect timeout, closed with its last holder. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createPoolRegistry } from '../../../electron/core/providers/pools';
import type { PoolLease } from '../../../electron/core/providers/pools';

const get = async (origin: string, lease: PoolLease) => (await request(`${origin}/`, { dispatcher: lease.pool as unknown as Dispatcher })).body.text();

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A loopback server that counts the connections it accepted. */
async function counting(): Promise<{ origin: string; connections: () => number }> {
  let n = 0;
  const s = createServer((_req, res) => res.end('ok'));
  s.on('connection', () => n++);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, connections: () => n };
}

describe('pool registry', () => {
  it('providers on one origin share a pool and its connections; another connect timeout gets its own', async () => {
    const up = await counting();
    const pools = createPoolRegistry();
    const a = pools.acquire(up.origin, 5000);
    const b = pools.acquire(up.origin, 5000);
    const c = pools.acquire(up.origin, 100);
    expect(a.pool).toBe(b.pool);
    expect(c.pool).not.toBe(a.pool);
    expect(pools.size).toBe(2);
    for (const lease of [a, b, a, b]) {
      expect(await get(up.origin, lease)).toBe('ok');
      await new Promise((r) => setTimeout(r, 20)); // the connection goes back to the pool
    }
    expect(up.connections()).toBe(1); // one keep-alive connection served both providers
    await Promise.all([a.release(), b.release(), c.release()]);
  });

  it('a pool stays open while a provider holds it and closes with the last one (a second release changes nothing)', async () => {
    const up = await counting();
    const pools = createPoolRegistry();
    const a = pools.acquire(up.origin, 5000);
    const b = pools.acquire(up.origin, 5000);
    await a.release();
    await a.release();
    expect(a.pool.closed).toBe(false);
    expect(await get(up.origin, b)).toBe('ok');
    await b.release();
    expect(b.pool.closed).toBe(true);
    expect(pools.size).toBe(0);
    const again = pools.acquire(up.origin, 5000);
    expect(again.pool).not.toBe(a.pool);
    await again.release();
  });
});
