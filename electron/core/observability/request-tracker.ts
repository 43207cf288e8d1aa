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

interface Tried {
  attempt: number;
  view: AttemptView;
  startedAt: number;
  ttfbMs: number | undefined;
}

interface Open {
  attempts: AttemptView[];
  /** The attempts made (not the skipped targets), by attempt number; usually one. */
  tried: Tried[];
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
      open.set(id, (o = { attempts: [], tried: [] }));
    }
    return o;
  };

  const tried = (id: string, attempt: number): Tried | undefined => {
    const list = open.get(id)?.tried;
    if (list) for (const t of list) if (t.attempt === attempt) return t;
    return undefined;
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
        const view: AttemptView = {
          n: o.attempts.length + 1,
          providerId: e.providerId,
          model: e.model,
          keyId: e.keyId,
          keyHint: e.keyId === undefined ? undefined : lookup().keyHint(e.keyId),
          outcome: 'ok',
          ms: 0,
        };
        o.attempts.push(view);
        o.tried.push({ attempt: e.attempt, view, startedAt: e.at, ttfbMs: undefined });
        return;
      }
      case 'attempt.succeeded': {
        const a = tried(id, e.attempt);
        if (a) {
          a.view.status = 200;
          a.ttfbMs = e.ttfbMs;
        }
        return;
      }
      case 'attempt.failed': {
        const a = tried(id, e.attempt);
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
  // One literal with every field (absent ones undefined, dropped by JSON): one object shape for all entries.
  const entry: RequestLogEntry = {
    id,
    at: e.at - e.latencyMs,
    clientProtocol: e.clientProtocol ?? 'anthropic',
    clientModel: e.clientModel ?? '',
    stream: e.stream === true,
    class: e.class,
    classReason: e.classReason,
    attempts,
    providerId: e.providerId,
    model: e.model,
    keyId: e.keyId,
    status: e.status,
    outcome,
    errorCode: e.errorCode,
    errorMessage: e.errorMessage === undefined ? undefined : look.redact(e.errorMessage),
    ttfbMs: e.ttfbMs,
    latencyMs: e.latencyMs,
    tokens,
    costUsd: cost === null ? undefined : Math.round(cost * 1e9) / 1e9,
    notes: e.notes ?? [],
    secretScan: e.secretScan === undefined ? undefined : { action: e.secretScan.action, findings: e.secretScan.findings.map((f) => ({ type: f.type, where: f.where })) },
    capture: e.capture,
  };

  const kind = requestKind(e, outcome, attempts);
  const ok = outcome === 'ok';
  // Generation speed: output tokens over the time after the first byte (streams only).
  const genMs = e.ttfbMs !== undefined ? e.latencyMs - e.ttfbMs : 0;
  const tps = ok && e.stream === true && tokens.output > 0 && genMs > 0 ? valueWithBin(Math.round((tokens.output * 1000) / genMs)) : undefined;
  const reqLabels: Labels = { scope: 'request', provider: e.providerId ?? '', model: e.model ?? '', class: e.class ?? '', key: '' };
  const samples: Sample[] = [
    {
      labels: reqLabels,
      key: labelsKey(reqLabels),
      ok,
      kind,
      latency: ok ? valueWithBin(e.latencyMs) : undefined,
      ttfb: ok && e.ttfbMs !== undefined ? valueWithBin(e.ttfbMs) : undefined,
      tps,
      input: tokens.input,
      output: tokens.output,
      cacheRead: tokens.cacheRead,
      cacheWrite: tokens.cacheWrite,
      estimated: tokens.estimated,
      cost,
    },
  ];
  for (const a of o?.tried ?? []) {
    const committed = a.ttfbMs !== undefined;
    if (committed && !a.view.late) {
      a.view.ms = e.at - a.startedAt;
      if (!ok) {
        a.view.outcome = 'failed';
        a.view.kind = kind;
      }
    }
    const attemptOk = committed && ok;
    const labels: Labels = { scope: 'attempt', provider: a.view.providerId, model: a.view.model, class: '', key: a.view.keyId ?? '' };
    // Tokens and cost belong to the attempt that answered (the committed one).
    samples.push({
      labels,
      key: labelsKey(labels),
      ok: attemptOk,
      kind: attemptOk ? undefined : a.view.kind,
      latency: attemptOk ? valueWithBin(e.at - a.startedAt) : undefined,
      ttfb: attemptOk ? valueWithBin(a.ttfbMs!) : undefined,
      tps: attemptOk ? tps : undefined,
      input: committed ? tokens.input : 0,
      output: committed ? tokens.output : 0,
      cacheRead: committed ? tokens.cacheRead : 0,
      cacheWrite: committed ? tokens.cacheWrite : 0,
      estimated: committed && tokens.estimated,
      cost: committed ? cost : null,
    });
  }
  return { entry, samples };
}
