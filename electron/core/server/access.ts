/**
 * Who may use the port: decided for every request before any route runs (SECURITY.md).
 *
 * | request                                      | when                                                      | answer                        |
 * | -------------------------------------------- | --------------------------------------------------------- | ----------------------------- |
 * | any path: proxy routes, /health, the API,    | `Host` is not a loopback name or address, nor the bound   | 403                           |
 * | the dashboard                                | host (nor, bound to a wildcard, one of this machine's IPs)|                               |
 * | any path                                     | `Origin` present and not this server's own; on the proxy  | 403                           |
 * |                                              | routes also not listed in `server.allowedOrigins`         |                               |
 * | OPTIONS on a proxy route                     | from an allowed origin (a CORS preflight)                 | 204 with allow headers        |
 * | proxy routes, /v1/models, /health            | a proxy token is set, and neither `x-api-key` nor         | 401                           |
 * |                                              | `Authorization: Bearer` carries it (constant-time), and   |                               |
 * |                                              | the request is not aimux's own (`x-aimux-internal`)       |                               |
 * | everything else                              |                                                           | on to the route               |
 *
 * Errors on proxy routes come in the client's protocol shape; on the API and the dashboard in the
 * API's `{ error: { code, message } }`. No CORS header is sent except to an explicitly allowed origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyError } from '../errors';
import type { RequestScope } from '../proxy/runtime';
import { checkHostOrigin } from '../security/host-origin';
import { bearer, tokensEqual } from '../security/token-file';
import { sendError, sendJson } from './respond';
import { guessProtocol } from './routes';
import type { Route } from './routes';

/** Routes that spend keys or show provider state: they need the proxy token when one is set. */
const TOKEN_ROUTES = new Set<Route['kind']>(['messages', 'chat', 'responses', 'count_tokens', 'models', 'health']);

/** A request aimux sent through itself (see `CoreRuntime.internalToken`). */
export function isInternal(req: IncomingMessage, scope: RequestScope): boolean {
  const t = scope.runtime.internalToken;
  return t !== undefined && tokensEqual(req.headers['x-aimux-internal'] as string | undefined, t);
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The proxy token from `x-api-key` or `Authorization: Bearer` (Claude Code: ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN). */
export function presentsToken(req: IncomingMessage, token: string): boolean {
  // Both are compared, so the time taken does not say which header was tried.
  const a = tokensEqual(one(req.headers['x-api-key']), token);
  const b = tokensEqual(bearer(req.headers.authorization), token);
  return a || b;
}

/** Refused: the connection closes after the answer, so an unread body is never drained. */
function refuse(res: ServerResponse, req: IncomingMessage, pathname: string, route: Route | undefined, mounted: boolean, err: ProxyError): void {
  req.resume();
  if (mounted) {
    sendJson(res, err.httpStatus, { error: { code: err.code, message: err.message } }, { connection: 'close' });
    return;
  }
  const protocol = route && 'protocol' in route && route.protocol ? route.protocol : guessProtocol(pathname, req.headers);
  sendError(res, protocol, err, { connection: 'close' });
}

/**
 * Applies the table above. Returns true when it answered (the request goes no further); mounts
 * (`route` undefined, `mounted` true) get the Host/Origin rules but no proxy token.
 */
export function admit(req: IncomingMessage, res: ServerResponse, scope: RequestScope, pathname: string, route: Route | undefined, mounted: boolean): boolean {
  const { runtime, state } = scope;
  const proxyRoute = !mounted && route !== undefined && route.kind !== 'preflight' && route.kind !== 'health';
  const verdict = checkHostOrigin(req.headers, {
    ...(runtime.boundHost !== undefined ? { configuredHost: runtime.boundHost } : {}),
    ...(runtime.localAddresses ? { alsoHosts: runtime.localAddresses } : {}),
    allowedOrigins: proxyRoute ? state.config.server.allowedOrigins : [],
  });
  if (!verdict.ok) {
    refuse(res, req, pathname, route, mounted, new ProxyError('FORBIDDEN', verdict.reason, 403));
    return true;
  }
  const origin = one(req.headers.origin);
  if (proxyRoute && origin !== undefined && state.config.server.allowedOrigins.includes(origin)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      req.resume();
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, HEAD, POST',
        'access-control-allow-headers': one(req.headers['access-control-request-headers']) ?? 'content-type',
        'access-control-allow-private-network': 'true',
        'access-control-max-age': '600',
      });
      res.end();
      return true;
    }
  }
  const token = runtime.proxyToken?.();
  if (token !== undefined && route !== undefined && !mounted && TOKEN_ROUTES.has(route.kind) && !presentsToken(req, token) && !isInternal(req, scope)) {
    refuse(
      res,
      req,
      pathname,
      route,
      false,
      new ProxyError('UNAUTHORIZED', 'missing or wrong aimux proxy token: send it as x-api-key or Authorization: Bearer (Claude Code: ANTHROPIC_AUTH_TOKEN; OpenAI SDKs: the API key); `aimux token proxy show` prints it', 401),
    );
    return true;
  }
  return false;
}
