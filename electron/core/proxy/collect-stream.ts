/**
 * A non-streaming client answered from an upstream stream (the Responses exchange always streams
 * upstream): reads the rest of the stream through the pump, then takes the whole answer from it. Nothing
 * has reached the client yet, so a stream that fails or stops early is a failed attempt (failover), with
 * the upstream's own error when it sent one.
 */
import { ProxyError, statusForErrorType } from '../errors';
import type { JsonResult, StreamPump } from './exchange';

export async function collectStreamResult(pump: StreamPump, it: AsyncIterator<Buffer>, providerId: string): Promise<JsonResult> {
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    pump.push(next.value);
    if (pump.upstreamError) break;
  }
  if (!pump.upstreamError) pump.end();
  const e = pump.upstreamError;
  if (e !== undefined) {
    const status = statusForErrorType(e.type);
    throw new ProxyError('UPSTREAM_HTTP', `provider "${providerId}" failed in its stream: ${e.message}`, status, { providerId, upstreamStatus: status });
  }
  if (!pump.complete || pump.result === undefined) {
    throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${providerId}" ended its stream before the response was complete`, 502, { providerId });
  }
  return pump.result();
}
