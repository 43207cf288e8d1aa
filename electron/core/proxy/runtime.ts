/**
 * What a request runs against. `CoreState` is built from one config and replaced whole when the
 * config changes, so a request keeps the state it started with; `CoreRuntime` lives as long as
 * the core (clock, event emitter, the exchange factory).
 */
import type { AimuxConfig, ProviderConfig } from '../config/types';
import type { CoreEvent } from '../metrics/events';
import type { Upstream } from '../providers/upstream';
import type { Router } from '../routing/router';
import type { ClientRequest, Exchange } from './exchange';

export type { Clock, Logger } from '../deps';
import type { Clock, Logger } from '../deps';

export interface CoreState {
  config: AimuxConfig;
  router: Router;
  providers: ReadonlyMap<string, ProviderConfig>;
  upstreams: ReadonlyMap<string, Upstream>;
  startedAt: number;
  /** Providers that answered count_tokens with 404/405/501: estimated locally from then on. */
  countTokensUnsupported: Set<string>;
}

export interface CoreRuntime {
  clock: Clock;
  logger: Logger;
  emit(event: CoreEvent): void;
  exchangeFor(client: ClientRequest, provider: ProviderConfig, op: 'messages' | 'chat'): Exchange;
  /** Unique per process: `req_…`, for events and logs. */
  newRequestId(): string;
}

export interface RequestScope {
  runtime: CoreRuntime;
  state: CoreState;
}

