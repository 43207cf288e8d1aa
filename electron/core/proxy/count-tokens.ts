/**
 * POST /v1/messages/count_tokens. Asked of the routed provider when it speaks Anthropic (or is the
 * synthetic one); otherwise, or when the provider cannot answer, estimated locally. Never a 404:
 * Claude Code's context display depends on it. `x-aimux-count` says which one answered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extractFeatures } from '../routing/features';
import { readBody, parseJsonObject } from '../server/request-body';
import { sendError, sendJson } from '../server/respond';
import { upstreamHeaders, upstreamPath } from '../providers/upstream-request';
import { clientRequestFrom } from './generation';
import { upstreamBody } from './passthrough';
import type { RequestScope } from './runtime';
import { validateGenerationRequest } from './validate';
import { readCapped } from './upstream-error';

const COUNT_TIMEOUT_MS = 10_000;

export async function handleCountTokens(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { state } = scope;
  try {
    const raw = await readBody(req, state.config.server.maxBodyBytes);
    const body = parseJsonObject(raw);
    validateGenerationRequest('anthropic', body, 'count_tokens');
    const features = extractFeatures('anthropic', body, {});
    const decision = state.router.decide(features);
    const estimate = { input_tokens: features.estimatedInputTokens };
    const target = decision.list.targets.find((t) => state.providers.get(t.providerId)?.enabled);
    const provider = target && state.providers.get(target.providerId);
    const upstream = provider && state.upstreams.get(provider.id);
    if (!target || !provider || !upstream || provider.protocol === 'openai') {
      sendJson(res, 200, estimate, { 'x-aimux-count': 'estimated' });
      return;
    }
    const client = clientRequestFrom(req, 'anthropic', raw, body, features.estimatedInputTokens);
    const signal = AbortSignal.timeout(COUNT_TIMEOUT_MS);
    try {
      const up = await upstream.send({
        path: upstreamPath(provider, 'count_tokens', client.query),
        headers: upstreamHeaders(provider, provider.apiKeys[0], client.headers),
        body: upstreamBody(client, target.model, false),
        signal,
        firstByteMs: COUNT_TIMEOUT_MS,
        idleMs: COUNT_TIMEOUT_MS,
      });
      const bytes = await readCapped(up.body, 1024 * 1024);
      const parsed = up.status === 200 ? (JSON.parse(bytes.toString('utf8')) as { input_tokens?: unknown }) : undefined;
      if (parsed && typeof parsed.input_tokens === 'number') {
        sendJson(res, 200, { input_tokens: parsed.input_tokens }, { 'x-aimux-count': 'upstream', 'x-aimux-provider': provider.id });
        return;
      }
    } catch {
      // Fall through to the estimate: counting must not fail because a provider cannot count.
    }
    sendJson(res, 200, estimate, { 'x-aimux-count': 'estimated' });
  } catch (err) {
    sendError(res, 'anthropic', err);
  }
}
