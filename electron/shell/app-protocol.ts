/**
 * `app://aimux/…`: the dashboard's files (dist/renderer, inside app.asar once packaged) served under
 * one origin of their own, every answer with the strict CSP. A custom scheme instead of file://
 * gives the page a real origin (the IPC sender check compares it) and lets us set headers.
 *
 *   host other than "aimux"                        → 404
 *   a path that leaves the root (.., encoded \ …)  → 404
 *   an existing file                               → 200 with its type
 *   no such file, no extension (a client route)    → index.html (the single-page app routes it)
 *   no such file, with an extension                → 404
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { contentTypeOf } from '../core/server/content-types';

export const APP_SCHEME = 'app';
export const APP_HOST = 'aimux';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const DASHBOARD_URL = `${APP_ORIGIN}/index.html`;

/** For `protocol.registerSchemesAsPrivileged` (before the app is ready). */
export const APP_SCHEME_PRIVILEGES = { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } } as const;

/**
 * The dashboard's Content-Security-Policy: scripts, styles, fonts and images only from the app's
 * own files (images also as data: URLs), no network beyond the app (the API travels over IPC), no
 * frames, plugins, forms or base-URL tricks.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

type ReadFile = (path: string) => Promise<Buffer>;

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

/** Maps a request path to a file under `root`, or undefined when it would leave the root. */
export function fileFor(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return undefined;
  const rel = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^[/\\]+/, '');
  const full = join(root, rel);
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : undefined;
}

/** The handler for `protocol.handle(APP_SCHEME, …)`, serving files under `root`. */
export function createAppProtocolHandler(root: string, read: ReadFile = readFile): (request: Request) => Promise<Response> {
  const serve = async (file: string): Promise<Response | undefined> => {
    try {
      const body = await read(file);
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'content-type': contentTypeOf(file) },
      });
    } catch {
      return undefined;
    }
  };
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
    const file = fileFor(root, url.pathname);
    if (file === undefined) return notFound();
    const found = await serve(file);
    if (found) return found;
    if (extname(file) === '') return (await serve(join(root, 'index.html'))) ?? notFound();
    return notFound();
  };
}
