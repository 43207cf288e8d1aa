/**
 * Who may talk to aimux over HTTP, decided from the `Host` and `Origin` headers alone.
 *
 * | check  | allowed                                                            | otherwise |
 * | ------ | ------------------------------------------------------------------ | --------- |
 * | Host   | a loopback name or address (localhost, 127.0.0.0/8, [::1]) or the  | 403       |
 * |        | configured bind host (or `alsoHosts`), with any port               |           |
 * | Origin | absent (not a browser), or the request's own origin                | 403       |
 * |        | (`http://<Host>`), or one listed in `allowedOrigins`               |           |
 *
 * The Host rule defeats DNS rebinding (a page whose name now resolves to 127.0.0.1 still sends its
 * own name); the Origin rule stops any other web page from calling aimux from the user's browser.
 * No CORS headers are ever sent, so a browser never lets a foreign page read an answer either.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** `host:port`, `[v6]:port` → the host part, lower-cased. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(0, end + 1) : h;
  }
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name === '[::1]' || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

export interface HostPolicy {
  /** The configured bind host (when it is not a wildcard), also accepted in Host. */
  configuredHost?: string;
  /** More names or addresses accepted in Host (bound to a wildcard: this machine's interface addresses). */
  alsoHosts?: readonly string[];
  /** Extra origins a browser page may call from (exact `scheme://host:port`). */
  allowedOrigins?: readonly string[];
}

export type HostOriginVerdict = { ok: true } | { ok: false; status: 403; reason: string };

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

export function checkHostOrigin(headers: IncomingHttpHeaders, policy: HostPolicy): HostOriginVerdict {
  const host = headers.host;
  if (typeof host !== 'string' || host === '') return { ok: false, status: 403, reason: 'missing Host header' };
  const name = hostName(host);
  const configured = policy.configuredHost?.toLowerCase();
  const same = (h: string) => name === h || name === `[${h}]`;
  const hostOk = isLoopbackName(name) || (configured !== undefined && !WILDCARDS.has(configured) && same(configured)) || (policy.alsoHosts?.some((h) => same(h.toLowerCase())) ?? false);
  if (!hostOk) return { ok: false, status: 403, reason: `Host "${name.slice(0, 100)}" is not this aimux (DNS rebinding protection)` };
  const origin = headers.origin;
  if (origin === undefined) return { ok: true };
  if (origin === `http://${host}` || origin === `https://${host}`) return { ok: true };
  if (policy.allowedOrigins?.includes(origin)) return { ok: true };
  return { ok: false, status: 403, reason: `requests from the web page at ${origin.slice(0, 100)} are not allowed` };
}
