/**
 * The request pipeline for generations (Anthropic Messages and OpenAI Chat Completions):
 * read and check the body → classify and route → attempt targets until one answers (failover
 * happens only before the first byte reaches the client) → stream or send the answer through.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { ClientProtocol, RequestClass } from '../config/types';
import { ProxyError } from '../errors';
import type { ProxyErrorCode } from '../errors';
import { headerValue, upstreamFailure } from '../providers/upstream';
import { readBody, parseJsonObject } from '../server/request-body';
import { sendError, sendJson } from '../server/respond';
import { extractFeatures } from '../routing/features';
import type { AttemptContext, Router } from '../routing/router';
import type { AnswerAssembly, ClientRequest, Exchange, ExchangeOp, JsonResult, PreparedRequest, StreamPump } from './exchange';
import { expandResponsesRequest } from './response-store';
import { withKnownCooldown } from './retry-after';
import type { CoreRuntime, RequestScope } from './runtime';
import { BurstWriter } from './burst-writer';
import { startCapture } from './capture';
import type { RequestCapture } from './capture';
import { upstreamHttpError } from './upstream-error';
import { assembleRest, eachChunk, readWholeBody, responseTimeout, untilFirstOutput } from './upstream-read';
import { validateGenerationRequest } from './validate';
import { scanOutgoing } from '../security/secret-scan';
import type { SecretScanReport } from '../security/secret-scan';


type Committed =
  | { kind: 'json'; exchange: Exchange; prepared: PreparedRequest; result: JsonResult; ttfbMs: number }
  | { kind: 'stream'; exchange: Exchange; prepared: PreparedRequest; pump: StreamPump; it: AsyncIterator<Buffer>; first: string | Buffer; ttfbMs: number }
  | { kind: 'assembly'; exchange: Exchange; prepared: PreparedRequest; assembly: AnswerAssembly; it: AsyncIterator<Buffer>; ttfbMs: number };

const nonEmpty = (out: string | Buffer): string | Buffer | undefined => (out.length > 0 ? out : undefined);

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

async function attemptOnce(scope: RequestScope, client: ClientRequest, op: ExchangeOp, actx: AttemptContext): Promise<Committed> {
  const { runtime } = scope;
  const provider = actx.provider;
  const exchange = runtime.exchangeFor(client, provider, op);
  // Every upstream is asked for a stream, so firstByteMs and idleMs guard non-streaming requests too
  // (their answer is assembled from it); `quirks.streaming: false` keeps whole answers, bounded by responseMs.
  const streamUpstream = client.stream || (provider.quirks.streaming && exchange.createAssembly !== undefined);
  const prepared = exchange.prepare(actx.target, actx.key, streamUpstream);
  const upstream = scope.state.upstreams.get(provider.id);
  if (!upstream) throw new ProxyError('UNKNOWN_PROVIDER', `provider "${provider.id}" is not configured`, 404);
  const t = provider.timeouts;
  const sentAt = runtime.clock.now();
  const sentAtMono = performance.now();
  const res = await upstream
    .send({
      path: prepared.path,
      headers: prepared.headers,
      body: prepared.body,
      signal: actx.signal,
      firstByteMs: streamUpstream ? t.firstByteMs : t.responseMs,
      idleMs: streamUpstream ? t.idleMs : t.responseMs,
    })
    .catch((err: unknown) => {
      throw !streamUpstream && (err as { code?: unknown } | null)?.code === 'UPSTREAM_FIRST_BYTE_TIMEOUT' ? responseTimeout(provider.id, t.responseMs) : err;
    });
  if (res.status >= 300) throw await upstreamHttpError(res, provider, client.protocol, runtime.clock.now());
  const sameProtocol = exchange.kind === 'passthrough';
  try {
    const isStream = (headerValue(res.headers, 'content-type') ?? '').includes('text/event-stream');
    if (!client.stream && !isStream) {
      // A whole answer: asked for, or from a provider that ignored `stream: true`, which a client
      // wanting a whole answer can take as it is.
      const bytes = await readWholeBody(res.body, provider.id, streamUpstream ? undefined : { since: sentAtMono, ms: t.responseMs });
      return { kind: 'json', exchange, prepared, result: exchange.convertJson(bytes), ttfbMs: runtime.clock.now() - sentAt };
    }
    if (!isStream || (!client.stream && exchange.createAssembly === undefined)) {
      // A provider that ignores `stream`, or something that is not an LLM API at all (an HTML login page).
      const type = headerValue(res.headers, 'content-type') || 'no content type';
      throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${provider.id}" answered a ${client.stream ? `streaming request with ${type} instead of an event stream` : 'non-streaming request with an event stream'}`, 502, { providerId: provider.id });
    }
    const it = res.body[Symbol.asyncIterator]();
    // Commit only once the upstream has really started: a stream that dies before its first chunk fails over.
    if (!client.stream && exchange.createAssembly) {
      const assembly = exchange.createAssembly();
      await untilFirstOutput(it, (chunk) => (assembly.push(chunk) ? true : undefined), () => assembly.upstreamError, provider.id, sameProtocol);
      return { kind: 'assembly', exchange, prepared, assembly, it, ttfbMs: runtime.clock.now() - sentAt };
    }
    const pump = exchange.createStream();
    const first = await untilFirstOutput(it, (chunk) => nonEmpty(pump.push(chunk)), () => pump.upstreamError, provider.id, sameProtocol);
    return { kind: 'stream', exchange, prepared, pump, it, first, ttfbMs: runtime.clock.now() - sentAt };
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
  // `on`, not `once` (no wrapper per request): the finally block below removes it.
  res.on('close', onClose);
  const routed: { decisionClass?: RequestClass; ctx?: AttemptContext; attempts: number; usage?: ReturnType<StreamPump['usage']> } = { attempts: 0 };
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
    routed.ctx = outcome.ctx;
    routed.attempts = outcome.attempts;
    seen.ttfbMs = runtime.clock.now() - startedAt;
    seen.notes = c.prepared.notes;
    headers['x-aimux-provider'] = outcome.ctx.target.providerId;
    headers['x-aimux-model'] = outcome.ctx.target.model;
    headers['x-aimux-attempts'] = String(outcome.attempts);
    if (c.prepared.notes.length > 0) headers['x-aimux-notes'] = c.prepared.notes.join(', ');
    Object.assign(headers, c.prepared.responseHeaders);
    try {
      if (c.kind !== 'stream') {
        const result = c.kind === 'json' ? c.result : await assembleToClient(c, outcome.ctx, state.router);
        const usage = result.usage;
        routed.usage = usage;
        if (usage?.estimated) headers['x-aimux-usage'] = 'estimated';
        seen.capture?.add(result.body);
        sendJson(res, 200, result.body, headers);
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
      attemptStartedAt: routed.ctx?.startedAt,
      attemptTtfbMs: routed.ctx?.committedAt === undefined ? undefined : routed.ctx.committedAt - routed.ctx.startedAt,
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
/** A committed stream assembled into a whole answer; failing now, it counts against the provider and nothing is retried. */
async function assembleToClient(c: Extract<Committed, { kind: 'assembly' }>, ctx: AttemptContext, router: Router): Promise<JsonResult> {
  try {
    return await assembleRest(c.it, c.assembly, ctx.provider.id);
  } catch (err) {
    const e = upstreamFailure(err, ctx.provider.id, ctx.signal);
    if (e.code !== 'CLIENT_CLOSED') router.recordLateFailure(ctx, e);
    await c.it.return?.();
    throw e;
  }
}

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
  // Written with the end of the response (one write with the terminating chunk and trailer).
  let last: string | Buffer = '';
  const burst = new BurstWriter(res, drained);
  try {
    capture?.add(c.first);
    // The headers go out with the first chunk and whatever came with it, in one write (Node sends them
    // with the first body write); then the rest as it arrives, a write per burst. A full socket holds
    // the upstream until it drains.
    burst.push(c.first);
    await eachChunk(c.it, (chunk) => {
      const out = c.pump.push(chunk);
      if (out.length > 0) {
        wrote = true;
        capture?.add(out);
      }
      return burst.push(out);
    });
    last = c.pump.end();
    if (!c.pump.complete) {
      late = new ProxyError('UPSTREAM_BAD_RESPONSE', 'stream ended early', 502, { providerId: ctx.provider.id });
      router.recordLateFailure(ctx, late);
    }
  } catch (err) {
    const e = upstreamFailure(err, ctx.provider.id, ctx.signal);
    if (e.code !== 'CLIENT_CLOSED' && !res.destroyed) {
      last = c.pump.fail(e);
      router.recordLateFailure(ctx, e);
      late = e;
    }
    await c.it.return?.();
  } finally {
    if (ping) clearInterval(ping);
    if (!res.destroyed) {
      const usage = c.pump.usage();
      if (usage) res.addTrailers({ 'x-aimux-usage': usage.estimated ? 'estimated' : 'upstream' });
      if (last.length > 0) capture?.add(last);
      const rest = burst.rest(last);
      if (rest.length > 0) res.end(rest);
      else res.end();
    }
  }
  return late;
}
