/** Picks the exchange for a client protocol and a provider: passthrough or translation. */
import type { ProviderConfig } from '../config/types';
import { ProxyError } from '../errors';
import type { ClientRequest, Exchange, ExchangeOp } from './exchange';
import type { IdSource } from './ids';
import { createPassthroughExchange } from './passthrough';
import { speaksNatively } from './protocols';
import { createResponsesExchange } from './responses-exchange';
import type { ResponsesRuntime } from './runtime';
import { createTranslatedExchange } from './translated';
import { guardExchange } from './exchange-guard';

/** A provider that cannot carry this client's protocol: the router goes on to the next target. */
function unsupportedExchange(provider: ProviderConfig, client: ClientRequest): Exchange {
  const fail = (): never => {
    throw new ProxyError('TRANSLATION_UNSUPPORTED', `provider "${provider.id}" speaks the OpenAI Responses API, which only Responses clients can use (this request is ${client.protocol})`, 400, { providerId: provider.id });
  };
  return { kind: 'translate', prepare: fail, convertJson: fail, createStream: fail };
}

export function createExchangeFactory(ids: IdSource, responses: ResponsesRuntime) {
  const pick = (client: ClientRequest, provider: ProviderConfig, op: ExchangeOp): Exchange => {
    if (speaksNatively(provider, client.protocol)) return createPassthroughExchange(client, provider, op);
    if (client.protocol === 'responses') return createResponsesExchange(client, provider, ids.response('responses'), responses);
    if (provider.protocol === 'openai-responses') return unsupportedExchange(provider, client);
    return createTranslatedExchange(client, provider, ids.response(client.protocol));
  };
  return (client: ClientRequest, provider: ProviderConfig, op: ExchangeOp): Exchange => guardExchange(pick(client, provider, op), provider.id);
}
