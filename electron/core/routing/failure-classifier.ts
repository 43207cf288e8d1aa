/**
 * What a failed upstream attempt means for routing, decided by `code` (never `instanceof`):
 *
 * | failure                                        | kind         | retryable | scope    | breaker |
 * | ---------------------------------------------- | ------------ | --------- | -------- | ------- |
 * | HTTP 429                                       | rate_limited | yes       | key      | no      |
 * | HTTP 401, 402, 403                             | auth         | yes       | key      | no      |
 * | HTTP 408                                       | timeout      | yes       | provider | yes     |
 * | HTTP 503, 529                                  | overloaded   | yes       | provider | yes     |
 * | HTTP other 5xx (or no status)                  | server       | yes       | provider | yes     |
 * | HTTP 1xx/3xx (e.g. a baseUrl that redirects)   | server       | yes       | provider | yes     |
 * | HTTP 404                                       | client       | yes       | provider | no      |
 * | HTTP other 4xx (400, 413, 422, …)              | client       | no        | none     | no      |
 * | UPSTREAM_CONNECT/FIRST_BYTE/IDLE/RESPONSE_TIMEOUT | timeout    | yes       | provider | yes     |
 * | UPSTREAM_NETWORK                               | network      | yes       | provider | yes     |
 * | UPSTREAM_BAD_RESPONSE                          | server       | yes       | provider | yes     |
 * | TRANSLATION_UNSUPPORTED                        | client       | yes       | provider | no      |
 * | CLIENT_CLOSED, SHUTTING_DOWN                   | aborted      | no        | none     | no      |
 * | anything else (BAD_REQUEST, INTERNAL, …)        | client       | no        | none     | no      |
 *
 * Decisions: 402 (billing) is treated like 401/403: that key is unusable, another key may work.
 * A redirect (aimux does not follow them, and the client is answered 502) is the provider's
 * misconfiguration, never the request's fault: another target may serve it.
 * TRANSLATION_UNSUPPORTED means "this target's protocol cannot carry this request": another target
 * (e.g. one speaking the client's protocol) may, so it moves on without blaming the provider.
 * A 404 from an upstream is about that target (aimux rewrote the model, and the client's own path was
 * valid here): an unknown model name or a wrong baseUrl. The next target may serve the request; the
 * provider is not blamed (other models on it may be fine). When every target answers 404, the client
 * gets the last one.
 * INTERNAL is a bug in aimux: retrying elsewhere would hide it.
 */
import type { ProxyError } from '../errors';
import type { FailureKind } from '../metrics/events';

export type FailureScope = 'key' | 'provider' | 'none';

export interface FailureClass {
  kind: FailureKind;
  retryable: boolean;
  scope: FailureScope;
  countsForBreaker: boolean;
}

const fail = (kind: FailureKind, retryable: boolean, scope: FailureScope, countsForBreaker: boolean): FailureClass =>
  Object.freeze({ kind, retryable, scope, countsForBreaker });

const RATE_LIMITED = fail('rate_limited', true, 'key', false);
const AUTH = fail('auth', true, 'key', false);
const TIMEOUT = fail('timeout', true, 'provider', true);
const OVERLOADED = fail('overloaded', true, 'provider', true);
const SERVER = fail('server', true, 'provider', true);
const NETWORK = fail('network', true, 'provider', true);
const CLIENT = fail('client', false, 'none', false);
const UNTRANSLATABLE = fail('client', true, 'provider', false);
const ABORTED = fail('aborted', false, 'none', false);
const TARGET_NOT_FOUND = fail('client', true, 'provider', false);

export function classifyFailure(err: Pick<ProxyError, 'code' | 'upstreamStatus'>): FailureClass {
  switch (err.code) {
    case 'UPSTREAM_HTTP':
      return classifyStatus(err.upstreamStatus);
    case 'UPSTREAM_CONNECT_TIMEOUT':
    case 'UPSTREAM_FIRST_BYTE_TIMEOUT':
    case 'UPSTREAM_IDLE_TIMEOUT':
    case 'UPSTREAM_RESPONSE_TIMEOUT':
      return TIMEOUT;
    case 'UPSTREAM_NETWORK':
      return NETWORK;
    case 'UPSTREAM_BAD_RESPONSE':
      return SERVER;
    case 'TRANSLATION_UNSUPPORTED':
      return UNTRANSLATABLE;
    case 'CLIENT_CLOSED':
    case 'SHUTTING_DOWN':
    case 'PAUSED':
      return ABORTED;
    default:
      return CLIENT;
  }
}

function classifyStatus(status: number | undefined): FailureClass {
  if (status === undefined || status >= 500) return status === 503 || status === 529 ? OVERLOADED : SERVER;
  if (status === 429) return RATE_LIMITED;
  if (status === 401 || status === 402 || status === 403) return AUTH;
  if (status === 408) return TIMEOUT;
  if (status === 404) return TARGET_NOT_FOUND;
  if (status < 400) return SERVER;
  return CLIENT;
}
