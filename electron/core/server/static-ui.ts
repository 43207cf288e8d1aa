/**
 * The dashboard's static files at /ui/ (the build in dist/renderer). Only files inside that folder
 * are served (no `..`, no symlink out), with their content type and a strict CSP: scripts, styles,
 * and API calls from this origin only, no framing. Hashed files under assets/ are cached for good;
 * index.html is revalidated every time, so a new build is picked up at once.
 *
 * | path              | answer                                                   |
 * | ----------------- | -------------------------------------------------------- |
 * | /ui               | 308 → /ui/                                               |
 * | /ui/              | index.html, no-cache                                     |
 * | /ui/assets/x-HASH | the file, immutable for a year                           |
 * | /ui/other.file    | the file, no-cache                                       |
 * | anything else     | 404 (400 for a path that tries to leave the folder)      |
 * | not GET or HEAD   | 405                                                      |
 * | no build present  | 503 saying how to build it                               |
 */
import { createReadStream, existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Mount } from './app';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentTypeOf } from './content-types';

export const UI_PREFIX = '/ui';

export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `name-AbC123_x.js` as Vite names hashed assets. */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': UI_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};


/** Where the build is: beside the bundled CLI (dist/cli.mjs → dist/renderer), or from the sources. */
export function findUiDir(): string | undefined {
  for (const rel of ['./renderer/', '../../../dist/renderer/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** The path under /ui/ as a safe relative file path, or undefined when it tries to leave the folder. */
export function uiRelativePath(pathname: string): string | undefined {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname.slice(UI_PREFIX.length + 1));
  } catch {
    return undefined;
  }
  if (rel === '') return 'index.html';
  if (rel.includes('\0') || rel.includes('\\') || rel.startsWith('/')) return undefined;
  const parts = rel.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) return undefined;
  return rel;
}

/** The dashboard as a mount on the proxy's port: every path under /ui. */
export function createUiMount(dir: string | undefined): Mount {
  let root: Promise<string | undefined> | undefined;
  const rootDir = () => (root ??= dir ? realpath(dir).catch(() => undefined) : Promise.resolve(undefined));

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q >= 0 ? url.slice(0, q) : url;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      plain(res, 405, `${req.method ?? ''} is not allowed on ${UI_PREFIX}/ (allowed: GET, HEAD)\n`, { allow: 'GET, HEAD' });
      return;
    }
    if (pathname === UI_PREFIX) {
      plain(res, 308, 'moved to /ui/\n', { location: `${UI_PREFIX}/${q >= 0 ? url.slice(q) : ''}` });
      return;
    }
    const base = await rootDir();
    if (!base) {
      plain(res, 503, 'The dashboard is not built: run `npm run build` (it writes dist/renderer).\n');
      return;
    }
    const rel = uiRelativePath(pathname);
    if (rel === undefined) {
      plain(res, 400, 'bad path\n');
      return;
    }
    let file: string;
    let size: number;
    try {
      file = await realpath(join(base, rel));
      if (!file.startsWith(base + sep)) throw new Error('outside');
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      plain(res, 404, 'not found\n');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': contentTypeOf(file),
      'content-length': size,
      'cache-control': HASHED.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
  return { prefix: UI_PREFIX, handler };
}
