/**
 * Exact counts and percentiles from scripted traffic: loopback upstreams that advance a manual
 * clock by a chosen number of milliseconds before answering, so every latency is known exactly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import parsePrometheus from 'parse-prometheus-text-format';
import { json, openAICompletion, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';
import { anthropicWithUsage, manualClock, postMessages } from './helpers';

const LATENCIES = [10, 20, 20, 50, 50, 50, 100, 100, 200, 1000];
const PRICE = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };

let svc: TestService | undefined;
const ups: FakeUpstream[] = [];
afterEach(async () => {
  await svc?.close();
  svc = undefined;
  for (const u of ups.splice(0)) await u.close();
});

async function scripted() {
  const clock = manualClock();
  let i = 0;
  const fast = await startFakeUpstream((_req, res) => {
    clock.advance(LATENCIES[i++ % LATENCIES.length]!);
    json(res, 200, anthropicWithUsage({ input: 100, output: 20, cacheRead: 50, cacheWrite: 10 }));
  });
  const flaky = await startFakeUpstream((_req, res) => json(res, 429, { error: { message: 'slow down', type: 'rate_limit_error' } }, { 'retry-after': '1' }));
  const backup = await startFakeUpstream((_req, res) => {
    clock.advance(30);
    json(res, 200, openAICompletion('ok'));
  });
  ups.push(fast, flaky, backup);
  svc = await startService({
    clock,
    config: {
      providers: [
        { id: 'fast', protocol: 'anthropic', baseUrl: fast.url, apiKeys: ['sk-fast-key-000000000001'], models: ['m'], modelInfo: { m: { pricing: PRICE } } },
        { id: 'flaky', protocol: 'openai', baseUrl: `${flaky.url}/v1`, apiKeys: ['sk-flaky-key-00000000001'], models: ['m'] },
        { id: 'backup', protocol: 'openai', baseUrl: `${backup.url}/v1`, apiKeys: ['sk-backup-key-0000000001'], models: ['m'] },
      ],
      routing: { default: ['fast/m'], modelMap: [{ match: 'flaky-*', route: ['flaky/m', 'backup/m'] }] },
    },
  });
  // 10 answered by `fast` with the scripted latencies.
  for (let n = 0; n < LATENCIES.length; n++) expect((await postMessages(svc.url, 'claude-x')).status).toBe(200);
  // 3 that fail over from `flaky` (429) to `backup`; the clock moves past each key cooldown.
  for (let n = 0; n < 3; n++) {
    expect((await postMessages(svc.url, 'flaky-1')).status).toBe(200);
    clock.advance(2000);
  }
  // 1 the client got wrong.
  expect((await postMessages(svc.url, 'x', { body: '{not json' })).status).toBe(400);
  return { svc, clock };
}

describe('metrics from scripted traffic', () => {
  it('counts requests, attempts, errors by kind, tokens and cost exactly, with exact percentiles', async () => {
    const { svc } = await scripted();
    const byProvider = await svc.api.getMetricsSummary({ window: '1h', groupBy: 'provider' });
    expect(byProvider.persisted).toBe(true);
    const totals = byProvider.totals;
    expect(totals).toMatchObject({ requests: 14, successes: 13, errors: 1, errorsByKind: { client: 1 } });
    const fast = byProvider.rows.find((r) => r.key === 'fast')!;
    expect(fast).toMatchObject({ requests: 10, successes: 10, errors: 0, errorsByKind: {} });
    // Nearest rank over [10,20,20,50,50,50,100,100,200,1000]: p50 is the 5th value, p95 and p99 the 10th.
    expect(fast.latency).toEqual({ p50: 50, p95: 1000, p99: 1000 });
    expect(fast.ttfb).toEqual({ p50: 50, p95: 1000, p99: 1000 });
    expect(fast.tokens).toEqual({ input: 1000, output: 200, cacheRead: 500, cacheWrite: 100, estimated: false });
    expect(fast.costUsd).toBeCloseTo((1000 * 3 + 200 * 15 + 500 * 0.3 + 100 * 3.75) / 1e6, 9);
    expect(byProvider.rows.find((r) => r.key === 'flaky')).toMatchObject({ requests: 3, successes: 0, errors: 3, errorsByKind: { rate_limited: 3 }, latency: { p50: null } });
    const backup = byProvider.rows.find((r) => r.key === 'backup')!;
    expect(backup).toMatchObject({ requests: 3, successes: 3, latency: { p50: 30, p95: 30, p99: 30 }, costUsd: null });
    expect(backup.tokens).toEqual({ input: 30, output: 15, cacheRead: 0, cacheWrite: 0, estimated: false });
    // The total's latency covers the 13 successful client requests.
    expect(totals.latency).toEqual({ p50: 50, p95: 1000, p99: 1000 });
    expect(byProvider.live.map((l) => l.providerId).sort()).toEqual(['backup', 'fast', 'flaky']);

    const byClass = await svc.api.getMetricsSummary({ window: '1h', groupBy: 'class' });
    expect(byClass.rows.map((r) => [r.key, r.requests, r.errors])).toEqual([
      ['default', 13, 0],
      ['(none)', 1, 1],
    ]);
    const byKey = await svc.api.getMetricsSummary({ window: '1h', groupBy: 'key' });
    const fastKey = byKey.rows.find((r) => r.key.startsWith('fast#'))!;
    expect(fastKey).toMatchObject({ requests: 10, hint: 'sk-…0001' });
    const byModel = await svc.api.getMetricsSummary({ window: '1h', groupBy: 'model' });
    expect(byModel.rows.map((r) => r.key).sort()).toEqual(['backup/m', 'fast/m', 'flaky/m']);

    // The same numbers over 24 hours (hour buckets) and in the last minute (10 s buckets).
    expect((await svc.api.getMetricsSummary({ window: '24h' })).totals.requests).toBe(14);
    expect((await svc.api.getMetricsSummary({ window: '1m' })).totals.requests).toBe(14);
  });

  it('the request log has every attempt, the class and its reason, tokens and cost', async () => {
    const { svc } = await scripted();
    const page = await svc.api.queryRequests({ limit: 1000 });
    expect(page.total).toBe(14);
    const failedOver = page.entries.filter((e) => e.clientModel === 'flaky-1');
    expect(failedOver).toHaveLength(3);
    for (const e of failedOver) {
      expect(e).toMatchObject({ clientProtocol: 'anthropic', stream: false, class: 'default', status: 200, outcome: 'ok', providerId: 'backup', model: 'm' });
      expect(e.classReason).toContain('flaky-*');
      // After the 429 the executor would try flaky's next key: it has none ready, so flaky is skipped.
      expect(e.attempts.map((a) => [a.providerId, a.outcome, a.status, a.kind ?? a.reason])).toEqual([
        ['flaky', 'failed', 429, 'rate_limited'],
        ['flaky', 'skipped', undefined, 'keys-unavailable'],
        ['backup', 'ok', 200, undefined],
      ]);
      expect(e.attempts[0]!.keyHint).toBe('sk-…0001');
      expect(e.latencyMs).toBe(30);
    }
    const fastOnes = page.entries.filter((e) => e.providerId === 'fast');
    expect(fastOnes.map((e) => e.latencyMs).sort((a, b) => a - b)).toEqual([...LATENCIES].sort((a, b) => a - b));
    expect(fastOnes[0]!.tokens).toEqual({ input: 100, output: 20, cacheRead: 50, cacheWrite: 10, estimated: false });
    expect(fastOnes[0]!.costUsd).toBeCloseTo((100 * 3 + 20 * 15 + 50 * 0.3 + 10 * 3.75) / 1e6, 12);
    const bad = page.entries.find((e) => e.status === 400)!;
    expect(bad).toMatchObject({ outcome: 'error', errorCode: 'BAD_REQUEST', attempts: [] });
    expect(bad.errorMessage).toContain('not valid JSON');

    // Filters and paging.
    expect((await svc.api.queryRequests({ provider: 'backup' })).total).toBe(3);
    expect((await svc.api.queryRequests({ outcome: 'error' })).total).toBe(1);
    expect((await svc.api.queryRequests({ status: 400 })).total).toBe(1);
    expect((await svc.api.queryRequests({ q: 'FLAKY-1' })).total).toBe(3);
    const first = await svc.api.queryRequests({ limit: 5 });
    const second = await svc.api.queryRequests({ limit: 5, cursor: first.nextCursor! });
    const third = await svc.api.queryRequests({ limit: 5, cursor: second.nextCursor! });
    const ids = [...first.entries, ...second.entries, ...third.entries].map((e) => e.id);
    expect(new Set(ids).size).toBe(14);
    expect(third.nextCursor).toBeUndefined();
    expect(await svc.api.getRequest({ id: bad.id })).toEqual(bad);
  });

  it('time series put each request in its bucket', async () => {
    const { svc } = await scripted();
    const series = await svc.api.getTimeSeries({ window: '1h', groupBy: 'provider' });
    expect(series.stepMs).toBe(60_000);
    expect(series.series.map((s) => s.key)).toEqual(['backup', 'fast', 'flaky']);
    const sum = (key: string) => series.series.find((s) => s.key === key)!.points.reduce((n, p) => n + p.requests, 0);
    expect([sum('fast'), sum('flaky'), sum('backup')]).toEqual([10, 3, 3]);
    expect(series.series[0]!.points).toHaveLength(60);
  });

  it('GET /metrics agrees, in a format a real exposition parser reads', async () => {
    const { svc } = await scripted();
    const res = await fetch(`${svc.url}/metrics`, { headers: { authorization: `Bearer ${svc.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    const families = parsePrometheus(text);
    const fam = (name: string) => families.find((f) => f.name === name)!;
    const requests = fam('aimux_requests_total');
    expect(requests.type).toBe('COUNTER');
    const value = (f: ReturnType<typeof fam>, labels: Record<string, string>) =>
      (f.metrics as Array<{ labels?: Record<string, string>; value?: string }>).find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    expect(value(requests, { provider: 'fast', model: 'm', class: 'default', outcome: 'ok' })).toBe('10');
    expect(value(requests, { provider: 'backup', outcome: 'ok' })).toBe('3');
    expect(value(fam('aimux_upstream_errors_total'), { provider: 'flaky', kind: 'rate_limited' })).toBe('3');
    expect(value(fam('aimux_tokens_total'), { provider: 'fast', type: 'cache_write' })).toBe('100');
    expect(fam('aimux_request_duration_seconds').type).toBe('HISTOGRAM');
    // This parser folds a histogram's label sets into one; parsed without the TYPE lines, each
    // _bucket, _sum and _count sample keeps its labels (the same parser reads every sample line).
    const untyped = parsePrometheus(text.replace(/^# TYPE .* histogram\n/gm, ''));
    const sample = (name: string, labels: Record<string, string>) => value(untyped.find((f) => f.name === name)!, labels);
    const fastLabels = { provider: 'fast', model: 'm', class: 'default' };
    expect(sample('aimux_request_duration_seconds_count', fastLabels)).toBe('10');
    expect(Number(sample('aimux_request_duration_seconds_sum', fastLabels))).toBeCloseTo(1.6, 9);
    expect(sample('aimux_request_duration_seconds_bucket', { ...fastLabels, le: '0.05' })).toBe('6');
    expect(sample('aimux_request_duration_seconds_bucket', { ...fastLabels, le: '0.1' })).toBe('8');
    expect(sample('aimux_request_duration_seconds_bucket', { ...fastLabels, le: '1' })).toBe('10');
    expect(sample('aimux_request_duration_seconds_bucket', { ...fastLabels, le: '+Inf' })).toBe('10');
    expect(value(fam('aimux_circuit_breaker_state'), { provider: 'fast', state: 'closed' })).toBe('1');
    expect(value(fam('aimux_history_persisted'), {})).toBe('1');
  });
});
