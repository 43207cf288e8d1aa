/** The provider speed test through the API: real streamed requests, progress events, ranking, stored results. */
import { afterEach, describe, expect, it } from 'vitest';
import { rankRows } from '../../../electron/core/observability/speed-test';
import type { SpeedTestRow } from '../../../shared/api/dto/observability';
import { anthropicTextStream, json, openAITextStream, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';
import { readEvents } from './helpers';

let svc: TestService | undefined;
const ups: FakeUpstream[] = [];
afterEach(async () => {
  await svc?.close();
  svc = undefined;
  for (const u of ups.splice(0)) await u.close();
});

describe('speed test', () => {
  it('runs N streamed requests per provider and model, reports progress, ranks and stores the result', async () => {
    const quick = await startFakeUpstream((_req, res) => sse(res, anthropicTextStream(['1 2 3', ' 4 5'], { outputTokens: 20 })));
    // The first text arrives 150 ms after the stream opened.
    const slow = await startFakeUpstream((_req, res) => sse(res, openAITextStream(['1 2 3', ' 4 5'], { usage: true }), { pauseAfter: { 0: 150 } }));
    const broken = await startFakeUpstream((_req, res) => json(res, 500, { error: { message: 'down for maintenance' } }));
    ups.push(quick, slow, broken);
    svc = await startService({
      config: {
        providers: [
          { id: 'quick', protocol: 'anthropic', baseUrl: quick.url, apiKeys: ['sk-speed-test-quick-0001'], models: ['a', 'b'] },
          { id: 'slow', protocol: 'openai', baseUrl: `${slow.url}/v1`, apiKeys: ['sk-speed-test-slow-00001'], models: ['c'] },
          { id: 'broken', protocol: 'openai', baseUrl: `${broken.url}/v1`, apiKeys: ['sk-speed-test-broken-001'], models: ['d'] },
        ],
        routing: { default: ['quick/a'] },
      },
    });
    const s = svc;
    const ac = new AbortController();
    const progress = readEvents(s.url, s.token, (evs) => evs.filter((e) => e.event === 'speedtest').length >= 12, ac.signal);
    await new Promise((r) => setTimeout(r, 100));
    const result = await s.api.runSpeedTest({ n: 3 });
    const events = (await progress).filter((e) => e.event === 'speedtest').map((e) => e.data);
    ac.abort();

    expect(result.n).toBe(3);
    expect(result.rows.map((r) => [r.rank, `${r.providerId}/${r.model}`, r.runs, r.successes])).toEqual([
      [1, expect.stringMatching(/^quick\//), 3, 3],
      [2, expect.stringMatching(/^quick\//), 3, 3],
      [3, 'slow/c', 3, 3],
      [4, 'broken/d', 3, 0],
    ]);
    const slowRow = result.rows.find((r) => r.providerId === 'slow')!;
    expect(slowRow.ttfb.p50).toBeGreaterThanOrEqual(150);
    expect(result.rows.find((r) => r.model === 'a')!.outputTokensPerSec).toBeGreaterThan(0);
    expect(result.rows.at(-1)).toMatchObject({ successRate: 0, ttfb: { p50: null }, outputTokensPerSec: null });
    expect(result.rows.at(-1)!.errors[0]).toContain('down for maintenance');

    expect(events).toHaveLength(12);
    expect(events.map((e) => e.done).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(events.every((e) => e.id === result.id && e.total === 12)).toBe(true);
    expect(events.filter((e) => e.providerId === 'broken').every((e) => e.ok === false)).toBe(true);

    expect(await s.api.listSpeedTests({})).toEqual([result]);
    // The runs went through the real path: they are in the request log.
    expect((await s.api.queryRequests({ provider: 'slow' })).total).toBe(3);
    await expect(s.api.runSpeedTest({ providers: ['nope'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('ranks by success rate, then time to first token, then tokens per second', () => {
    const row = (id: string, successRate: number, p50: number | null, tps: number | null): SpeedTestRow => ({
      providerId: id,
      model: 'm',
      runs: 4,
      successes: successRate * 4,
      ttfb: { p50, p95: p50, p99: p50 },
      outputTokensPerSec: tps,
      successRate,
      rank: 0,
      errors: [],
    });
    const ranked = rankRows([row('a', 0.75, 100, 50), row('b', 1, 300, 10), row('c', 1, 200, 5), row('d', 1, 200, 90), row('e', 0, null, null)]);
    expect(ranked.map((r) => [r.providerId, r.rank])).toEqual([
      ['d', 1],
      ['c', 2],
      ['b', 3],
      ['a', 4],
      ['e', 5],
    ]);
  });
});
