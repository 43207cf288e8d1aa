/** The log entry `aimux serve` writes per finished request (ids, target, timing, tokens; never content). */
import type { RequestFinishedEvent } from '../metrics/events';
import type { ServiceLogger } from './pino-logger';

export function logRequest(logger: ServiceLogger, e: RequestFinishedEvent): void {
  const fields: Record<string, unknown> = {
    requestId: e.requestId,
    protocol: e.clientProtocol,
    status: e.status,
    class: e.class,
    target: e.providerId ? `${e.providerId}/${e.model}` : undefined,
    keyId: e.keyId,
    attempts: e.attempts,
    latencyMs: e.latencyMs,
    ttfbMs: e.ttfbMs,
    inputTokens: e.inputTokens,
    outputTokens: e.outputTokens,
  };
  if (e.errorCode !== undefined) fields.errorCode = e.errorCode;
  if (e.usageEstimated) fields.usageEstimated = true;
  // What the outgoing secret scan found: types and JSON paths, never the secret.
  if (e.secretScan) fields.secretScan = { action: e.secretScan.action, found: e.secretScan.findings.map((f) => `${f.type}@${f.where}`) };
  logger.structured(e.status >= 500 ? 'warn' : 'info', 'request', fields);
}
