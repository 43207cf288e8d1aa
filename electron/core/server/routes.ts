/**
 * Path → route. Query strings are ignored (Claude Code always adds `?beta=true`); the same routes
 * answer under the `/anthropic` and `/openai` prefixes, and OpenAI routes also without `/v1` for
 * clients whose base URL has no version segment.
 */
import type { ClientProtocol } from '../config/types';

export type Route =
  | { kind: 'messages'; protocol: 'anthropic' }
  | { kind: 'count_tokens'; protocol: 'anthropic' }
  | { kind: 'chat'; protocol: 'openai' }
  | { kind: 'responses'; protocol: 'responses' }
  | { kind: 'models'; protocol: ClientProtocol | undefined; id: string | undefined }
  | { kind: 'health' }
  | { kind: 'preflight' };

export type RouteMatch = { route: Route; methods: readonly string[] } | undefined;

const POST = ['POST'] as const;
const GET = ['GET', 'HEAD'] as const;

const EXACT = new Map<string, { route: Route; methods: readonly string[] }>();
function add(paths: string[], route: Route, methods: readonly string[]): void {
  for (const p of paths) EXACT.set(p, { route, methods });
}
add(['/v1/messages', '/anthropic/v1/messages'], { kind: 'messages', protocol: 'anthropic' }, POST);
add(['/v1/messages/count_tokens', '/anthropic/v1/messages/count_tokens'], { kind: 'count_tokens', protocol: 'anthropic' }, POST);
add(['/v1/chat/completions', '/openai/v1/chat/completions', '/openai/chat/completions', '/chat/completions'], { kind: 'chat', protocol: 'openai' }, POST);
add(['/v1/responses', '/openai/v1/responses', '/openai/responses', '/responses'], { kind: 'responses', protocol: 'responses' }, POST);
add(['/v1/models'], { kind: 'models', protocol: undefined, id: undefined }, GET);
add(['/anthropic/v1/models'], { kind: 'models', protocol: 'anthropic', id: undefined }, GET);
add(['/openai/v1/models', '/openai/models', '/models'], { kind: 'models', protocol: 'openai', id: undefined }, GET);
add(['/health'], { kind: 'health' }, GET);
// Claude Code's connectivity preflight (HEAD; its status is ignored, but answer it cleanly).
add(['/', '/api/hello', '/anthropic', '/anthropic/api/hello'], { kind: 'preflight' }, ['HEAD', 'GET']);

const MODEL_PREFIXES: Array<[string, ClientProtocol | undefined]> = [
  ['/v1/models/', undefined],
  ['/anthropic/v1/models/', 'anthropic'],
  ['/openai/v1/models/', 'openai'],
  ['/openai/models/', 'openai'],
];

export function matchRoute(pathname: string): RouteMatch {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  const exact = EXACT.get(path);
  if (exact) return exact;
  for (const [prefix, protocol] of MODEL_PREFIXES) {
    if (path.startsWith(prefix) && path.length > prefix.length) {
      return { route: { kind: 'models', protocol, id: decodeURIComponent(path.slice(prefix.length)) }, methods: GET };
    }
  }
  return undefined;
}

/** Which error shape to answer in when the route does not say: Anthropic clients send these headers. */
export function guessProtocol(pathname: string, headers: Record<string, string | string[] | undefined>): ClientProtocol {
  if (pathname.startsWith('/anthropic')) return 'anthropic';
  if (pathname.startsWith('/openai')) return 'openai';
  return headers['anthropic-version'] !== undefined || headers['x-api-key'] !== undefined ? 'anthropic' : 'openai';
}
