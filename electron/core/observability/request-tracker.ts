/**
 * Follows the core's events by request id and, when a request finishes, hands over its request-log
 * entry and its metric samples. Attempts and skipped targets are collected as they happen; nothing
 * is kept once the request finished (a bounded table guards against a lost finish event).
 *
 * Outcome of a request and the error kind counted for it:
 *
 * | what happened                                   | outcome            | kind (request row)          |
 * | ----------------------------------------------- | ------------------ | --------------------------- |
 * | answered and complete                           | `ok`               | —                           |
 * | the client left (before or after the first byte) | `client_abort`     | `client_abort`              |
 * | failed after the first byte reached the client  | `mid_stream_error` | `mid_stream`                |
 * | failed before: the last failed attempt's kind   | `error`            | that kind (`aborted` → `client_abort`) |
 * | failed with no attempt (bad request, no target) | `error`            | 4xx `client`, 503 `overloaded`, 504 `timeout`, else `server` |
 *
 * An attempt row counts the committed attempt as a success only when the request ended `ok`; after
 * a committed attempt the request's kind is also that attempt's (`mid_stream`, `client_abort`).
 */
import type { AttemptView, ErrorKind, RequestLogEntry, RequestOutcome } from '../../../shared/api/dto/observability';
import type { CoreEvent, FailureKind, RequestFinishedEvent } from '../metrics/events';
import { labelsKey, valueWithBin } from './bucket';
import type { Labels, Sample } from './bucket';
import { costOf } from './lookup';
import type { ConfigLookup } from './lookup';

export interface FinishedRequest {
  entry: RequestLogEntry;
  samples: Sample[];
}

interface Open {
  attempts: AttemptView[];
  byNumber: Map<number, { view: AttemptView; startedAt: number; ttfbMs?: number }>;
}

const MAX_OPEN = 10_000;
const kindOf = (k: FailureKind): ErrorKind => (k === 'aborted' ? 'client_abort' : k);

function outcomeOf(e: RequestFinishedEvent): RequestOutcome {
  if (e.errorCode === 'CLIENT_CLOSED') return 'client_abort';
  if (e.errorCode === undefined && e.status < 400) return 'ok';
  return e.ttfbMs !== undefined ? 'mid_stream_error' : 'error';
}

function requestKind(e: RequestFinishedEvent, outcome: RequestOutcome, attempts: AttemptView[]): ErrorKind | undefined {
  if (outcome === 'ok') return undefined;
  if (outcome === 'client_abort') return 'client_abort';
  if (outcome === 'mid_stream_error') return 'mid_stream';
  for (let i = attempts.length - 1; i >= 0; i--) if (attempts[i]!.outcome === 'failed' && attempts[i]!.kind) return attempts[i]!.kind;
  if (e.status === 503) return 'overloaded';
  if (e.status === 504) return 'timeout';
  return e.status >= 400 && e.status < 500 ? 'client' : 'server';
}

export function createRequestTracker(lookup: () => ConfigLookup, onFinished: (r: FinishedRequest) => void): (e: CoreEvent) => void {
  const open = new Map<string, Open>();
  const get = (id: string): Open => {
    let o = open.get(id);
    if (o === undefined) {
      if (open.size >= MAX_OPEN) open.delete(open.keys().next().value!);
      open.set(id, (o = { attempts: [], byNumber: new Map() }));
    }
    return o;
  };

  return (e) => {
    const id = e.requestId;
    if (id === undefined) return;
    switch (e.type) {
      case 'target.skipped': {
        const o = get(id);
        o.attempts.push({ n: o.attempts.length + 1, providerId: e.providerId, model: e.model, outcome: 'skipped', reason: e.reason, ms: 0 });
        return;
      }
      case 'attempt.started': {
        const o = get(id);
        const view: AttemptView = { n: o.attempts.length + 1, providerId: e.providerId, model: e.model, outcome: 'ok', ms: 0 };
        if (e.keyId !== undefined) {
          view.keyId = e.keyId;
          const hint = lookup().keyHint(e.keyId);
          if (hint !== undefined) view.keyHint = hint;
        }
        o.attempts.push(view);
        o.byNumber.set(e.attempt, { view, startedAt: e.at });
        return;
      }
      case 'attempt.succeeded': {
        const a = open.get(id)?.byNumber.get(e.attempt);
        if (a) {
          a.view.status = 200;
          a.ttfbMs = e.ttfbMs;
        }
        return;
      }
      case 'attempt.failed': {
        const a = open.get(id)?.byNumber.get(e.attempt);
        if (!a) return;
        a.view.outcome = 'failed';
        a.view.status = e.status;
        a.view.kind = e.late ? 'mid_stream' : kindOf(e.kind);
        a.view.errorCode = e.errorCode;
        if (e.late) a.view.late = true;
        a.view.ms = e.durationMs;
        return;
      }
      case 'request.finished': {
        const o = open.get(id);
        open.delete(id);
        onFinished(finish(e, id, o, lookup()));
        return;
      }
      default:
        return;
    }
  };
}

