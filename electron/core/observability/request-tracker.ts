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
import type { AttemptView, ErrorKind, RequestOutcome } from '../../../shared/api/dto/observability';
import type { CoreEvent, FailureKind, RequestFinishedEvent } from '../metrics/events';
import { createLabelCache } from './bucket';
import type { Sample } from './bucket';
import { binOf } from './histogram';
import { costOf } from './lookup';
import type { ConfigLookup } from './lookup';
import type { RequestRecord } from './request-row';

export interface FinishedRequest {
  /** What the request log stores (entryOf(record) is its entry). */
  record: RequestRecord;
  samples: Sample[];
}

type LabelCache = ReturnType<typeof createLabelCache>;

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
  const labels = createLabelCache();
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
        onFinished(finish(e, id, o, lookup(), labels));
        return;
      }
      default:
        return;
    }
  };
}

function finish(e: RequestFinishedEvent, id: string, o: Open | undefined, look: ConfigLookup, labels: LabelCache): FinishedRequest {
  const attempts = o?.attempts ?? [];
  const outcome = outcomeOf(e);
  const input = e.inputTokens ?? 0;
  const output = e.outputTokens ?? 0;
  const cacheRead = e.cacheReadTokens ?? 0;
  const cacheWrite = e.cacheWriteTokens ?? 0;
  const estimated = e.usageEstimated === true;
  const cost = costOf(look.pricing(e.providerId, e.model), { input, output, cacheRead, cacheWrite });
  const record: RequestRecord = { id, e, attempts, outcome, cost, errorMessage: e.errorMessage === undefined ? undefined : look.redact(e.errorMessage) };

  const kind = requestKind(e, outcome, attempts);
  const ok = outcome === 'ok';
  // Generation speed: output tokens over the time after the first byte (streams only).
  const genMs = e.ttfbMs !== undefined ? e.latencyMs - e.ttfbMs : 0;
  const tps = ok && e.stream === true && output > 0 && genMs > 0 ? Math.round((output * 1000) / genMs) : -1;
  const tpsBin = tps >= 0 ? binOf(tps) : 0;
  const req = labels.request(e.providerId ?? '', e.model ?? '', e.class ?? '');
  const ttfb = ok && e.ttfbMs !== undefined ? e.ttfbMs : -1;
  const samples: Sample[] = [
    {
      labels: req.labels,
      key: req.key,
      ok,
      kind,
      latency: ok ? e.latencyMs : -1,
      latencyBin: ok ? binOf(e.latencyMs) : 0,
      ttfb,
      ttfbBin: ttfb >= 0 ? binOf(ttfb) : 0,
      tps,
      tpsBin,
      input,
      output,
      cacheRead,
      cacheWrite,
      estimated,
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
    const l = labels.attempt(a.view.providerId, a.view.model, a.view.keyId ?? '');
    const latency = attemptOk ? e.at - a.startedAt : -1;
    // Tokens and cost belong to the attempt that answered (the committed one).
    samples.push({
      labels: l.labels,
      key: l.key,
      ok: attemptOk,
      kind: attemptOk ? undefined : a.view.kind,
      latency,
      latencyBin: latency >= 0 ? binOf(latency) : 0,
      ttfb: attemptOk ? a.ttfbMs! : -1,
      ttfbBin: attemptOk ? binOf(a.ttfbMs!) : 0,
      tps: attemptOk ? tps : -1,
      tpsBin: attemptOk ? tpsBin : 0,
      input: committed ? input : 0,
      output: committed ? output : 0,
      cacheRead: committed ? cacheRead : 0,
      cacheWrite: committed ? cacheWrite : 0,
      estimated: committed && estimated,
      cost: committed ? cost : null,
    });
  }
  return { record, samples };
}
