/**
 * The upstream is outside aimux's control: a stream event or a JSON answer of an unexpected shape
 * (a `null` where an object belongs, an array for an index) must become a clear upstream error, not
 * an exception from deep inside a translator. This wrapper turns anything but a ProxyError thrown
 * while reading the upstream's answer into `UPSTREAM_BAD_RESPONSE` (502) naming the provider; the
 * pipeline then fails over before the first byte, or ends the stream with a protocol error event.
 * (Request translation needs no guard: the client's input is checked and refused with 400s.)
 */
import { isProxyError, ProxyError } from '../errors';
import type { AnswerAssembly, Exchange, StreamPump } from './exchange';

function badResponse(providerId: string, what: string, err: unknown): ProxyError {
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${providerId}" sent ${what} aimux could not read (${detail.slice(0, 200)})`, 502, { providerId, cause: err });
}

function guard<T>(providerId: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw isProxyError(err) ? err : badResponse(providerId, what, err);
  }
}

function guardPump(pump: StreamPump, providerId: string): StreamPump {
  const guarded: StreamPump = {
    push: (chunk) => guard(providerId, 'a stream event', () => pump.push(chunk)),
    end: () => guard(providerId, 'a stream', () => pump.end()),
    fail: (err) => pump.fail(err),
    ping: () => pump.ping(),
    get complete() {
      return pump.complete;
    },
    get upstreamError() {
      return pump.upstreamError;
    },
    usage: () => pump.usage(),
  };
  if (pump.result) guarded.result = () => guard(providerId, 'a stream', () => pump.result!());
  return guarded;
}

function guardAssembly(assembly: AnswerAssembly, providerId: string): AnswerAssembly {
  return {
    push: (chunk) => guard(providerId, 'a stream event', () => assembly.push(chunk)),
    get upstreamError() {
      return assembly.upstreamError;
    },
    finish: () => guard(providerId, 'a stream', () => assembly.finish()),
  };
}

export function guardExchange(exchange: Exchange, providerId: string): Exchange {
  const guarded: Exchange = {
    kind: exchange.kind,
    prepare: (target, key, streamUpstream) => exchange.prepare(target, key, streamUpstream),
    convertJson: (bytes) => guard(providerId, 'an answer', () => exchange.convertJson(bytes)),
    createStream: () => guardPump(exchange.createStream(), providerId),
  };
  if (exchange.createAssembly) guarded.createAssembly = () => guardAssembly(exchange.createAssembly!(), providerId);
  return guarded;
}
