/**
 * The limits on client connections (server.limits), each answered with its status in the client's
 * error shape and the connection closed: headers too large (431), headers too slow (408), a body that
 * stalls (408), a request that takes too long overall (408), an idle kept-alive connection (closed),
 * too many requests on one connection (the last says `connection: close`), too many connections (503,
 * then refused), and a body over the size limit (413). Raw sockets, because no HTTP client misbehaves
 * on purpose. Time bounds are generous: these tests are about timeouts, not speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { startProxy } from '../../support/proxy';
import type { TestProxy } from '../../support/proxy';
import { httpRequest, rawExchange } from '../../support/raw-socket';

const synthetic = { providers: [{ id: 'synthetic', protocol: 'synthetic' }], routing: { default: ['synthetic/synthetic-1'] } };
const LIMITS = { maxHeaderBytes: 4096, headersTimeoutMs: 400, requestTimeoutMs: 1500, idleTimeoutMs: 400, maxConnections: 64, maxRequestsPerConnection: 3 };

let proxy: TestProxy;
let host: string;
beforeAll(async () => {
  proxy = await startProxy({ ...synthetic, server: { maxBodyBytes: 64 * 1024, limits: LIMITS } });
  host = new URL(proxy.url).host;
});
afterAll(() => proxy.close());

const anthropicBody = JSON.stringify({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });

describe('header limits', () => {
  it('headers over maxHeaderBytes → 431 in the route’s shape (Anthropic / OpenAI), connection closed', async () => {
    const big = 'x'.repeat(8000);
    const a = await rawExchange(proxy.url, [httpRequest('POST', '/v1/messages', { host, 'x-big': big, 'content-length': 2 }, '{}')]);
    expect(a.statuses).toEqual([431]);
    expect(a.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/headers are too large/) } });
    expect(a.closed).toBe(true);
    const o = await rawExchange(proxy.url, [httpRequest('POST', '/v1/chat/completions', { host, 'x-big': big, 'content-length': 2 }, '{}')]);
    expect(o.statuses).toEqual([431]);
    expect(o.body).toMatchObject({ error: { code: 'headers_too_large', param: null } });
  });

  it('headers that never finish (slowloris) → 408 after headersTimeoutMs, connection closed', async () => {
    const r = await rawExchange(proxy.url, ['POST /v1/messages HTTP/1.1\r\n', `host: ${host}\r\n`, { waitMs: 150 }, 'x-a: 1\r\n', { waitMs: 5000 }], { timeoutMs: 6000 });
    expect(r.closed).toBe(true);
    expect(r.statuses).toEqual([408]);
    expect(r.ms).toBeGreaterThan(300);
    expect(r.ms).toBeLessThan(4000);
  });

  it('a connection that sends nothing is closed after headersTimeoutMs', async () => {
    const r = await rawExchange(proxy.url, [{ waitMs: 5000 }], { timeoutMs: 6000 });
    expect(r.closed).toBe(true);
    expect(r.ms).toBeLessThan(4000);
  });
});

describe('body and request time', () => {
  it('a body that stops arriving → 408 in the client’s shape after idleTimeoutMs, connection closed', async () => {
    const head = httpRequest('POST', '/v1/messages', { host, 'content-type': 'application/json', 'content-length': 200 });
    const r = await rawExchange(proxy.url, [head, '{"model":"m",', { waitMs: 5000 }], { timeoutMs: 6000 });
    expect(r.statuses).toEqual([408]);
    expect(r.body).toMatchObject({ type: 'error', error: { message: expect.stringMatching(/stalled/) } });
    expect(r.text.toLowerCase()).toContain('connection: close');
    expect(r.closed).toBe(true);
    expect(r.ms).toBeGreaterThan(300);
    expect(r.ms).toBeLessThan(4000);
  });

  it('a body dripped slowly enough to dodge the idle timeout still ends at requestTimeoutMs', async () => {
    const head = httpRequest('POST', '/v1/chat/completions', { host, 'content-type': 'application/json', 'content-length': 100 });
    const drip = Array.from({ length: 40 }, () => [' ', { waitMs: 150 }] as const).flat();
    const r = await rawExchange(proxy.url, [head, ...drip], { timeoutMs: 8000 });
    expect(r.closed).toBe(true);
    expect(r.ms).toBeGreaterThan(1200);
    expect(r.ms).toBeLessThan(6000);
    if (r.statuses.length > 0) expect(r.statuses).toEqual([408]);
  });

  it('a body over maxBodyBytes → 413 in the client’s shape (Responses API here), connection closed', async () => {
    const big = 'x'.repeat(70 * 1024);
    const r = await rawExchange(proxy.url, [httpRequest('POST', '/v1/responses', { host, 'content-type': 'application/json', 'content-length': big.length }, big)]);
    expect(r.statuses).toEqual([413]);
    expect(r.body).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(r.closed).toBe(true);
  });
});

describe('connections', () => {
  it('an idle kept-alive connection is closed after idleTimeoutMs', async () => {
    const r = await rawExchange(proxy.url, [httpRequest('GET', '/v1/models', { host }), { waitMs: 5000 }], { timeoutMs: 6000 });
    expect(r.statuses).toEqual([200]);
    expect(r.closed).toBe(true);
    expect(r.ms).toBeLessThan(4000);
  });

  it('maxRequestsPerConnection: the last request allowed is answered with connection: close, then the connection ends', async () => {
    const one = httpRequest('GET', '/v1/models', { host });
    const r = await rawExchange(proxy.url, [one, one, one, one], { timeoutMs: 3000 });
    expect(r.statuses).toEqual([200, 200, 200]);
    const third = r.text.split('HTTP/1.1 ')[3]!;
    expect(third.toLowerCase()).toContain('connection: close');
    expect(r.closed).toBe(true);
  });

  it('HTTP/1.0 without Host → 403 (nothing to check it against); HTTP/1.1 without Host → 400', async () => {
    const r10 = await rawExchange(proxy.url, ['GET /health HTTP/1.0\r\n\r\n']);
    expect(r10.statuses).toEqual([403]);
    const r11 = await rawExchange(proxy.url, ['GET /health HTTP/1.1\r\n\r\n']);
    expect(r11.statuses).toEqual([400]);
  });
});

describe('connection cap', () => {
  let capped: TestProxy;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    capped = await startProxy({ ...synthetic, server: { limits: { ...LIMITS, headersTimeoutMs: 10_000, requestTimeoutMs: 20_000, idleTimeoutMs: 10_000, maxConnections: 4 } } });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await capped.close();
  });

  const openIdle = (n: number) =>
    Promise.all(
      Array.from({ length: n }, () => new Promise<void>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port: Number(new URL(capped.url).port) }, () => resolve());
        s.on('error', reject);
        sockets.push(s);
      })),
    );

  it('past maxConnections a request gets 503 with Retry-After in its shape; past the headroom a connection is refused', async () => {
    await openIdle(4);
    const over = await rawExchange(capped.url, [httpRequest('POST', '/v1/messages', { host: new URL(capped.url).host, 'content-type': 'application/json', 'content-length': anthropicBody.length }, anthropicBody)]);
    expect(over.statuses).toEqual([503]);
    expect(over.body).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: expect.stringMatching(/too many connections/) } });
    expect(over.text.toLowerCase()).toContain('retry-after: 1');
    expect(over.closed).toBe(true);
    await openIdle(64);
    const refused = await rawExchange(capped.url, [httpRequest('GET', '/v1/models', { host: new URL(capped.url).host })], { timeoutMs: 3000 });
    expect(refused.statuses).toEqual([]);
    expect(refused.closed).toBe(true);
    for (const s of sockets.splice(0)) s.destroy();
    // Capacity comes back once they are gone.
    await new Promise((r) => setTimeout(r, 200));
    const back = await rawExchange(capped.url, [httpRequest('GET', '/v1/models', { host: new URL(capped.url).host, connection: 'close' })]);
    expect(back.statuses).toEqual([200]);
  });
});

describe('streamed answers and the request limit', () => {
  it('the last allowed request on a connection closes it also when the answer is a stream', async () => {
    const stream = JSON.stringify({ model: 'm', max_tokens: 8, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const one = httpRequest('POST', '/v1/messages', { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(stream) }, stream);
    const r = await rawExchange(proxy.url, [one, { waitMs: 300 }, one, { waitMs: 300 }, one, { waitMs: 300 }, one], { timeoutMs: 4000 });
    expect(r.statuses).toEqual([200, 200, 200]);
    expect(r.closed).toBe(true);
  });
});
