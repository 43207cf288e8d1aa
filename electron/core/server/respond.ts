/** Writing JSON and errors in the client's protocol shape. */
import type { ServerResponse } from 'node:http';
import type { ClientProtocol } from '../config/types';
import { asProxyError, toAnthropicErrorBody, toOpenAIErrorBody } from '../errors';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function errorPayload(protocol: ClientProtocol, err: unknown): unknown {
  return protocol === 'anthropic' ? toAnthropicErrorBody(err) : toOpenAIErrorBody(err);
}

/** Sends an error response, unless the client is gone or headers were already sent. */
export function sendError(res: ServerResponse, protocol: ClientProtocol, err: unknown, headers: Record<string, string> = {}): void {
  const e = asProxyError(err);
  if (e.code === 'CLIENT_CLOSED' || res.headersSent || res.destroyed) {
    if (!res.headersSent) res.destroy();
    return;
  }
  const h: Record<string, string> = { ...headers };
  if (e.retryAfterMs !== undefined && (e.httpStatus === 429 || e.httpStatus === 503 || e.httpStatus === 529)) {
    h['retry-after'] = String(Math.max(1, Math.ceil(e.retryAfterMs / 1000)));
  }
  if (e.code === 'PAYLOAD_TOO_LARGE' || e.code === 'REQUEST_TIMEOUT') h.connection = 'close';
  sendJson(res, e.httpStatus, errorPayload(protocol, e), h);
}
