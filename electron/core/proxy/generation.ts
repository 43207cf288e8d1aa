/**
 * The request pipeline for generations (Anthropic Messages and OpenAI Chat Completions):
 * read and check the body → classify and route → attempt targets until one answers (failover
 * happens only before the first byte reaches the client) → stream or send the answer through.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { ClientProtocol, RequestClass } from '../config/types';
import { CONFIG_DEFAULTS } from '../config/defaults';
import { ProxyError, statusForErrorType } from '../errors';
import type { ProxyErrorCode } from '../errors';
import { headerValue, upstreamFailure } from '../providers/upstream';
import { readBody, parseJsonObject } from '../server/request-body';
import { sendError, sendJson } from '../server/respond';
import { extractFeatures } from '../routing/features';
import type { AttemptContext, Router } from '../routing/router';
import { collectStreamResult } from './collect-stream';
import type { ClientRequest, Exchange, ExchangeOp, JsonResult, PreparedRequest, StreamError, StreamPump } from './exchange';
import { expandResponsesRequest } from './response-store';
import { withKnownCooldown } from './retry-after';
import type { CoreRuntime, RequestScope } from './runtime';
import { startCapture } from './capture';
import type { RequestCapture } from './capture';
import { readCapped, upstreamHttpError } from './upstream-error';
import { validateGenerationRequest } from './validate';
import { scanOutgoing } from '../security/secret-scan';
import type { SecretScanReport } from '../security/secret-scan';

const MAX_JSON_RESPONSE_BYTES = 64 * 1024 * 1024;

type Committed =
  | { kind: 'json'; exchange: Exchange; prepared: PreparedRequest; result: JsonResult; ttfbMs: number }
  | { kind: 'stream'; exchange: Exchange; prepared: PreparedRequest; pump: StreamPump; it: AsyncIterator<Buffer>; first: string | Buffer; ttfbMs: number };

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function clientRequestFrom(req: IncomingMessage, protocol: ClientProtocol, raw: Buffer, body: Record<string, unknown>, estimatedInputTokens: number): ClientRequest {
  const q = req.url?.indexOf('?') ?? -1;
  return {
    protocol,
    body,
    raw,
    query: q >= 0 ? req.url!.slice(q) : '',
    headers: { anthropicVersion: header(req, 'anthropic-version'), anthropicBeta: header(req, 'anthropic-beta'), userAgent: header(req, 'user-agent') },
    stream: body.stream === true,
    estimatedInputTokens,
  };
}

/** Waits for 'drain', or for the client to go away. */
function drained(res: ServerResponse): Promise<unknown> {
  return res.destroyed ? Promise.resolve() : Promise.race([once(res, 'drain'), once(res, 'close')]);
}

/** The upstream's error type is kept for the client only when both speak the same protocol. */
function streamOpenedWithError(e: StreamError, providerId: string, sameProtocol: boolean): ProxyError {
  const status = statusForErrorType(e.type);
  return new ProxyError('UPSTREAM_HTTP', `provider "${providerId}" opened its stream with an error: ${e.message}`, status, {
    providerId,
    upstreamStatus: status,
    ...(sameProtocol ? { upstreamType: e.type } : {}),
  });
}

async function attemptOnce(scope: RequestScope, client: ClientRequest, op: ExchangeOp, actx: AttemptContext): Promise<Committed> {
  const { runtime } = scope;
  const provider = actx.provider;
  const exchange = runtime.exchangeFor(client, provider, op);
  const prepared = exchange.prepare(actx.target, actx.key);
  const upstream = scope.state.upstreams.get(provider.id);
  if (!upstream) throw new ProxyError('UNKNOWN_PROVIDER', `provider "${provider.id}" is not configured`, 404);
  const t = provider.timeouts;
  const upstreamStream = client.stream || exchange.streamsUpstream === true;
  const sentAt = runtime.clock.now();
  const res = await upstream.send({
    path: prepared.path,
    headers: prepared.headers,
    body: prepared.body,
    signal: actx.signal,
    firstByteMs: upstreamStream ? t.firstByteMs : Math.max(t.firstByteMs, CONFIG_DEFAULTS.nonStreamFirstByteMs),
    idleMs: t.idleMs,
  });
  if (res.status >= 300) throw await upstreamHttpError(res, provider, client.protocol, runtime.clock.now());
  try {
    if (!upstreamStream) {
      const bytes = await readCapped(res.body, MAX_JSON_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_JSON_RESPONSE_BYTES) throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${provider.id}" sent a response over ${MAX_JSON_RESPONSE_BYTES} bytes`, 502, { providerId: provider.id });
      return { kind: 'json', exchange, prepared, result: exchange.convertJson(bytes), ttfbMs: runtime.clock.now() - sentAt };
    }
    const type = headerValue(res.headers, 'content-type') ?? '';
    if (!type.includes('text/event-stream')) {
      // A provider that ignores `stream`, or something that is not an LLM API at all (an HTML login page).
      res.body.destroy();
      throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${provider.id}" answered a streaming request with ${type || 'no content type'} instead of an event stream`, 502, { providerId: provider.id });
    }
    const it = res.body[Symbol.asyncIterator]();
    const pump = exchange.createStream();
    // Commit only once the upstream has really started: a stream that dies before its first chunk fails over.
    for (;;) {
      const next = await it.next();
      if (next.done) throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${provider.id}" closed the stream before sending anything`, 502, { providerId: provider.id });
      const first = pump.push(next.value);
      // The stream opened with an error event: nothing reached the client yet, so this is still a
      // failed attempt (retryable by its type, e.g. overloaded_error), not a committed answer.
      if (pump.upstreamError) throw streamOpenedWithError(pump.upstreamError, provider.id, exchange.kind === 'passthrough');
      if (first.length > 0 && !client.stream) return { kind: 'json', exchange, prepared, result: await collectStreamResult(pump, it, provider.id), ttfbMs: runtime.clock.now() - sentAt };
      if (first.length > 0) return { kind: 'stream', exchange, prepared, pump, it, first, ttfbMs: runtime.clock.now() - sentAt };
    }
  } catch (err) {
    res.body.destroy();
    throw upstreamFailure(err, provider.id, actx.signal);
  }
}

