/**
 * The upstream is outside aimux's control: a stream event or a JSON answer of an unexpected shape
 * (a `null` where an object belongs, an array for an index) must become a clear upstream error, not
 * an exception from deep inside a translator. This wrapper turns anything but a ProxyError thrown
 * while reading the upstream's answer into `UPSTREAM_BAD_RESPONSE` (502) naming the provider; the
 * pipeline then fails over before the first byte, or ends the stream with a protocol error event.
 * (Request translation needs no guard: the client's input is checked and refused with 400s.)
 */
import { isProxyError, ProxyError } from '../errors';
import type { AnswerAssembly, Exchange, JsonResult, StreamError, StreamPump, Usage } from './exchange';

function badResponse(providerId: string, what: string, err: unknown): ProxyError {
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${providerId}" sent ${what} aimux could not read (${detail.slice(0, 200)})`, 502, { providerId, cause: err });
}

const rethrow = (providerId: string, what: string, err: unknown): never => {
  throw isProxyError(err) ? err : badResponse(providerId, what, err);
};

function guard<T>(providerId: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    return rethrow(providerId, what, err);
  }
}

/** A class, not closures: `push` runs once per upstream chunk and allocates nothing of its own. */
class GuardedPump implements StreamPump {
  result?: () => JsonResult;

  constructor(
    private readonly pump: StreamPump,
    private readonly providerId: string,
  ) {
    if (pump.result) this.result = () => guard(providerId, 'a stream', () => pump.result!());
  }

  push(chunk: Buffer): string | Buffer {
    try {
      return this.pump.push(chunk);
    } catch (err) {
      return rethrow(this.providerId, 'a stream event', err);
    }
  }

  end(): string {
    try {
      return this.pump.end();
    } catch (err) {
      return rethrow(this.providerId, 'a stream', err);
    }
  }

  fail(err: ProxyError): string {
    return this.pump.fail(err);
  }

  ping(): string | undefined {
    return this.pump.ping();
  }

  get complete(): boolean {
    return this.pump.complete;
  }

  get upstreamError(): StreamError | undefined {
    return this.pump.upstreamError;
  }

  usage(): Usage | undefined {
    return this.pump.usage();
  }
}

class GuardedAssembly implements AnswerAssembly {
  constructor(
    private readonly assembly: AnswerAssembly,
    private readonly providerId: string,
  ) {}

  push(chunk: Buffer): boolean {
    try {
      return this.assembly.push(chunk);
    } catch (err) {
      return rethrow(this.providerId, 'a stream event', err);
    }
  }

  get upstreamError(): StreamError | undefined {
    return this.assembly.upstreamError;
  }

  finish(): JsonResult {
    try {
      return this.assembly.finish();
    } catch (err) {
      return rethrow(this.providerId, 'a stream', err);
    }
  }
}

export function guardExchange(exchange: Exchange, providerId: string): Exchange {
  const guarded: Exchange = {
    kind: exchange.kind,
    prepare: (target, key, streamUpstream) => exchange.prepare(target, key, streamUpstream),
    convertJson: (bytes) => guard(providerId, 'an answer', () => exchange.convertJson(bytes)),
    createStream: () => new GuardedPump(exchange.createStream(), providerId),
  };
  if (exchange.createAssembly) guarded.createAssembly = () => new GuardedAssembly(exchange.createAssembly!(), providerId);
  return guarded;
}