function finish(e: RequestFinishedEvent, id: string, o: Open | undefined, look: ConfigLookup): FinishedRequest {
  const attempts = o?.attempts ?? [];
  const outcome = outcomeOf(e);
  const tokens = {
    input: e.inputTokens ?? 0,
    output: e.outputTokens ?? 0,
    cacheRead: e.cacheReadTokens ?? 0,
    cacheWrite: e.cacheWriteTokens ?? 0,
    estimated: e.usageEstimated === true,
  };
  const cost = costOf(look.pricing(e.providerId, e.model), tokens);
  const entry: RequestLogEntry = {
    id,
    at: e.at - e.latencyMs,
    clientProtocol: e.clientProtocol ?? 'anthropic',
    clientModel: e.clientModel ?? '',
    stream: e.stream === true,
    attempts,
    status: e.status,
    outcome,
    latencyMs: e.latencyMs,
    tokens,
    notes: e.notes ?? [],
  };
  if (e.class !== undefined) entry.class = e.class;
  if (e.classReason !== undefined) entry.classReason = e.classReason;
  if (e.providerId !== undefined) entry.providerId = e.providerId;
  if (e.model !== undefined) entry.model = e.model;
  if (e.keyId !== undefined) entry.keyId = e.keyId;
  if (e.errorCode !== undefined) entry.errorCode = e.errorCode;
  if (e.errorMessage !== undefined) entry.errorMessage = look.redact(e.errorMessage);
  if (e.ttfbMs !== undefined) entry.ttfbMs = e.ttfbMs;
  if (cost !== null) entry.costUsd = Math.round(cost * 1e9) / 1e9;
  if (e.secretScan !== undefined) entry.secretScan = { action: e.secretScan.action, findings: e.secretScan.findings.map((f) => ({ type: f.type, where: f.where })) };
  if (e.capture !== undefined) entry.capture = e.capture;

  const kind = requestKind(e, outcome, attempts);
  const ok = outcome === 'ok';
  // Generation speed: output tokens over the time after the first byte (streams only).
  const genMs = e.ttfbMs !== undefined ? e.latencyMs - e.ttfbMs : 0;
  const tps = ok && e.stream === true && tokens.output > 0 && genMs > 0 ? valueWithBin(Math.round((tokens.output * 1000) / genMs)) : undefined;
  const base = { input: tokens.input, output: tokens.output, cacheRead: tokens.cacheRead, cacheWrite: tokens.cacheWrite, estimated: tokens.estimated, cost };
  const reqLabels: Labels = { scope: 'request', provider: e.providerId ?? '', model: e.model ?? '', class: e.class ?? '', key: '' };
  const samples: Sample[] = [
    {
      labels: reqLabels,
      key: labelsKey(reqLabels),
      ok,
      ...(kind !== undefined ? { kind } : {}),
      ...(ok ? { latency: valueWithBin(e.latencyMs), ...(e.ttfbMs !== undefined ? { ttfb: valueWithBin(e.ttfbMs) } : {}) } : {}),
      ...(tps ? { tps } : {}),
      ...base,
    },
  ];
  for (const a of o?.byNumber.values() ?? []) {
    const committed = a.ttfbMs !== undefined;
    if (committed && !a.view.late) {
      a.view.ms = e.at - a.startedAt;
      if (!ok) {
        a.view.outcome = 'failed';
        a.view.kind = kind;
      }
    }
    const labels: Labels = { scope: 'attempt', provider: a.view.providerId, model: a.view.model, class: '', key: a.view.keyId ?? '' };
    const attemptOk = committed && ok;
    const s: Sample = { labels, key: labelsKey(labels), ok: attemptOk, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, estimated: false, cost: null };
    if (!attemptOk && a.view.kind !== undefined) s.kind = a.view.kind;
    if (attemptOk) {
      s.latency = valueWithBin(e.at - a.startedAt);
      s.ttfb = valueWithBin(a.ttfbMs!);
      if (tps) s.tps = tps;
    }
    // Tokens and cost belong to the attempt that answered (the final one).
    if (committed) Object.assign(s, base);
    samples.push(s);
  }
  return { entry, samples };
}
