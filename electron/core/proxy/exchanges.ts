/** Picks the exchange for a client protocol and a provider: passthrough or translation. */
import type { ProviderConfig } from '../config/types';
import type { ClientRequest, Exchange } from './exchange';
import type { IdSource } from './ids';
import { createPassthroughExchange } from './passthrough';
import { createTranslatedExchange } from './translated';

export function createExchangeFactory(ids: IdSource) {
  return (client: ClientRequest, provider: ProviderConfig, op: 'messages' | 'chat'): Exchange =>
    provider.protocol === client.protocol || provider.protocol === 'synthetic'
      ? createPassthroughExchange(client, provider, op)
      : createTranslatedExchange(client, provider, ids.response(client.protocol));
}
