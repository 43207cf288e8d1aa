/** The HTTP front door: route matching, method checks, and one handler per route kind. */
import type { HealthResponse } from '../../../shared/health';
import type { RequestHandler } from './http-server';
import { admit, isInternal } from './access';
import { ProxyError } from '../errors';
import { handleCountTokens } from '../proxy/count-tokens';
import { handleGeneration } from '../proxy/generation';
import { modelsResponse } from '../proxy/models';
import type { RequestScope } from '../proxy/runtime';
import { AIMUX_VERSION } from '../version';
import { sendError, sendJson } from './respond';
import { guessProtocol, matchRoute } from './routes';

export function healthBody(scope: RequestScope): HealthResponse {
  const { state, runtime } = scope;
  const body: HealthResponse = {
    status: 'ok',
    version: AIMUX_VERSION,
    uptimeMs: runtime.clock.now() - state.startedAt,
    config: state.config.source,
    providers: state.router.health(),
  };
  if (runtime.storageHealth) body.storage = runtime.storageHealth();
  return body;
}

/** A handler that owns every path under `prefix` (the management API, the dashboard). */
export interface Mount {
  prefix: string;
  handler: RequestHandler;
}

const PROXY_ROUTES = new Set(['messages', 'chat', 'responses', 'count_tokens']);

export function createApp(scope: () => RequestScope, mounts: readonly Mount[] = []): RequestHandler {
  return async (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q >= 0 ? url.slice(0, q) : url;
    const method = req.method ?? 'GET';
    const s = scope();
    const mount = mounts.find((m) => pathname === m.prefix || pathname.startsWith(`${m.prefix}/`));
    const match = mount ? undefined : matchRoute(pathname);
    if (admit(req, res, s, pathname, match?.route, mount !== undefined)) return;
    if (mount) return mount.handler(req, res);
    if (!match) {
      sendError(res, guessProtocol(pathname, req.headers), new ProxyError('NOT_FOUND', `no route for ${method} ${pathname}`, 404));
      return;
    }
    const { route, methods } = match;
    if (!methods.includes(method)) {
      const protocol = 'protocol' in route && route.protocol ? route.protocol : guessProtocol(pathname, req.headers);
      sendError(res, protocol, new ProxyError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${pathname} (allowed: ${methods.join(', ')})`, 405), { allow: methods.join(', ') });
      return;
    }
    if (s.runtime.paused && PROXY_ROUTES.has(route.kind) && !isInternal(req, s)) {
      const protocol = 'protocol' in route && route.protocol ? route.protocol : guessProtocol(pathname, req.headers);
      req.resume();
      sendError(res, protocol, new ProxyError('PAUSED', 'aimux is paused; resume it from the tray, the dashboard or the API', 503));
      return;
    }
    switch (route.kind) {
      case 'messages':
        return handleGeneration(s, req, res, 'anthropic', 'messages');
      case 'chat':
        return handleGeneration(s, req, res, 'openai', 'chat');
      case 'responses':
        return handleGeneration(s, req, res, 'responses', 'responses');
      case 'count_tokens':
        return handleCountTokens(s, req, res);
      case 'models': {
        const protocol = route.protocol ?? guessProtocol(pathname, req.headers);
        try {
          sendJson(res, 200, modelsResponse(s.state, protocol, route.id));
        } catch (err) {
          sendError(res, protocol, err);
        }
        return;
      }
      case 'health':
        sendJson(res, 200, healthBody(s));
        return;
      case 'preflight':
        if (method === 'HEAD') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end();
        } else {
          sendJson(res, 200, { service: 'aimux', version: AIMUX_VERSION, health: '/health' });
        }
        return;
    }
  };
}
