/**
 * What a request runs against. `CoreState` is built from one config and replaced whole when the
 * config changes, so a request keeps the state it started with; `CoreRuntime` lives as long as
 * the core (clock, event emitter, the exchange factory).
 */
import type { StorageHealthView } from '../../../shared/health';
import type { AimuxConfig, ProviderConfig } from '../config/types';
import type { CoreEvent } from '../metrics/events';
import type { Upstream } from '../providers/upstream';
import type { Router } from '../routing/router';
import type { ClientRequest, Exchange, ExchangeOp } from './exchange';
import type { ResponseStore } from './response-store';

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
  exchangeFor(client: ClientRequest, provider: ProviderConfig, op: ExchangeOp): Exchange;
  /** Responses API: recent responses for `previous_response_id`, and the secret reasoning items are signed with. */
  responses: ResponsesRuntime;
  /** Unique per process: `req_…`, for events and logs. */
  newRequestId(): string;
  /** While paused, the proxy routes answer 503 and the API keeps working. */
  paused: boolean;
  /**
   * Requests aimux sends through its own proxy (the provider test) carry this in `x-aimux-internal`:
   * they pass while paused. Random per process; never leaves the machine (it is not forwarded).
   */
  internalToken?: string;
  /** The host the server was told to listen on: accepted in `Host` besides loopback names (server/access.ts). */
  boundHost?: string;
  /** Listening on a wildcard (0.0.0.0, ::): this machine's interface addresses, also accepted in `Host`. */
  localAddresses?: readonly string[];
  /** The proxy token clients must present, when one is set (the service keeps it; rotation applies at once). */
  proxyToken?: () => string | undefined;
  /** The history's storage state for GET /health (set by the service). */
  storageHealth?: () => StorageHealthView;
}

export interface ResponsesRuntime {
  store: ResponseStore;
  secret: Uint8Array;
}

export interface RequestScope {
  runtime: CoreRuntime;
  state: CoreState;
}

