/**
 * The bounded load test of issue 4: 200 concurrent streaming requests, round-robin over two providers,
 * while provider a fails half of what it receives — 500s, connection resets before the first byte, and
 * first-byte stalls beyond firstByteMs, in turn. Zero client-visible failures: every stream is complete
 * (ends with message_stop / [DONE]), carries its own answer, and every failed attempt was retried exactly once.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { json, resetConnection, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { RecordedRequest } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { KITS, eventsOf, health, providerCfg, send, tally, target, untilClosed, useCleanup, waitFor } from './helpers';
import type { Kit } from './helpers';

const track = useCleanup();
const N = 200;

function answer(kit: Kit, req: RecordedRequest, res: ServerResponse, id: string): Promise<void> {
  const question = req.json.messages[0].content as string;
  // A few pauses so the streams really overlap.
  return sse(res, kit.streamPieces(['answer to ', question, ` from ${id}`]), { pauseAfter: { 1: 15, 3: 15 } });
}

describe.each(KITS)('$protocol clients and providers', (kit) => {
  it(`${N} concurrent streams while one of two providers fails half its requests: zero client-visible failures`, async () => {
    const injected = { http500: 0, reset: 0, stall: 0, ok: 0 };
    const a = track(
      await startFakeUpstream(async (req, res, n) => {
        if (n % 2 === 0) {
          injected.ok++;
          return answer(kit, req, res, 'a');
        }
        switch (((n - 1) / 2) % 3) {
          case 0:
            injected.http500++;
            return json(res, 500, kit.errorBody('api_error', 'boom'));
          case 1:
            injected.reset++;
            return resetConnection(res);
          default:
            injected.stall++;
            return untilClosed(res); // accepted, never answered: the proxy's first-byte timeout fires
        }
      }),
    );
    const b = track(await startFakeUpstream((req, res) => answer(kit, req, res, 'b')));
    const proxy = track(
      await startProxy({
        providers: [
          providerCfg('a', kit, a.url, { timeouts: { connectMs: 2000, firstByteMs: 400, idleMs: 5000 } }),
          providerCfg('b', kit, b.url, { timeouts: { connectMs: 5000, firstByteMs: 10_000, idleMs: 10_000 } }),
        ],
        routing: { default: { targets: [target('a'), target('b')], strategy: 'round-robin' } },
      }),
    );

    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: N }, (_, i) => send(proxy.url, kit, kit.body({ stream: true, text: `q${i}` }))));
    expect(performance.now() - t0).toBeLessThan(30_000);

    // Every client got a 200 and a complete stream with its own answer.
    const bad = results.map((r, i) => ({ i, r })).filter(({ r, i }) => r.status !== 200 || !kit.streamComplete(r.text) || kit.textOf(r) !== `answer to q${i} from ${r.provider}`);
    expect(bad.map(({ i, r }) => `#${i}: ${r.status} ${r.text.slice(0, 200)}`)).toEqual([]);
    const lastLine = kit.protocol === 'anthropic' ? 'event: message_stop\ndata: {"type":"message_stop"}' : 'data: [DONE]';
    expect(results.every((r) => r.text.trimEnd().endsWith(lastLine))).toBe(true);

    // The faults really happened, of every kind.
    expect(a.requests.length).toBeGreaterThanOrEqual(9);
    expect(injected.http500).toBeGreaterThanOrEqual(1);
    expect(injected.reset).toBeGreaterThanOrEqual(1);
    expect(injected.stall).toBeGreaterThanOrEqual(1);

    // Each failed attempt was followed by exactly one more attempt, on b; nothing failed after commit.
    const failed = eventsOf(proxy.events, 'attempt.failed');
    const retries = results.reduce((sum, r) => sum + Number(r.attempts) - 1, 0);
    expect(failed.length).toBe(retries);
    expect(failed.length).toBeGreaterThanOrEqual(injected.http500 + injected.reset + injected.stall);
    expect(failed.every((e) => e.providerId === 'a' && !e.late && e.retryable)).toBe(true);
    expect(new Set(failed.map((e) => e.kind))).toEqual(new Set(['server', 'network', 'timeout']));
    expect(results.filter((r) => r.attempts === '2').every((r) => r.provider === 'b')).toBe(true);

    // Who served what: a's successes and b's requests add up to the 200.
    const served = tally(results.map((r) => r.provider));
    expect(served.a! + served.b!).toBe(N);
    expect(served.b).toBe(b.requests.length);
    expect(served.a).toBeLessThanOrEqual(injected.ok);

    await waitFor(() => eventsOf(proxy.events, 'request.finished').length === N);
    expect(eventsOf(proxy.events, 'request.finished').every((e) => e.status === 200)).toBe(true);
    const h = await health(proxy.url);
    expect([h.a.inFlight, h.b.inFlight]).toEqual([0, 0]);
  });
});
