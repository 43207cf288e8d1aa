/** Reads a request body with a size limit; answers 413 early from Content-Length when it can. */
import type { IncomingMessage } from 'node:http';
import { ProxyError, badRequest } from '../errors';

function tooLarge(limit: number): ProxyError {
  return new ProxyError('PAYLOAD_TOO_LARGE', `request body exceeds the ${limit}-byte limit`, 413);
}

/** The whole body; 'data' events rather than an async iterator, which costs more per request. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onClose);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      done();
      req.destroy();
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onClose = (err?: unknown) => {
      done();
      reject(new ProxyError('CLIENT_CLOSED', 'client closed the connection while sending the request', 499, { cause: err }));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onClose);
    req.once('close', onClose);
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
