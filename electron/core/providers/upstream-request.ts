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

export function upstreamPath(provider: ProviderConfig, op: UpstreamOperation, query: string): string {
  switch (op) {
    case 'messages':
      return `/v1/messages${query}`;
    case 'count_tokens':
      return `/v1/messages/count_tokens${query}`;
    case 'chat':
      return provider.protocol === 'anthropic' ? '/v1/messages' : '/chat/completions';
    case 'responses':
      return '/responses';
  }
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
    else h['x-api-key'] = key.value;
  }
  return h;
}
