/**
 * The management API over HTTP, under /api/v1, derived from the contract table: one route per
 * operation (`:params` from the path, the rest from the query for GET/DELETE or a JSON body),
 * input validated with the operation's zod schema, answers as JSON, errors as `{ error }` with
 * the contract's status codes. Every request needs the admin token (`Authorization: Bearer`), a
 * loopback (or configured) Host and no foreign Origin; no CORS headers are sent. GET /api/v1/events
 * is the live event stream (server-sent events).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API } from '../../../../shared/api/contract';
import type { ApiMethod, OpDef } from '../../../../shared/api/contract';
import type { Actor, ApiHandlers } from '../../../../shared/api/client';
import { ApiError } from '../../../../shared/api/errors';
import type { Logger } from '../../deps';
import { checkHostOrigin } from '../../security/host-origin';
import type { HostPolicy } from '../../security/host-origin';
import { bearer, tokensEqual } from '../../security/token-file';
import type { RequestHandler } from '../../server/http-server';
import { toApiError } from '../errors';
import { validateInput } from '../validate-input';
import { serveEvents } from './events-stream';
import type { EventSource } from './events-stream';

export const API_BASE = '/api/v1';
const MAX_BODY = 8 * 1024 * 1024;

interface CompiledRoute {
  name: ApiMethod;
  def: OpDef;
  pattern: RegExp;
  params: string[];
}

function compile(): CompiledRoute[] {
  return (Object.keys(API) as ApiMethod[]).map((name) => {
    const def = API[name] as OpDef;
    const params: string[] = [];
    const src = def.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z]+)/g, (_, p: string) => {
      params.push(p);
      return '([^/]+)';
    });
    return { name, def, pattern: new RegExp(`^${src}/?$`), params };
  });
}

export interface ApiServerOptions {
  handlers: ApiHandlers;
  /** The current admin token (it can be rotated while running). */
  adminToken(): Promise<string>;
  hostPolicy(): HostPolicy;
  events: EventSource;
  logger: Logger;
  /** Aborted when the service stops: open event streams end. */
  closing?: AbortSignal;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendApiError(res: ServerResponse, e: ApiError): void {
  if (res.headersSent || res.destroyed) return;
  send(res, e.status, { error: e.toBody() });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new ApiError('BAD_REQUEST', `request body over ${MAX_BODY} bytes`);
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError('BAD_REQUEST', `request body is not valid JSON: ${(e as Error).message}`);
  }
}

function actorOf(req: IncomingMessage): Actor {
  const v = req.headers['x-aimux-client'];
  return v === 'cli' || v === 'ui' ? v : 'api';
}

export function createApiServer(opts: ApiServerOptions): RequestHandler {
  const routes = compile();

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://aimux.invalid');
    const path = url.pathname.slice(API_BASE.length) || '/';
    const method = req.method ?? 'GET';
    try {
      const verdict = checkHostOrigin(req.headers, opts.hostPolicy());
      if (!verdict.ok) throw new ApiError('FORBIDDEN', verdict.reason);
      if (!tokensEqual(bearer(req.headers.authorization), await opts.adminToken())) {
        throw new ApiError('UNAUTHORIZED', 'missing or wrong admin token (Authorization: Bearer <token>; the token is in the admin-token file in the data dir)');
      }
      if (path === '/events' || path === '/events/') {
        if (method !== 'GET') throw new ApiError('BAD_REQUEST', 'GET /api/v1/events');
        serveEvents(req, res, opts.events, opts.closing);
        return;
      }
      const matches = routes.map((r) => ({ r, m: r.pattern.exec(path) })).filter((x) => x.m !== null);
      const hit = matches.find((x) => x.r.def.method === method);
      if (!hit) {
        if (matches.length > 0) {
          res.setHeader('allow', [...new Set(matches.map((x) => x.r.def.method))].join(', '));
          throw new ApiError('BAD_REQUEST', `${method} is not allowed on ${API_BASE}${path}`);
        }
        throw new ApiError('NOT_FOUND', `no API operation at ${method} ${API_BASE}${path}`);
      }
      const { r, m } = hit;
      const input: Record<string, unknown> = {};
      if (r.def.method === 'GET' || r.def.method === 'DELETE') {
        for (const [k, v] of url.searchParams) input[k] = v;
        req.resume();
      } else {
        const body = await readJson(req);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('BAD_REQUEST', 'request body must be a JSON object');
        Object.assign(input, body);
      }
      r.params.forEach((p, i) => (input[p] = decodeURIComponent(m![i + 1]!)));
      const valid = validateInput(r.name, input);
      const handler = opts.handlers[r.name] as (input: unknown, ctx: { actor: Actor }) => Promise<unknown>;
      const out = await handler(valid, { actor: actorOf(req) });
      send(res, 200, out);
    } catch (err) {
      const e = toApiError(err);
      if (e.code === 'INTERNAL') opts.logger.error(`API ${method} ${path} failed`, err);
      req.resume();
      sendApiError(res, e);
    }
  };
}
