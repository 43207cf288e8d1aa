/**
 * An Exchange knows how to carry one client request to one provider and the answer back:
 * passthrough when both speak the same protocol, translation otherwise. The pipeline
 * (generation.ts) drives it without knowing which kind it has.
 */
import type { ApiKey, ClientProtocol, ProviderConfig, Target } from '../config/types';
import type { ProxyError } from '../errors';
import type { ClientHeaderView } from '../providers/upstream-request';

export interface StreamError {
  type: string;
  message: string;
}

export interface Usage {
  /** Billed at the input price: the prompt minus cache reads and cache writes (Anthropic's `input_tokens`). */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  /** Prompt tokens written to the provider's cache (Anthropic's `cache_creation_input_tokens`). */
  cacheWriteTokens?: number;
  /** True when the upstream reported no usage and these are aimux's estimates. */
  estimated: boolean;
}

export interface ClientRequest {
  protocol: ClientProtocol;
  body: Record<string, unknown>;
  raw: Buffer;
  /** `?beta=true` and the like, forwarded on passthrough. */
  query: string;
  headers: ClientHeaderView;
  stream: boolean;
  estimatedInputTokens: number;
}

export interface PreparedRequest {
  path: string;
  body: string | Buffer;
  headers: Record<string, string>;
  /** Translation notes (codes), surfaced in the `x-aimux-notes` response header. */
  notes: string[];
  /** Extra `x-aimux-*` headers for the client's response (e.g. `x-aimux-max-tokens` when the limit was clamped). */
  responseHeaders?: Record<string, string>;
}

export interface JsonResult {
  body: string | Buffer;
  usage: Usage | undefined;
}

/** Converts an upstream stream to the client's stream, chunk by chunk, never buffering text. */
export interface StreamPump {
  /** Bytes for the client from one upstream chunk ('' when the chunk completed nothing). */
  push(chunk: Buffer): string | Buffer;
  /** Upstream ended. Closes what is open; if the stream was cut short, ends with an error event. */
  end(): string;
  /** Upstream failed mid-stream: a protocol-correct error event for the client. */
  fail(err: ProxyError): string;
  /** A keep-alive event in the client's protocol, or undefined when the exchange sends none. */
  ping(): string | undefined;
  /** True when the upstream ended the stream normally (it is not truncated). */
  readonly complete: boolean;
  /** Set when the upstream's stream itself carried an error event (`event: error`, `{"error":…}`). */
  readonly upstreamError: StreamError | undefined;
  usage(): Usage | undefined;
  /** Exchanges that answer a non-streaming client from an upstream stream: the whole answer, after end(). */
  result?(): JsonResult;
}

export type ExchangeOp = 'messages' | 'chat' | 'responses';

/**
 * Builds a client's non-streaming answer from the client-protocol events of a stream (an Anthropic
 * message from Anthropic events, a Chat completion from chunks). Pure: no I/O, no clock, no ids.
 */
export interface ClientAssembler<E> {
  push(event: E): void;
  /** An event of the answer itself has arrived (not a ping, not an error). */
  readonly started: boolean;
  /** The stream said the answer is complete. */
  readonly complete: boolean;
  /** The error event the stream carried, if any. */
  readonly error: StreamError | undefined;
  /**
   * The answer, once complete. Usage is the stream's, or estimated (and marked so) from
   * `estimatedInputTokens` and the output when the stream carried none.
   * Throws UPSTREAM_BAD_RESPONSE when a tool call's input is not a JSON object.
   */
  result(estimatedInputTokens: number): { body: unknown; usage: Usage };
}

/**
 * A non-streaming client request answered from an upstream stream: the upstream's chunks go through
 * the same pipeline as for a streaming client, ending in a ClientAssembler instead of SSE text.
 */
export interface AnswerAssembly {
  /** Feeds one upstream chunk; true once the answer has begun (the attempt may commit). */
  push(chunk: Buffer): boolean;
  /** Set when the upstream's stream carried an error event. */
  readonly upstreamError: StreamError | undefined;
  /** The upstream ended: the client's JSON answer; throws a ProxyError when the stream failed or was cut short. */
  finish(): JsonResult;
}

export interface Exchange {
  readonly kind: 'passthrough' | 'translate';
  /** `streamUpstream`: ask the upstream for a stream (also when the client asked for a whole answer). */
  prepare(target: Target, key: ApiKey | undefined, streamUpstream: boolean): PreparedRequest;
  /** The upstream's JSON body → the client's JSON body. */
  convertJson(bytes: Buffer): JsonResult;
  createStream(): StreamPump;
  /** Assembles a non-streaming client's answer from an upstream stream; without it, such requests go upstream non-streaming. */
  createAssembly?(): AnswerAssembly;
}

export type ExchangeFactory = (client: ClientRequest, provider: ProviderConfig) => Exchange;
