/**
 * An exchange whose stream pump can also give the whole answer (`StreamPump.result()`, the Responses
 * exchange: its final `response.completed` object) answers non-streaming clients through this
 * `AnswerAssembly`, so it shares the pipeline's rule: the upstream streams, the attempt commits at
 * the first output, and a stream that then fails or stops early is an error for the client.
 */
import { ProxyError } from '../errors';
import type { AnswerAssembly, JsonResult, StreamPump } from './exchange';
import { upstreamStreamError } from './stream-facts';

export function assemblyFromPump(pump: StreamPump, providerId: string): AnswerAssembly {
  return {
    push: (chunk) => pump.push(chunk).length > 0,
    get upstreamError() {
      return pump.upstreamError;
    },
    finish(): JsonResult {
      if (pump.upstreamError === undefined) pump.end();
      const e = pump.upstreamError;
      if (e !== undefined) throw upstreamStreamError(e, providerId, false, 'mid-stream');
      if (!pump.complete || pump.result === undefined) {
        throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${providerId}" ended its stream before the response was complete`, 502, { providerId });
      }
      return pump.result();
    },
  };
}
