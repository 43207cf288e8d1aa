/**
 * Answers for requests that never reach a route: a malformed request, headers too large, a client
 * too slow to send its headers or body, too many connections. Each is written in the client's error
 * shape when the bytes received say which client it is (the path, or Anthropic's headers), and
 * always closes the connection.
 *
 * | what happened                                   | status | then                       |
 * | ----------------------------------------------- | ------ | -------------------------- |
 * | headers over `limits.maxHeaderBytes`            | 431    | close                      |
 * | headers not complete within `headersTimeoutMs`  | 408    | close                      |
 * | request not complete within `requestTimeoutMs`  | 408    | close                      |
 * | unparseable HTTP (bad line, duplicate length, …)| 400    | close                      |
 * | a response already started, or socket unwritable| —      | close without an answer    |
 */
import type { Duplex } from 'node:stream';
import type { ClientProtocol } from '../config/types';
import { ProxyError } from '../errors';
import { errorPayload } from './respond';
import { guessProtocol, matchRoute } from './routes';

/** Which client sent these (possibly partial) request bytes. */
export function protocolFromRaw(raw: Buffer | undefined): ClientProtocol {
  if (!raw || raw.length === 0) return 'openai';
  const head = raw.subarray(0, 8192).toString('latin1');
  const path = /^[A-Z]+ (\/[^ ?\r\n]*)/.exec(head)?.[1] ?? '/';
  const route = matchRoute(path)?.route;
  if (route && 'protocol' in route && route.protocol) return route.protocol;
  const lower = head.toLowerCase();
  const headers = lower.includes('\nanthropic-version:') || lower.includes('\nx-api-key:') ? { 'anthropic-version': '' } : {};
  return guessProtocol(path, headers);
}

export function clientErrorFor(code: string | undefined): ProxyError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ProxyError('HEADERS_TOO_LARGE', 'request headers are too large (server.limits.maxHeaderBytes)', 431);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ProxyError('REQUEST_TIMEOUT', 'the request was not received in time (server.limits.headersTimeoutMs / requestTimeoutMs)', 408);
    default:
      return new ProxyError('BAD_REQUEST', 'malformed HTTP request', 400);
  }
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large', 503: 'Service Unavailable' };

/** Writes a complete HTTP/1.1 error answer straight to the socket and closes it. */
export function writeRawError(socket: Duplex, protocol: ClientProtocol, err: ProxyError, extra: Record<string, string> = {}): void {
  const body = JSON.stringify(errorPayload(protocol, err));
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), connection: 'close', ...extra };
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.end(`HTTP/1.1 ${err.httpStatus} ${REASONS[err.httpStatus] ?? 'Error'}\r\n${head}\r\n${body}`);
}
