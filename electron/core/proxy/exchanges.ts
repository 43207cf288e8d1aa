/** Picks the exchange for a client protocol and a provider: passthrough or translation. */
import type { ProviderConfig } from '../config/types';
import { ProxyError } from '../errors';
import type { ClientRequest, Exchange } from './exchange';
import { createPassthroughExchange } from './passthrough';

export function exchangeFor(client: ClientRequest, provider: ProviderConfig, op: 'messages' | 'chat'): Exchange {
  if (provider.protocol === client.protocol || provider.protocol === 'synthetic') return createPassthroughExchange(client, provider, op);
  throw new ProxyError(
    'TRANSLATION_UNSUPPORTED',
    `translating ${client.protocol} requests for the ${provider.protocol} provider "${provider.id}" is not available yet`,
    501,
  );
}
