/**
 * A 429 going back to the client carries `Retry-After` whenever aimux knows a cooldown: the upstream's own
 * Retry-After, or else the earliest time one of the answering provider's keys is usable again (the key
 * pool's backoff). Codex retries a 429 only when it has a Retry-After.
 */
import { ProxyError } from '../errors';
import type { Router } from '../routing/router';

export function withKnownCooldown(err: ProxyError, router: Pick<Router, 'health'>, now: number): ProxyError {
  if (err.httpStatus !== 429 || err.retryAfterMs !== undefined || err.providerId === undefined) return err;
  const provider = router.health().find((p) => p.id === err.providerId);
  const untils = (provider?.keys ?? []).flatMap((k) => (k.state === 'cooling' && k.until !== undefined ? [k.until] : []));
  if (provider?.coolingUntil !== undefined) untils.push(provider.coolingUntil);
  if (untils.length === 0) return err;
  const retryAfterMs = Math.max(0, Math.min(...untils) - now);
  return new ProxyError(err.code, err.message, err.httpStatus, {
    cause: err,
    providerId: err.providerId,
    retryAfterMs,
    ...(err.upstreamStatus !== undefined ? { upstreamStatus: err.upstreamStatus } : {}),
    ...(err.upstreamType !== undefined ? { upstreamType: err.upstreamType } : {}),
  });
}
