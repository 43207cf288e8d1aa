/**
 * POST /v1/messages/count_tokens (also under /anthropic). Asked of the routed provider when it speaks Anthropic
 * (or is the synthetic one); otherwise, or when the provider cannot answer, estimated locally
 * (tokens/estimate.ts). Never a 404, also not for a model no route knows: Claude Code's context display and its
 * auto-compaction depend on it. A provider that answers 404/405/501 is not asked again while the config stands.
 * `x-aimux-count` says which one answered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Target } from '../config/types';
import { extractFeatures } from '../routing/features';
import type { RequestFeatures } from '../routing/types';
import { readBody, parseJsonObject } from '../server/request-body';
import { sendError, sendJson } from '../server/respond';
import { upstreamHeaders, upstreamPath } from '../providers/upstream-request';
import { clientRequestFrom } from './generation';
import { upstreamBody } from './passthrough';
import type { RequestScope } from './runtime';
import { validateGenerationRequest } from './validate';
import { readCapped } from './upstream-error';
import { scanOutgoing } from '../security/secret-scan';

const COUNT_TIMEOUT_MS = 10_000;

export async function handleCountTokens(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { state } = scope;
  try {
    const received = await readBody(req, state.config.server.maxBodyBytes, state.config.server.limits.idleTimeoutMs);
    // The count goes upstream too: in redact mode it carries the redacted text.
    const { raw, body } = scanOutgoing(state.config.security.secretScan === 'redact' ? 'redact' : 'off', received, parseJsonObject(received));
    validateGenerationRequest('anthropic', body, 'count_tokens');
    const features = extractFeatures('anthropic', body, {});
    const estimate = { input_tokens: features.estimatedInputTokens };
    const target = countingTarget(scope, features);
    const provider = target && state.providers.get(target.providerId);
    const upstream = provider && state.upstreams.get(provider.id);
    if (!target || !provider || !upstream || provider.protocol === 'openai' || state.countTokensUnsupported.has(provider.id)) {
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
      if (up.status === 404 || up.status === 405 || up.status === 501) state.countTokensUnsupported.add(provider.id);
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

/** The first enabled target of the request's route; undefined when no route takes it (then it is estimated). */
function countingTarget(scope: RequestScope, features: RequestFeatures): Target | undefined {
  const { state } = scope;
  try {
    return state.router.decide(features).list.targets.find((t) => state.providers.get(t.providerId)?.enabled);
  } catch {
    return undefined;
  }
}
