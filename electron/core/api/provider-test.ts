/**
 * Trying a provider for real. The test sends a minimal streamed request through aimux's own proxy
 * (the same path as traffic: routing to exactly `provider/model`, key rotation, translation), and
 * reports the latency or the upstream's error. The model list asks the provider's own endpoint.
 */
import type { ApiHandlers } from '../../../shared/api/client';
import type { ProviderTestResult } from '../../../shared/api/dto/providers';
import { findPreset } from '../providers/presets/index';
import { upstreamHeaders } from '../providers/upstream-request';
import type { ApiContext } from './context';
import { badInput, notFound } from './errors';

type Handlers = Pick<ApiHandlers, 'testProvider' | 'listProviderModels'>;

export const PROVIDER_TEST_TIMEOUT_MS = 30_000;
const MODELS_TIMEOUT_MS = 10_000;

/** Reads an Anthropic SSE stream to the end: the text, and an error event if one came. */
async function readStream(res: Response): Promise<{ text: string; error?: { type: string; message: string } }> {
  const body = await res.text();
  let text = '';
  for (const block of body.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trim())
      .join('\n');
    if (!data) continue;
    try {
      const ev = JSON.parse(data) as { type?: string; delta?: { text?: string }; error?: { type?: string; message?: string } };
      if (ev.type === 'content_block_delta' && typeof ev.delta?.text === 'string') text += ev.delta.text;
      if (ev.type === 'error') return { text, error: { type: ev.error?.type ?? 'api_error', message: ev.error?.message ?? 'error event' } };
    } catch {
      // Not JSON: ignore, as a client would.
    }
  }
  return { text };
}

export function providerTestHandlers(ctx: ApiContext): Handlers {
  return {
    async testProvider({ id, model }) {
      const p = ctx.core.config().providers.find((x) => x.id === id);
      if (!p) throw notFound(`no provider "${id}"`);
      const m = model ?? p.models[0];
      if (m === undefined) throw badInput(`"${id}" has no models; name one to test with`, 'model');
      const url = await ctx.proxyUrl();
      const started = performance.now();
      const headers: Record<string, string> = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-aimux-test': '1' };
      headers['x-aimux-internal'] = ctx.internalToken;
      const proxyToken = await ctx.tokens.proxy.read();
      if (proxyToken) headers['x-api-key'] = proxyToken;
      const fail = (error: ProviderTestResult & { ok: false }): ProviderTestResult => error;
      try {
        const res = await fetch(`${url}/v1/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ model: `${id}/${m}`, max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'Reply with the single word OK.' }] }),
          signal: AbortSignal.timeout(PROVIDER_TEST_TIMEOUT_MS),
        });
        const ttfbMs = Math.round(performance.now() - started);
        if (!res.ok) {
          const body = (await res.json().catch(() => undefined)) as { error?: { type?: string; message?: string } } | undefined;
          return fail({
            ok: false,
            model: m,
            status: res.status,
            latencyMs: Math.round(performance.now() - started),
            error: { code: body?.error?.type ?? `http_${res.status}`, message: body?.error?.message ?? `HTTP ${res.status}` },
          });
        }
        const { text, error } = await readStream(res);
        const latencyMs = Math.round(performance.now() - started);
        if (error) return fail({ ok: false, model: m, status: 200, latencyMs, error: { code: error.type, message: error.message } });
        return { ok: true, model: m, status: 200, latencyMs, ttfbMs, text: text.slice(0, 200) };
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError';
        return fail({
          ok: false,
          model: m,
          latencyMs: Math.round(performance.now() - started),
          error: timedOut
            ? { code: 'timeout', message: `no answer within ${PROVIDER_TEST_TIMEOUT_MS / 1000} s`, kind: 'timeout' }
            : { code: 'network', message: (err as Error).message, kind: 'network' },
        });
      }
    },

    async listProviderModels({ id }) {
      const p = ctx.core.config().providers.find((x) => x.id === id);
      if (!p) throw notFound(`no provider "${id}"`);
      const configured = { models: [...p.models], source: 'config' as const };
      if (p.protocol === 'synthetic') return configured;
      const preset = p.preset === undefined ? undefined : findPreset(p.preset);
      const endpoint = preset ? preset.modelsEndpoint : p.protocol === 'anthropic' ? '/v1/models' : '/models';
      if (endpoint === undefined) return { ...configured, error: 'this provider has no model-list endpoint' };
      const query = p.query ? `?${new URLSearchParams(p.query as Record<string, string>).toString()}` : '';
      const headers = upstreamHeaders(p, p.apiKeys[0], {});
      delete headers['content-type'];
      try {
        const res = await fetch(`${p.baseUrl}${endpoint}${query}`, { headers, signal: AbortSignal.timeout(MODELS_TIMEOUT_MS) });
        if (!res.ok) {
          await res.body?.cancel();
          return { ...configured, error: `the provider answered HTTP ${res.status}` };
        }
        const body = (await res.json()) as { data?: Array<{ id?: unknown }>; models?: Array<{ id?: unknown; name?: unknown }> };
        const ids = (body.data ?? body.models ?? [])
          .map((m) => (typeof m.id === 'string' ? m.id : typeof (m as { name?: unknown }).name === 'string' ? ((m as { name: string }).name) : undefined))
          .filter((x): x is string => x !== undefined);
        return { models: [...new Set(ids)].sort(), source: 'upstream' };
      } catch (err) {
        return { ...configured, error: (err as Error).name === 'TimeoutError' ? 'the provider did not answer in time' : 'could not reach the provider' };
      }
    },
  };
}