export async function handleGeneration(scope: RequestScope, req: IncomingMessage, res: ServerResponse, protocol: ClientProtocol, op: ExchangeOp): Promise<void> {
  const { runtime, state } = scope;
  const startedAt = runtime.clock.now();
  const headers: Record<string, string> = {};
  // Every request gets an id, invalid ones too: the request log keys on it.
  const requestId = runtime.newRequestId();
  let finished: { status: number; errorCode?: ProxyErrorCode; errorMessage?: string } = { status: 200 };
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort(new ProxyError('CLIENT_CLOSED', 'client closed the connection', 499));
  };
  res.once('close', onClose);
  let routed: { decisionClass?: RequestClass; ctx?: AttemptContext; attempts: number; usage?: ReturnType<StreamPump['usage']> } = { attempts: 0 };
  let secretScan: SecretScanReport | undefined;
  // For the request.finished event (the request log): what the client asked, why this class, when it committed.
  const seen: { clientModel?: string; stream?: boolean; classReason?: string; ttfbMs?: number; notes?: string[]; capture?: RequestCapture } = {};
  try {
    const received = await readBody(req, state.config.server.maxBodyBytes, state.config.server.limits.idleTimeoutMs);
    seen.capture = startCapture(received, state.config);
    const parsed = parseJsonObject(received);
    seen.clientModel = typeof parsed.model === 'string' ? parsed.model : undefined;
    seen.stream = parsed.stream === true;
    validateGenerationRequest(protocol, parsed, op);
    const expanded = protocol === 'responses' ? expandResponsesRequest(received, parsed, runtime.responses.store) : { raw: received, body: parsed };
    const { raw, body, report } = scanOutgoing(state.config.security.secretScan, expanded.raw, expanded.body);
    secretScan = report;
    const features = extractFeatures(protocol, body, { sessionId: header(req, 'x-claude-code-session-id') });
    const decision = state.router.decide(features, requestId);
    headers['x-aimux-class'] = decision.class;
    routed.decisionClass = decision.class;
    seen.classReason = decision.reason;
    const client = clientRequestFrom(req, protocol, raw, body, features.estimatedInputTokens);
    const outcome = await state.router.execute({ features, decision, signal: abort.signal, controller: abort, requestId }, (actx) => {
      routed.attempts = actx.attemptNumber;
      return attemptOnce(scope, client, op, actx);
    });
    const c = outcome.value;
    routed = { ...routed, ctx: outcome.ctx, attempts: outcome.attempts };
    seen.ttfbMs = runtime.clock.now() - startedAt;
    seen.notes = c.prepared.notes;
    headers['x-aimux-provider'] = outcome.ctx.target.providerId;
    headers['x-aimux-model'] = outcome.ctx.target.model;
    headers['x-aimux-attempts'] = String(outcome.attempts);
    if (c.prepared.notes.length > 0) headers['x-aimux-notes'] = c.prepared.notes.join(', ');
    Object.assign(headers, c.prepared.responseHeaders);
    try {
      if (c.kind === 'json') {
        const usage = c.result.usage;
        routed.usage = usage;
        if (usage?.estimated) headers['x-aimux-usage'] = 'estimated';
        seen.capture?.add(c.result.body);
        sendJson(res, 200, c.result.body, headers);
        return;
      }
      const late = await streamToClient(res, c, headers, outcome.ctx, state.config.server.pingIntervalMs, state.router, seen.capture);
      routed.usage = c.pump.usage();
      if (!c.pump.complete) {
        const reason: unknown = abort.signal.reason;
        finished =
          reason instanceof ProxyError && reason.code === 'CLIENT_CLOSED'
            ? { status: 499, errorCode: 'CLIENT_CLOSED', errorMessage: reason.message }
            : { status: 502, errorCode: 'UPSTREAM_BAD_RESPONSE', errorMessage: late?.message ?? 'the upstream stream ended before the response was complete' };
      }
    } finally {
      outcome.ctx.release();
    }
  } catch (err) {
    const e = err instanceof ProxyError ? err : upstreamFailure(err, 'aimux', abort.signal);
    finished = { status: e.httpStatus, errorCode: e.code, errorMessage: e.message };
    if (e.code === 'UPSTREAM_HTTP' || e.code === 'DEADLINE_EXCEEDED' || e.code === 'NO_HEALTHY_PROVIDER') headers['x-aimux-attempts'] ??= String(routed.attempts);
    sendError(res, protocol, err instanceof ProxyError ? withKnownCooldown(err, state.router, runtime.clock.now()) : err, headers);
  } finally {
    res.off('close', onClose);
    runtime.emit({
      type: 'request.finished',
      at: runtime.clock.now(),
      requestId,
      clientProtocol: protocol,
      clientModel: seen.clientModel,
      stream: seen.stream,
      class: routed.decisionClass,
      classReason: seen.classReason,
      providerId: routed.ctx?.target.providerId,
      model: routed.ctx?.target.model,
      keyId: routed.ctx?.key?.id,
      status: finished.status,
      errorCode: finished.errorCode,
      errorMessage: finished.errorMessage,
      latencyMs: runtime.clock.now() - startedAt,
      ttfbMs: seen.ttfbMs,
      attempts: routed.attempts,
      inputTokens: routed.usage?.inputTokens ?? 0,
      outputTokens: routed.usage?.outputTokens ?? 0,
      ...(secretScan ? { secretScan } : {}),
      cacheReadTokens: routed.usage?.cacheReadTokens ?? 0,
      cacheWriteTokens: routed.usage?.cacheWriteTokens ?? 0,
      usageEstimated: routed.usage?.estimated,
      notes: seen.notes,
      capture: seen.capture?.finish(),
    });
  }
}

