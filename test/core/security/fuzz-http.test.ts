/**
 * Property-based tests (fast-check, seeded, bounded runs) against the HTTP layer of a real proxy:
 * hostile bodies (bad JSON, wrong types, huge numbers, deep nesting, invalid UTF-8, truncation) on
 * every generation route, and hostile request heads over raw sockets (split at random points,
 * duplicated and conflicting headers, bad characters, oversized values, bodies cut short). Every
 * input gets a well-formed answer (a JSON error in the route's protocol shape, never a 5xx from aimux
 * itself) or a closed connection, within a bound; nothing crashes, nothing is left unhandled, and the
 * heap does not grow with the number of requests.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import type { TestProxy } from '../../support/proxy';
import { rawExchange } from '../../support/raw-socket';
import { anthropicKit } from '../resilience/helpers';

const SEED = 20_261_202;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => void unhandled.push(e);

let upstream: FakeUpstream;
let proxy: TestProxy;
let host: string;
beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  upstream = await startFakeUpstream((req, res) => anthropicKit.reply(req, res, 'ok'));
  proxy = await startProxy({
    server: { maxBodyBytes: 256 * 1024, limits: { headersTimeoutMs: 1000, requestTimeoutMs: 3000, idleTimeoutMs: 1000, maxHeaderBytes: 8192 } },
    providers: [{ id: 'up', protocol: 'anthropic', baseUrl: upstream.url, apiKeys: ['test-upstream-key-000001'], models: ['up-model'] }],
    routing: { default: ['up/up-model'] },
  });
  host = new URL(proxy.url).host;
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  expect(unhandled).toEqual([]);
});

const ROUTES = [
  { path: '/v1/messages', shape: 'anthropic' },
  { path: '/v1/messages/count_tokens', shape: 'anthropic' },
  { path: '/v1/chat/completions', shape: 'openai' },
  { path: '/v1/responses', shape: 'openai' },
] as const;

const VALID = {
  '/v1/messages': { model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
  '/v1/messages/count_tokens': { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
  '/v1/chat/completions': { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
  '/v1/responses': { model: 'm', input: 'hi', store: false },
} as Record<string, Record<string, unknown>>;

/** A valid request with one field (or one nested field) replaced by something of the wrong kind. */
const mutated = (path: string) =>
  fc.record({ key: fc.constantFrom('model', 'max_tokens', 'messages', 'input', 'stream', 'system', 'tools', 'tool_choice', 'thinking', 'temperature', 'stop', 'content', 'role', 'metadata'), value: fc.jsonValue({ maxDepth: 4 }), deep: fc.boolean() }).map(({ key, value, deep }) => {
    const base = structuredClone(VALID[path]!);
    if (deep && Array.isArray(base.messages)) (base.messages as Array<Record<string, unknown>>)[0]![key] = value;
    else base[key] = value;
    return Buffer.from(JSON.stringify(base));
  });

const nested = fc.integer({ min: 1, max: 200_000 }).map((n) => Buffer.from(`{"model":"m","max_tokens":8,"messages":[{"role":"user","content":${'['.repeat(n)}${']'.repeat(n)}}]}`));
const nestedObj = fc.integer({ min: 1, max: 50_000 }).map((n) => Buffer.from(`{"model":"m","messages":[{"role":"user","content":"x"}],"metadata":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`));
const hugeNumbers = fc.constantFrom('1e999999', '-1e400', '123456789012345678901234567890', '1.7976931348623157e309', '-0', '0.0000000000000000000001e-400', '9007199254740993').chain((num) =>
  fc.constantFrom(`{"model":"m","max_tokens":${num},"messages":[{"role":"user","content":"hi"}]}`, `{"model":"m","temperature":${num},"messages":[{"role":"user","content":"hi"}],"max_tokens":8}`, `{"model":"m","input":"hi","max_output_tokens":${num}}`).map((s) => Buffer.from(s)),
);
const invalidUtf8 = fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => b.map((x) => x | 0x80)), fc.nat(40)).map(([bad, at]) => {
  const text = Buffer.from(JSON.stringify({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'hello world, some text here' }] }));
  const cut = 40 + (at % 20);
  return Buffer.concat([text.subarray(0, cut), Buffer.from(bad), text.subarray(cut)]);
});
const truncated = (path: string) => fc.nat().map((n) => {
  const text = Buffer.from(JSON.stringify(VALID[path]));
  return text.subarray(0, n % text.length);
});
const junk = fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), fc.json({ maxDepth: 3 }).map((s) => Buffer.from(s)), fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)));

