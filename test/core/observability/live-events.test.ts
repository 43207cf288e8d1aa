/** The live event stream: one `request` event per finished request, `metrics` snapshots at most once a second. */
import { afterEach, describe, expect, it } from 'vitest';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';
import { postMessages, readEvents } from './helpers';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

describe('live events at /api/v1/events', () => {
  it('delivers each finished request once, as its log entry', async () => {
    svc = await startService();
    const s = svc;
    const ac = new AbortController();
    const N = 12;
    const reading = readEvents(s.url, s.token, (evs) => evs.filter((e) => e.event === 'request').length >= N + 1, ac.signal);
    await new Promise((r) => setTimeout(r, 100)); // the stream is open
    const sent = [];
    for (let i = 0; i < N; i++) sent.push(await postMessages(s.url, 'synthetic-1', { stream: i % 2 === 0 }));
    await postMessages(s.url, 'x', { body: 'nope' });
    const timer = setTimeout(() => ac.abort(), 10_000);
    const events = (await reading).filter((e) => e.event === 'request');
    clearTimeout(timer);
    ac.abort();
    expect(sent.every((r) => r.status === 200)).toBe(true);
    expect(events).toHaveLength(N + 1);
    expect(new Set(events.map((e) => e.data.id)).size).toBe(N + 1);
    const logged = await s.api.queryRequests({ limit: 100 });
    expect(events.map((e) => e.data.id).sort()).toEqual(logged.entries.map((e) => e.id).sort());
    expect(events.filter((e) => e.data.stream).length).toBe(N / 2);
    expect(events.at(-1)!.data).toMatchObject({ status: 400, outcome: 'error' });
  });

  it('pushes metric snapshots at most once a second, while someone listens', async () => {
    svc = await startService();
    const s = svc;
    const ac = new AbortController();
    const started = performance.now();
    const reading = readEvents(s.url, s.token, () => performance.now() - started > 3500, ac.signal);
    const load = (async () => {
      while (performance.now() - started < 3500) await postMessages(s.url, 'synthetic-1');
    })();
    await load;
    ac.abort();
    const snapshots = (await reading).filter((e) => e.event === 'metrics');
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    expect(snapshots.length).toBeLessThanOrEqual(4);
    // `at` is the server's clock when the snapshot was built: never less than a second apart.
    for (let i = 1; i < snapshots.length; i++) expect(snapshots[i]!.data.at - snapshots[i - 1]!.data.at).toBeGreaterThanOrEqual(1000);
    const last = snapshots.at(-1)!.data;
    expect(last.lastMinute.requests).toBeGreaterThan(0);
    expect(last.today.requests).toBeGreaterThanOrEqual(last.lastMinute.requests);
    expect(last.providers).toEqual([expect.objectContaining({ providerId: 'synthetic', breaker: 'closed' })]);
  });
});
