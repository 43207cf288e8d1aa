/**
 * Reading an upstream's successful answer, in the three shapes the pipeline commits to: a whole JSON
 * body, the first output of a stream (the commit point), and the rest of a stream assembled into a
 * non-streaming client's answer.
 */
import { ProxyError } from '../errors';
import type { ChunkHandler, DrainableIterator, UpstreamBody } from '../providers/upstream';
import type { AnswerAssembly, JsonResult, StreamError } from './exchange';
import { upstreamStreamError } from './stream-facts';
import { readCapped } from './upstream-error';

/** Largest whole answer aimux reads (a JSON body, or the stream an answer is assembled from). */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

const tooLarge = (providerId: string) =>
  new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${providerId}" sent a response over ${MAX_ANSWER_BYTES} bytes`, 502, { providerId });

export function responseTimeout(providerId: string, responseMs: number): ProxyError {
  return new ProxyError('UPSTREAM_RESPONSE_TIMEOUT', `provider "${providerId}": no complete response within timeouts.responseMs (${responseMs} ms)`, 504, { providerId });
}

/**
 * A whole JSON answer. With `deadline` (a non-streaming upstream call), the body must be complete
 * within `deadline.ms` of `deadline.since` (performance.now() when the request was sent).
 */
export async function readWholeBody(body: UpstreamBody, providerId: string, deadline?: { since: number; ms: number }): Promise<Buffer> {
  const timer =
    deadline === undefined
      ? undefined
      : setTimeout(() => body.destroy(responseTimeout(providerId, deadline.ms)), Math.max(0, deadline.ms - (performance.now() - deadline.since)));
  try {
    const bytes = await readCapped(body, MAX_ANSWER_BYTES + 1);
    if (bytes.length > MAX_ANSWER_BYTES) throw tooLarge(providerId);
    return bytes;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/**
 * Reads a stream until `push` yields output for the client: the moment an attempt commits. A stream
 * that ends first, or opens with an error event, is a failed attempt (nothing reached the client).
 */
export async function untilFirstOutput<T>(
  it: AsyncIterator<Buffer>,
  push: (chunk: Buffer) => T | undefined,
  upstreamError: () => StreamError | undefined,
  providerId: string,
  sameProtocol: boolean,
): Promise<T> {
  for (;;) {
    const next = await it.next();
    if (next.done) throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${providerId}" closed the stream before sending anything`, 502, { providerId });
    const out = push(next.value);
    const e = upstreamError();
    if (e !== undefined) throw upstreamStreamError(e, providerId, sameProtocol, 'opened');
    if (out !== undefined) return out;
  }
}

const drainable = (it: AsyncIterator<Buffer>): it is DrainableIterator => typeof (it as Partial<DrainableIterator>).drainInto === 'function';

/**
 * The rest of a body, chunk by chunk, into `onChunk` (a returned promise holds the body until it
 * settles). Resolves at the end of the body; rejects with its error or with what `onChunk` threw.
 * HTTP bodies hand their chunks over as they arrive (no promise per chunk); others are iterated.
 */
export async function eachChunk(it: AsyncIterator<Buffer>, onChunk: ChunkHandler): Promise<void> {
  if (drainable(it)) return it.drainInto(onChunk);
  for (;;) {
    const next = await it.next();
    if (next.done) return;
    const hold = onChunk(next.value);
    if (hold !== undefined) await hold;
  }
}

/** The rest of a committed stream into its assembly; the client's whole answer. */
export async function assembleRest(it: AsyncIterator<Buffer>, assembly: AnswerAssembly, providerId: string): Promise<JsonResult> {
  let size = 0;
  await eachChunk(it, (chunk) => {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) throw tooLarge(providerId);
    assembly.push(chunk);
    return undefined;
  });
  return assembly.finish();
}
