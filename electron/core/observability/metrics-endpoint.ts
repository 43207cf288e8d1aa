/**
 * GET /metrics on the proxy's port, for Prometheus. Same Host and Origin rules as the management
 * API (security/host-origin.ts); the bearer token is the admin token or, so a scraper never holds
 * the admin token, the scrape token in `<data dir>/metrics-token` when that file exists.
 */
import type { HostPolicy } from '../security/host-origin';
import { checkHostOrigin } from '../security/host-origin';
import { bearer, tokensEqual } from '../security/token-file';
import type { RequestHandler } from '../server/http-server';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus';

export const METRICS_PATH = '/metrics';
export const METRICS_TOKEN_FILE = 'metrics-token';

export interface MetricsEndpointOptions {
  adminToken(): Promise<string>;
  scrapeToken(): Promise<string | undefined>;
  hostPolicy(): HostPolicy;
  render(): string;
}

function plain(res: Parameters<RequestHandler>[1], status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function createMetricsEndpoint(o: MetricsEndpointOptions): RequestHandler {
  return async (req, res) => {
    req.resume();
    const path = (req.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH) return plain(res, 404, `no route for ${req.method} ${path}\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'GET /metrics\n', { allow: 'GET, HEAD' });
    const verdict = checkHostOrigin(req.headers, o.hostPolicy());
    if (!verdict.ok) return plain(res, 403, `${verdict.reason}\n`);
    const presented = bearer(req.headers.authorization);
    const scrape = await o.scrapeToken().catch(() => undefined);
    if (!tokensEqual(presented, await o.adminToken()) && !tokensEqual(presented, scrape)) {
      return plain(res, 401, 'missing or wrong token (Authorization: Bearer <admin token, or the token in the metrics-token file of the data dir>)\n', {
        'www-authenticate': 'Bearer realm="aimux"',
      });
    }
    const text = o.render();
    res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
}
