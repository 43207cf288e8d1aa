/**
 * The provider speed test: N short streamed requests per provider and model, sent through aimux's
 * own proxy (the real path: routing to exactly `provider/model`, keys, translation), one provider's
 * runs one after another (so they do not slow each other), providers side by side. Each run
 * measures the time to the first output token and the output tokens per second after it.
 * Anthropic Messages requests for every provider, Responses requests for openai-responses ones.
 *
 * Ranking: success rate (higher first), then median time to first token (lower first), then median
 * tokens per second (higher first).
 */
import type { SpeedTestProgress, SpeedTestResult, SpeedTestRow } from '../../../shared/api/dto/observability';
import { ApiError } from '../../../shared/api/errors';
import type { AimuxConfig, ProviderConfig } from '../config/types';
import { SYNTHETIC_PROVIDER_ID } from '../config/defaults';
import { SseParser } from '../protocol/sse-parser';

export const SPEED_TEST_RUN_TIMEOUT_MS = 60_000;
const PROMPT = 'Count from 1 to 40, separated by spaces. Reply with the numbers only.';
const MAX_TOKENS = 128;

export interface SpeedTestDeps {
  config(): AimuxConfig;
  proxyUrl(): Promise<string>;
  /** Headers that let the request through a paused or token-protected proxy (internal token, proxy token). */
  headers(): Promise<Record<string, string>>;
  now(): number;
  newId(): string;
  progress(p: SpeedTestProgress): void;
}

interface Run {
  ok: boolean;
  ttftMs?: number;
  tps?: number;
  error?: string;
}

/** Nearest-rank percentile of a few exact values. */
function pct(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function requestFor(p: ProviderConfig, model: string): { path: string; body: string } {
  if (p.protocol === 'openai-responses') {
    return { path: '/v1/responses', body: JSON.stringify({ model: `${p.id}/${model}`, input: PROMPT, stream: true, store: false, max_output_tokens: MAX_TOKENS }) };
  }
  return {
    path: '/v1/messages',
    body: JSON.stringify({ model: `${p.id}/${model}`, max_tokens: MAX_TOKENS, stream: true, messages: [{ role: 'user', content: PROMPT }] }),
  };
}

async function runOnce(url: string, headers: Record<string, string>, p: ProviderConfig, model: string): Promise<Run> {
  const { path, body } = requestFor(p, model);
  const t0 = performance.now();
  try {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(SPEED_TEST_RUN_TIMEOUT_MS) });
    if (!res.ok || !res.body) {
      const e = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
      return { ok: false, error: `HTTP ${res.status}: ${e?.error?.message ?? res.statusText}` };
    }
    const parser = new SseParser();
    let first: number | undefined;
    let outputTokens = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      for (const ev of parser.push(chunk)) {
        let data: { type?: string; delta?: unknown; usage?: { output_tokens?: number }; response?: { usage?: { output_tokens?: number } }; error?: { message?: string } };
        try {
          data = JSON.parse(ev.data) as typeof data;
        } catch {
          continue;
        }
        const type = data.type ?? ev.event;
        if (first === undefined && (type === 'content_block_delta' || type === 'response.output_text.delta' || type === 'response.reasoning_summary_text.delta')) first = performance.now();
        if (type === 'message_delta' && typeof data.usage?.output_tokens === 'number') outputTokens = data.usage.output_tokens;
        if (type === 'response.completed' && typeof data.response?.usage?.output_tokens === 'number') outputTokens = data.response.usage.output_tokens;
        if (type === 'error' || type === 'response.failed') return { ok: false, error: data.error?.message ?? `the stream ended with ${type}` };
      }
    }
    const end = performance.now();
    if (first === undefined) return { ok: false, error: 'the answer had no output' };
    const run: Run = { ok: true, ttftMs: Math.round(first - t0) };
    if (outputTokens > 0 && end > first) run.tps = Math.round((outputTokens * 1000) / (end - first));
    return run;
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: e.name === 'TimeoutError' ? `no answer within ${SPEED_TEST_RUN_TIMEOUT_MS / 1000} s` : e.message };
  }
}

