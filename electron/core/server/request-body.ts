/** Reads a request body with a size limit; answers 413 early from Content-Length when it can. */
import type { IncomingMessage } from 'node:http';
import { ProxyError, badRequest } from '../errors';

function tooLarge(limit: number): ProxyError {
  return new ProxyError('PAYLOAD_TOO_LARGE', `request body exceeds the ${limit}-byte limit`, 413);
}

/**
 * The whole body, at most `limit` bytes. With `idleMs`, a client that stops sending for that long
 * mid-body gets a 408 (slowloris); the connection is then closed after the answer.
 */
export async function readBody(req: IncomingMessage, limit: number, idleMs = 0): Promise<Buffer> {
  const declared = req.headers['content-length'];
  const length = declared === undefined ? NaN : Number(declared);
  if (length > limit) throw tooLarge(limit);
  // Node's parser emits 'request' at the end of the headers and pushes the rest of what it was given
  // before it returns, so a body that came in the packets with the headers (most requests to a local
  // proxy) is in the stream's buffer by the next microtask. A buffer holding the whole declared length is
  // taken in one call: no flowing mode, listeners, timer and promise per request. Anything else (no
  // Content-Length, chunked, a body still on its way) is streamed.
  await undefined;
  if (req.readableLength === length && req.readableFlowing === null && !req.destroyed) return (req.read() as Buffer | null) ?? Buffer.alloc(0);
  return readStreamed(req, limit, idleMs);
}

function readStreamed(req: IncomingMessage, limit: number, idleMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const stop = (err: ProxyError) => {
      cleanup();
      req.pause();
      reject(err);
    };
    const arm = () => {
      if (idleMs <= 0) return;
      if (timer) timer.refresh();
      else timer = setTimeout(() => stop(new ProxyError('REQUEST_TIMEOUT', `the request body stalled: nothing received for ${idleMs} ms (server.limits.idleTimeoutMs)`, 408)), idleMs);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return stop(tooLarge(limit));
      chunks.push(chunk);
      arm();
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onGone = (err?: unknown) => stop(new ProxyError('CLIENT_CLOSED', 'client closed the connection while sending the request', 499, { cause: err }));
    const onClose = () => {
      if (!req.complete) onGone();
    };
    function cleanup() {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onClose);
    }
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onClose);
    arm();
  });
}

/** Parses a JSON object body; anything else is a 400 that says what was wrong. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) throw badRequest('request body is empty; expected a JSON object');
  let v: unknown;
  try {
    v = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw badRequest(`request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest('request body must be a JSON object');
  return v as Record<string, unknown>;
}
