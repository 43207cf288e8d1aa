/**
 * Realistic data for the fake API client (component tests and `vite` dev): presets, providers as
 * the API shows them, routing views, request log entries, metrics and time series. Deterministic
 * from a seed, so tests and screenshots are stable.
 */
import type { MetricsSnapshot, RequestLogEntry, SeriesPoint, TimeSeries } from '../../shared/api/dto/observability';
import type { KeyView, PresetView, ProviderView, RoutingView } from '../../shared/api/dto/providers';
import { CONFIG_DEFAULTS, REQUEST_CLASSES, defaultAuth, defaultCapabilities } from '../../shared/config/defaults';
import type { ProviderDoc, RoutingDoc, TargetListDoc } from '../../shared/config/schema';

export function seeded(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const model = (id: string, ctx: number, out: number, price?: [number, number]) => ({
  id,
  contextWindow: ctx,
  maxOutputTokens: out,
  capabilities: { tools: true, vision: true, thinking: true },
  ...(price ? { pricing: { input: price[0], output: price[1] } } : {}),
});

export const FAKE_PRESETS: PresetView[] = [
  { id: 'anthropic', name: 'Anthropic', protocol: 'anthropic', baseUrl: 'https://api.anthropic.com', auth: 'x-api-key', keyPattern: { source: '^sk-ant-' }, docsUrl: 'https://docs.anthropic.com', checked: '2026-11-20', models: [model('claude-sonnet-4-5', 200_000, 64_000, [3, 15]), model('claude-haiku-4-5', 200_000, 64_000, [1, 5])] },
  { id: 'openai', name: 'OpenAI', protocol: 'openai', baseUrl: 'https://api.openai.com/v1', auth: 'bearer', keyPattern: { source: '^sk-' }, docsUrl: 'https://platform.openai.com/docs', checked: '2026-11-20', models: [model('gpt-5', 400_000, 128_000, [1.25, 10])] },
  { id: 'openrouter', name: 'OpenRouter', protocol: 'openai', baseUrl: 'https://openrouter.ai/api/v1', auth: 'bearer', keyPattern: { source: '^sk-or-' }, docsUrl: 'https://openrouter.ai/docs', checked: '2026-11-20', models: [model('anthropic/claude-sonnet-4.5', 200_000, 64_000, [3, 15])] },
  { id: 'deepseek', name: 'DeepSeek', protocol: 'openai', baseUrl: 'https://api.deepseek.com/v1', auth: 'bearer', docsUrl: 'https://api-docs.deepseek.com', checked: '2026-11-20', models: [model('deepseek-chat', 128_000, 8_000, [0.28, 0.42]), model('deepseek-reasoner', 128_000, 64_000, [0.28, 0.42])] },
  { id: 'zai', name: 'Z.ai GLM (Anthropic endpoint)', protocol: 'anthropic', baseUrl: 'https://api.z.ai/api/anthropic', auth: 'x-api-key', docsUrl: 'https://docs.z.ai', checked: '2026-11-20', models: [model('glm-4.6', 200_000, 128_000, [0.6, 2.2])] },
  { id: 'groq', name: 'Groq', protocol: 'openai', baseUrl: 'https://api.groq.com/openai/v1', auth: 'bearer', keyPattern: { source: '^gsk_' }, docsUrl: 'https://console.groq.com/docs', checked: '2026-11-20', models: [model('moonshotai/kimi-k2-instruct', 131_072, 16_384, [1, 3])] },
  { id: 'azure-openai', name: 'Azure OpenAI', protocol: 'openai', baseUrl: 'https://{resource}.openai.azure.com/openai/deployments/{deployment}', auth: 'api-key', params: [{ name: 'resource', label: 'Resource name', example: 'my-resource' }, { name: 'deployment', label: 'Deployment', example: 'gpt-5' }], docsUrl: 'https://learn.microsoft.com/azure/ai-services/openai/', checked: '2026-11-20', models: [model('gpt-5', 400_000, 128_000)] },
  { id: 'ollama', name: 'Ollama', protocol: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', auth: 'none', local: true, docsUrl: 'https://ollama.com', checked: '2026-11-20', models: [model('qwen3-coder', 262_144, 65_536)] },
];

export function keyView(providerId: string, n: number, hint: string, state: KeyView['state'] = 'ok', until?: number): KeyView {
  return { id: `${providerId}#${n}`, providerId, hint, source: 'keychain', ref: `keychain:${providerId}-${n}`, state, ...(until ? { until } : {}) };
}

export function providerView(doc: ProviderDoc, keys: KeyView[], usedBy: string[]): ProviderView {
  const preset = FAKE_PRESETS.find((p) => p.id === doc.preset);
  const protocol = doc.protocol ?? (preset?.protocol === 'anthropic' ? 'anthropic' : preset ? 'openai' : 'openai');
  const models = doc.models ?? preset?.models.map((m) => m.id) ?? [];
  const { apiKeys: _omit, ...rest } = doc;
  return {
    id: doc.id,
    name: doc.name ?? preset?.name ?? doc.id,
    ...(doc.preset ? { preset: doc.preset } : {}),
    protocol,
    baseUrl: doc.baseUrl ?? preset?.baseUrl ?? '',
    auth: doc.auth ?? defaultAuth(protocol),
    enabled: doc.enabled ?? true,
    models,
    modelInfo: Object.fromEntries((preset?.models ?? []).map((m) => [m.id, { contextWindow: m.contextWindow, maxOutputTokens: m.maxOutputTokens, ...(m.pricing ? { pricing: m.pricing } : {}) }])),
    capabilities: { ...defaultCapabilities(protocol), ...doc.capabilities },
    quirks: { ...CONFIG_DEFAULTS.provider.quirks, ...doc.quirks },
    weight: doc.weight ?? 1,
    maxConcurrent: doc.maxConcurrent ?? 0,
    queueSize: doc.queueSize ?? 8,
    timeouts: { ...CONFIG_DEFAULTS.provider.timeouts, ...doc.timeouts },
    headers: {},
    keys,
    health: { id: doc.id, enabled: doc.enabled ?? true, breaker: 'closed', breakerSettings: { ...CONFIG_DEFAULTS.provider.breaker, ...doc.breaker }, inFlight: 0, queued: 0, latencyEwmaMs: null, keys: keys.map((k) => ({ id: k.id, hint: k.hint, state: k.state })) },
    doc: rest,
    usedBy,
  };
}

export function normalizeList(l: TargetListDoc): { targets: string[]; strategy: NonNullable<Exclude<TargetListDoc, string[]>['strategy']> } {
  return Array.isArray(l) ? { targets: l, strategy: 'failover' } : { targets: l.targets, strategy: l.strategy ?? 'failover' };
}

export function routingView(doc: RoutingDoc, targets: string[]): RoutingView {
  const classes: RoutingView['classes'] = {};
  for (const c of REQUEST_CLASSES) {
    const own = doc[c];
    classes[c] = { ...normalizeList(own ?? doc.default), own: own !== undefined };
  }
  return { doc, classes, defaults: { ...CONFIG_DEFAULTS.routing }, targets };
}

const MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'gpt-5', 'glm-4.6'];

export function fakeRequest(rand: () => number, at: number, n: number, targets: string[]): RequestLogEntry {
  const target = targets[Math.floor(rand() * targets.length)] ?? 'synthetic/synthetic-1';
  const [providerId, ...m] = target.split('/');
  const failedFirst = rand() < 0.12 && targets.length > 1;
  const ok = rand() > 0.05;
  const latency = Math.round(400 + rand() * 2600);
  const ttfb = Math.round(latency * (0.15 + rand() * 0.3));
  const attempts: RequestLogEntry['attempts'] = [];
  if (failedFirst) attempts.push({ n: 1, providerId: 'zai', model: 'glm-4.6', keyId: 'zai#1', keyHint: 'zk-…9f2c', status: 429, outcome: 'failed', kind: 'rate_limited', ms: 120 });
  attempts.push({ n: attempts.length + 1, providerId: providerId!, model: m.join('/'), keyId: `${providerId}#1`, keyHint: 'sk-…a1b2', status: ok ? 200 : 503, outcome: ok ? 'ok' : 'failed', ...(ok ? {} : { kind: 'overloaded' as const }), ms: latency });
  const input = Math.round(800 + rand() * 30_000);
  const output = Math.round(50 + rand() * 1500);
  return {
    id: `req_${at.toString(36)}_${n}`,
    at,
    clientProtocol: rand() < 0.8 ? 'anthropic' : 'openai',
    clientModel: MODELS[Math.floor(rand() * MODELS.length)]!,
    stream: true,
    class: rand() < 0.7 ? 'default' : 'background',
    classReason: 'no rule matched',
    attempts,
    providerId: providerId!,
    model: m.join('/'),
    status: ok ? 200 : 503,
    outcome: ok ? 'ok' : 'error',
    ...(ok ? {} : { errorCode: 'UPSTREAM_HTTP', errorMessage: 'upstream answered 503: overloaded' }),
    ttfbMs: ttfb,
    latencyMs: latency,
    tokens: { input, output, cacheRead: Math.round(input * 0.6), cacheWrite: 0, estimated: false },
    costUsd: (input * 3 + output * 15) / 1e6,
    notes: rand() < 0.1 ? ['thinking dropped: target has no thinking'] : [],
  };
}

export function fakePoint(rand: () => number, t: number, scale: number): SeriesPoint {
  const requests = Math.round(scale * (5 + rand() * 20));
  const errors = Math.round(requests * rand() * 0.1);
  const p50 = 600 + rand() * 600;
  return {
    t,
    requests,
    errors,
    errorsByKind: errors ? { rate_limited: Math.ceil(errors / 2), server: Math.floor(errors / 2) } : {},
    latency: { p50, p95: p50 * 2.4, p99: p50 * 3.5 },
    ttfb: { p50: p50 * 0.3, p95: p50 * 0.8, p99: p50 * 1.2 },
    inputTokens: requests * 9000,
    outputTokens: requests * 600,
    costUsd: requests * 0.03,
  };
}

export function fakeSeries(rand: () => number, window: TimeSeries['window'], now: number, empty: boolean): TimeSeries {
  const stepMs = window === '1h' ? 60_000 : window === '24h' ? 15 * 60_000 : window === '1m' ? 1000 : 3_600_000;
  const n = window === '1h' ? 60 : window === '24h' ? 96 : window === '1m' ? 60 : 168;
  const end = Math.floor(now / stepMs) * stepMs;
  const points = empty ? [] : Array.from({ length: n }, (_, i) => fakePoint(rand, end - (n - 1 - i) * stepMs, stepMs / 60_000));
  return { window, groupBy: 'total', stepMs, from: end - (n - 1) * stepMs, to: end + stepMs, series: [{ key: 'total', points }] };
}

export function fakeSnapshot(rand: () => number, at: number, providers: string[], todayRequests: number): MetricsSnapshot {
  const p50 = 700 + rand() * 300;
  return {
    at,
    lastMinute: { requests: Math.round(10 + rand() * 20), errors: Math.round(rand() * 2), latency: { p50, p95: p50 * 2.3, p99: p50 * 3 }, ttfb: { p50: p50 * 0.3, p95: p50 * 0.7, p99: p50 } },
    today: { requests: todayRequests, errors: Math.round(todayRequests * 0.03), tokens: { input: todayRequests * 9000, output: todayRequests * 600, cacheRead: todayRequests * 5000, cacheWrite: 0, estimated: false }, costUsd: todayRequests * 0.031 },
    providers: providers.map((providerId) => ({ providerId, requestsPerMin: Math.round(rand() * 12), errorRate: rand() * 0.06, latencyP50: 500 + rand() * 900, ttfbP50: 200 + rand() * 300, inFlight: Math.round(rand() * 3), breaker: 'closed' as const })),
  };
}