function rowOf(providerId: string, model: string, runs: Run[]): SpeedTestRow {
  const ok = runs.filter((r) => r.ok);
  const ttft = ok.map((r) => r.ttftMs!);
  const tps = ok.filter((r) => r.tps !== undefined).map((r) => r.tps!);
  return {
    providerId,
    model,
    runs: runs.length,
    successes: ok.length,
    ttfb: { p50: pct(ttft, 0.5), p95: pct(ttft, 0.95), p99: pct(ttft, 0.99) },
    outputTokensPerSec: pct(tps, 0.5),
    successRate: runs.length ? ok.length / runs.length : 0,
    rank: 0,
    errors: [...new Set(runs.filter((r) => !r.ok).map((r) => r.error ?? 'failed'))].slice(0, 5),
  };
}

export function rankRows(rows: SpeedTestRow[]): SpeedTestRow[] {
  const inf = (v: number | null) => v ?? Infinity;
  const sorted = [...rows].sort(
    (a, b) => b.successRate - a.successRate || inf(a.ttfb.p50) - inf(b.ttfb.p50) || (b.outputTokensPerSec ?? -1) - (a.outputTokensPerSec ?? -1),
  );
  return sorted.map((r, i) => ({ ...r, rank: i + 1 }));
}

/** The providers a test covers: the named ones, or every enabled one (the synthetic one only when it is alone). */
export function speedTestTargets(config: AimuxConfig, ids: readonly string[] | undefined): Array<{ provider: ProviderConfig; model: string }> {
  let providers: ProviderConfig[];
  if (ids !== undefined && ids.length > 0) {
    providers = ids.map((id) => {
      const p = config.providers.find((x) => x.id === id);
      if (!p) throw new ApiError('NOT_FOUND', `no provider "${id}"`, { field: 'providers' });
      return p;
    });
  } else {
    const enabled = config.providers.filter((p) => p.enabled);
    const real = enabled.filter((p) => p.id !== SYNTHETIC_PROVIDER_ID);
    providers = real.length > 0 ? real : enabled;
  }
  const targets = providers.flatMap((provider) => provider.models.map((model) => ({ provider, model })));
  if (targets.length === 0) throw new ApiError('BAD_REQUEST', 'no provider with models to test (add models to a provider first)', { field: 'providers' });
  return targets;
}

export async function runSpeedTest(deps: SpeedTestDeps, input: { providers?: string[] | undefined; n?: number | undefined }): Promise<SpeedTestResult> {
  const n = input.n ?? 5;
  const targets = speedTestTargets(deps.config(), input.providers);
  const id = deps.newId();
  const at = deps.now();
  const url = await deps.proxyUrl();
  const headers = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...(await deps.headers()) };
  const total = targets.length * n;
  let done = 0;
  const byProvider = new Map<string, Array<{ provider: ProviderConfig; model: string }>>();
  for (const t of targets) byProvider.set(t.provider.id, [...(byProvider.get(t.provider.id) ?? []), t]);
  const rows: SpeedTestRow[] = [];
  await Promise.all(
    [...byProvider.values()].map(async (list) => {
      for (const { provider, model } of list) {
        const runs: Run[] = [];
        for (let i = 0; i < n; i++) {
          const run = await runOnce(url, headers, provider, model);
          runs.push(run);
          done++;
          const p: SpeedTestProgress = { id, done, total, providerId: provider.id, model, ok: run.ok };
          if (run.ttftMs !== undefined) p.ttfbMs = run.ttftMs;
          deps.progress(p);
        }
        rows.push(rowOf(provider.id, model, runs));
      }
    }),
  );
  return { id, at, n, rows: rankRows(rows) };
}