/** Resolves with the error that ended the stream early, if one did. */
async function streamToClient(
  res: ServerResponse,
  c: Extract<Committed, { kind: 'stream' }>,
  headers: Record<string, string>,
  ctx: AttemptContext,
  pingEvery: number,
  router: Router,
  capture: RequestCapture | undefined,
): Promise<ProxyError | undefined> {
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    // No `connection` header here: Node sends keep-alive itself, and `close` when the connection's
    // last allowed request or a shutdown says so (server/http-server.ts).
    'x-accel-buffering': 'no',
    // Usage is known only at the end of a stream: whether it is the upstream's or aimux's estimate
    // comes as an HTTP trailer (the non-streaming answer has it as a header).
    trailer: 'x-aimux-usage',
  });
  let wrote = true;
  const ping = c.pump.ping() === undefined ? undefined : setInterval(() => {
    if (!wrote) {
      const p = c.pump.ping();
      if (p) res.write(p);
    }
    wrote = false;
  }, pingEvery);
  ping?.unref();
  let late: ProxyError | undefined;
  try {
    capture?.add(c.first);
    if (!res.write(c.first)) await drained(res);
    for (;;) {
      const next = await c.it.next();
      if (next.done) break;
      const out = c.pump.push(next.value);
      if (out.length > 0) {
        wrote = true;
        capture?.add(out);
        if (!res.write(out)) await drained(res);
      }
    }
    const tail = c.pump.end();
    if (tail.length > 0) res.write(tail);
    if (!c.pump.complete) {
      late = new ProxyError('UPSTREAM_BAD_RESPONSE', 'stream ended early', 502, { providerId: ctx.provider.id });
      router.recordLateFailure(ctx, late);
    }
  } catch (err) {
    const e = upstreamFailure(err, ctx.provider.id, ctx.signal);
    if (e.code !== 'CLIENT_CLOSED' && !res.destroyed) {
      res.write(c.pump.fail(e));
      router.recordLateFailure(ctx, e);
      late = e;
    }
    await c.it.return?.();
  } finally {
    if (ping) clearInterval(ping);
    if (!res.destroyed) {
      const usage = c.pump.usage();
      if (usage) res.addTrailers({ 'x-aimux-usage': usage.estimated ? 'estimated' : 'upstream' });
      res.end();
    }
  }
  return late;
}