const bodyFor = (path: string) => fc.oneof(mutated(path), nested, nestedObj, hugeNumbers, invalidUtf8, truncated(path), junk);

async function expectWellFormed(route: (typeof ROUTES)[number], body: Buffer): Promise<void> {
  const res = await fetch(proxy.url + route.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (res.status === 200) return;
  expect(res.status, text).toBeGreaterThanOrEqual(400);
  expect(res.status, text).toBeLessThan(500);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const err = JSON.parse(text);
  if (route.shape === 'anthropic') expect(err).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
  else expect(err).toMatchObject({ error: { type: expect.any(String), message: expect.any(String), code: expect.any(String) } });
  expect(text).not.toMatch(/\n\s+at /);
}

describe('hostile bodies on every generation route', () => {
  it.each(ROUTES)('$path: a well-formed answer in its shape, never a 5xx, for every generated body', async (route) => {
    await fc.assert(
      fc.asyncProperty(bodyFor(route.path), (body) => expectWellFormed(route, body)),
      { seed: SEED, numRuns: 120 },
    );
  });
});

const headerLine = fc.oneof(
  fc.constantFrom('content-length: 5', 'content-length: 999999999999999999999', 'content-length: -1', 'content-length: 5, 6', 'transfer-encoding: chunked', 'transfer-encoding: gzip, chunked', 'host: evil.example', 'x-api-key: a', 'x-api-key: b', 'authorization: Bearer', 'origin: null', 'anthropic-version: 2023-06-01', ' folded: continuation', 'bad header: x', 'x-nul: a\u0000b', 'x-cr: a\rb', 'expect: 100-continue', 'connection: upgrade', 'upgrade: websocket'),
  fc.tuple(fc.stringMatching(/^[a-z-]{1,20}$/), fc.string({ maxLength: 40 })).map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, '')}`),
  fc.nat(12_000).map((n) => `x-big: ${'v'.repeat(n)}`),
);

describe('hostile request heads over raw sockets', () => {
  it('split at random points, duplicated and conflicting headers, bad characters: an HTTP answer or a close, within the bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST /v1/messages', 'POST /v1/chat/completions', 'GET /health', 'POST /v1/responses', 'GET /v1/models', 'PUT /v1/messages', 'POST /v1/messages?beta=true', 'GET /%ZZ', 'POST //v1/messages'),
        fc.array(headerLine, { maxLength: 6 }),
        fc.oneof(fc.constant(''), fc.constant('hello'), fc.constant(JSON.stringify(VALID['/v1/messages']))),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (line, headers, body, cuts) => {
          const head = `${line} HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
          const bytes = Buffer.from(head + body, 'latin1');
          const points = [...new Set(cuts.map((c) => c % Math.max(1, bytes.length)))].sort((a, b) => a - b);
          const pieces: Buffer[] = [];
          let at = 0;
          for (const p of points) {
            pieces.push(bytes.subarray(at, p));
            at = p;
          }
          pieces.push(bytes.subarray(at));
          const r = await rawExchange(proxy.url, pieces.filter((p) => p.length > 0), { timeoutMs: 5000, endAfterWrite: true });
          expect(r.closed || r.statuses.length > 0, 'answered or closed within the bound').toBe(true);
          for (const s of r.statuses) expect([100, 400, 401, 403, 404, 405, 408, 413, 431].includes(s) || (s >= 200 && s < 300), `status ${s}`).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('bodies cut short (Content-Length larger than what arrives, then the client closes): no answer owed, nothing breaks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES.map((r) => r.path)), fc.nat(), async (path, n) => {
        const body = JSON.stringify(VALID[path]);
        const sent = body.slice(0, n % body.length);
        const r = await rawExchange(proxy.url, [`POST ${path} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${sent}`], { timeoutMs: 5000, endAfterWrite: true });
        expect(r.closed).toBe(true);
      }),
      { seed: SEED, numRuns: 40 },
    );
    const health = await fetch(`${proxy.url}/health`);
    expect(health.status).toBe(200);
  });
});

describe('memory', () => {
  it('stays bounded: 600 more hostile requests grow the heap by less than 48 MB', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const route = ROUTES[0];
    const sample = fc.sample(bodyFor(route.path), { seed: SEED, numRuns: 600 });
    // What the test's own fakes record (every upstream request, every event) is not aimux's memory.
    const forget = () => {
      upstream.requests.length = 0;
      proxy.events.length = 0;
    };
    for (const b of sample.slice(0, 100)) await expectWellFormed(route, b).then(forget);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (const b of sample.slice(100)) await expectWellFormed(route, b).then(forget);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(grown).toBeLessThan(48 * 1024 * 1024);
  });
});
