/**
 * Builds the upstream path and headers for one attempt. One function per wire protocol, driven by
 * provider data (auth style, extra headers); no per-provider code.
 */
import type { ApiKey, ProviderConfig } from '../config/types';
import { AIMUX_USER_AGENT } from '../version';

export type UpstreamOperation = 'messages' | 'count_tokens' | 'chat' | 'responses';

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

export interface ClientHeaderView {
  anthropicVersion?: string | undefined;
  anthropicBeta?: string | undefined;
  userAgent?: string | undefined;
}

function operationPath(provider: ProviderConfig, op: UpstreamOperation): string {
  switch (op) {
    case 'messages':
      return '/v1/messages';
    case 'count_tokens':
      return '/v1/messages/count_tokens';
    case 'chat':
      return provider.protocol === 'anthropic' ? '/v1/messages' : '/chat/completions';
    case 'responses':
      return '/responses';
  }
}

/** The provider's fixed query (Azure's `api-version`) joined with the client's (`?beta=true`). */
function joinQuery(fixed: string, client: string): string {
  if (!fixed) return client;
  return client ? `${client}&${fixed.slice(1)}` : fixed;
}

const fixedQueries = new WeakMap<ProviderConfig, string>();

function fixedQuery(provider: ProviderConfig): string {
  if (!provider.query) return '';
  let q = fixedQueries.get(provider);
  if (q === undefined) {
    const s = new URLSearchParams(provider.query as Record<string, string>).toString();
    q = s ? `?${s}` : '';
    fixedQueries.set(provider, q);
  }
  return q;
}

export function upstreamPath(provider: ProviderConfig, op: UpstreamOperation, query: string): string {
  return operationPath(provider, op) + joinQuery(fixedQuery(provider), query);
}

export function upstreamHeaders(provider: ProviderConfig, key: ApiKey | undefined, client: ClientHeaderView): Record<string, string> {
  const h: Record<string, string> = {
    ...provider.headers,
    'content-type': 'application/json',
    // Identity, so streamed bytes can be passed through and parsed as they arrive.
    'accept-encoding': 'identity',
    'user-agent': client.userAgent ?? AIMUX_USER_AGENT,
  };
  if (provider.protocol === 'anthropic') {
    h['anthropic-version'] = client.anthropicVersion ?? DEFAULT_ANTHROPIC_VERSION;
    if (client.anthropicBeta) h['anthropic-beta'] = client.anthropicBeta;
  }
  if (key) {
    if (provider.auth === 'bearer') h.authorization = `Bearer ${key.value}`;
    else if (provider.auth === 'api-key') h['api-key'] = key.value;
    else h['x-api-key'] = key.value;
  }
  return h;
}
