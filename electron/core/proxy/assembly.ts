/**
 * Non-streaming client requests are sent upstream as streams, so `firstByteMs` and `idleMs` guard them
 * as they guard streams; the client's whole answer is assembled from the stream here:
 *
 * - passthrough: upstream SSE → JSON events → the client protocol's assembler (the events are already
 *   the client's);
 * - translated: upstream SSE → the same pump a streaming client gets, writing its client-protocol events
 *   into the assembler instead of formatting them as SSE text.
 *
 * The answer is read when the upstream ends. An error event in the stream, or a stream that ends before
 * the answer is complete, is a ProxyError in place of the answer: nothing has reached the client yet,
 * so it gets a proper error status.
 */
import type { ClientProtocol } from '../config/types';
import { ProxyError } from '../errors';
import { SseParser } from '../protocol/sse-parser';
import type { AnswerAssembly, ClientAssembler, JsonResult, StreamError, StreamPump, Usage } from './exchange';
import { parseEventJson, upstreamStreamError } from './stream-facts';

export interface AssemblyContext {
  providerId: string;
  /** Client and provider speak the same protocol (the upstream's error type is kept). */
  sameProtocol: boolean;
  estimatedInputTokens: number;
}

interface StreamOutcome {
  complete: boolean;
  upstreamError: StreamError | undefined;
  /** Overrides the assembler's usage (a translator knows whether it estimated). */
  usage?: Usage | undefined;
}

function answer(asm: ClientAssembler<unknown>, outcome: StreamOutcome, ctx: AssemblyContext): JsonResult {
  if (outcome.upstreamError !== undefined) throw upstreamStreamError(outcome.upstreamError, ctx.providerId, ctx.sameProtocol, 'mid-stream');
  if (!outcome.complete) {
    throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${ctx.providerId}" ended its stream before the response was complete`, 502, { providerId: ctx.providerId });
  }
  const r = asm.result(ctx.estimatedInputTokens);
  return { body: JSON.stringify(r.body), usage: outcome.usage ?? r.usage };
}

/** Same protocol: the upstream's events are the client's. */
export class PassthroughAssembly implements AnswerAssembly {
  private readonly parser = new SseParser();

  constructor(
    private readonly protocol: ClientProtocol,
    private readonly asm: ClientAssembler<unknown>,
    private readonly ctx: AssemblyContext,
  ) {}

  get upstreamError(): StreamError | undefined {
    return this.asm.error;
  }

  push(chunk: Buffer): boolean {
    for (const ev of this.parser.push(chunk)) {
      if (this.protocol === 'openai' ? ev.data === '[DONE]' : ev.event === 'ping') continue;
      this.asm.push(parseEventJson(ev.data, this.ctx.providerId));
    }
    return this.asm.started;
  }

  finish(): JsonResult {
    return answer(this.asm, { complete: this.asm.complete, upstreamError: this.asm.error }, this.ctx);
  }
}

/** Translated: a streaming pump built to write its client-protocol events into `asm` (see `feed`). */
export class PumpAssembly implements AnswerAssembly {
  constructor(
    private readonly pump: StreamPump,
    private readonly asm: ClientAssembler<unknown>,
    private readonly ctx: AssemblyContext,
  ) {}

  get upstreamError(): StreamError | undefined {
    return this.pump.upstreamError;
  }

  push(chunk: Buffer): boolean {
    this.pump.push(chunk);
    return this.asm.started;
  }

  finish(): JsonResult {
    this.pump.end();
    return answer(this.asm, { complete: this.pump.complete, upstreamError: this.pump.upstreamError, usage: this.pump.usage() }, this.ctx);
  }
}

/** A pump output that hands client-protocol events to an assembler and writes no text. */
export function feed<E>(asm: ClientAssembler<E>): (events: readonly E[]) => string {
  return (events) => {
    for (const e of events) asm.push(e);
    return '';
  };
}
