/**
 * Follows the core's events by request id and, when a request finishes, hands over its request-log
 * entry and its metric samples. Only what went wrong is kept while a request runs: skipped targets
 * and failed attempts (and a failure after the first byte), by request id, in a bounded table that
 * also guards against a lost finish event. The attempt that answered is described by
 * `request.finished` itself (its target, key, start and time to first byte), so a request that went
 * to its first target keeps nothing here while it runs: under load, state held for the length of
 * a request outlives young-generation collections and costs the whole process (docs/benchmarks.md).
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
import type { AttemptFailedEvent, CoreEvent, FailureKind, RequestFinishedEvent } from '../metrics/events';
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

/** What a request kept while it ran: only made when a target was skipped or an attempt failed. */
interface Trouble {
  /** Skipped targets and failed attempts, in order. */
  attempts: AttemptView[];
  /** The answering attempt failed after its first byte (mid-stream). */
  late: AttemptFailedEvent | undefined;
}

const MAX_OPEN = 10_000;

type Usage = Pick<Sample, 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'estimated' | 'cost'>;
const NO_USAGE: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, estimated: false, cost: null };

/** One sample; -1 for a latency, TTFB or speed that does not count (bins are then 0). */
function sampleOf(l: { labels: Sample['labels']; key: string }, ok: boolean, kind: ErrorKind | undefined, latency: number, ttfb: number, tps: number, tpsBin: number, u: Usage): Sample {
  return {
    labels: l.labels,
    key: l.key,
    ok,
    kind,
    latency,
    latencyBin: latency >= 0 ? binOf(latency) : 0,
    ttfb,
    ttfbBin: ttfb >= 0 ? binOf(ttfb) : 0,
    tps,
    tpsBin,
    input: u.input,
    output: u.output,
    cacheRead: u.cacheRead,
    cacheWrite: u.cacheWrite,
    estimated: u.estimated,
    cost: u.cost,
  };
}
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
  const open = new Map<string, Trouble>();
  const labels = createLabelCache();
  const get = (id: string): Trouble => {
    let o = open.get(id);
    if (o === undefined) {
      if (open.size >= MAX_OPEN) open.delete(open.keys().next().value!);
      open.set(id, (o = { attempts: [], late: undefined }));
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
      case 'attempt.failed': {
        const o = get(id);
        if (e.late) {
          o.late = e;
          return;
        }
        o.attempts.push({
          n: o.attempts.length + 1,
          providerId: e.providerId,
          model: e.model,
          keyId: e.keyId,
          keyHint: e.keyId === undefined ? undefined : lookup().keyHint(e.keyId),
          outcome: 'failed',
          status: e.status,
          kind: kindOf(e.kind),
          errorCode: e.errorCode,
          ms: e.durationMs,
        });
        return;
      }
      case 'request.finished': {
        const o = open.get(id);
        if (o !== undefined) open.delete(id);
        onFinished(finish(e, id, o, lookup(), labels));
        return;
      }
      default:
        return;
    }
  };
}

function finish(e: RequestFinishedEvent, id: string, o: Trouble | undefined, look: ConfigLookup, labels: LabelCache): FinishedRequest {
  const failed = o?.attempts ?? [];
  const outcome = outcomeOf(e);
  const ok = outcome === 'ok';
  // The attempt that answered (committed its first byte), described by the finish event.
  const startedAt = e.attemptStartedAt;
  const committed: AttemptView | undefined =
    startedAt === undefined || e.providerId === undefined || e.model === undefined
      ? undefined
      : {
          n: failed.length + 1,
          providerId: e.providerId,
          model: e.model,
          keyId: e.keyId,
          keyHint: e.keyId === undefined ? undefined : look.keyHint(e.keyId),
          outcome: 'ok',
          status: 200,
          ms: e.at - startedAt,
        };
  const late = o?.late;
  if (committed !== undefined && late !== undefined) {
    committed.outcome = 'failed';
    committed.status = late.status;
    committed.kind = 'mid_stream';
    committed.errorCode = late.errorCode;
    committed.late = true;
    committed.ms = late.durationMs;
  }
  const attempts = committed === undefined ? failed : [...failed, committed];
  const kind = requestKind(e, outcome, attempts);
  if (committed !== undefined && !ok && late === undefined) {
    committed.outcome = 'failed';
    committed.kind = kind;
  }
  const input = e.inputTokens ?? 0;
  const output = e.outputTokens ?? 0;
  const cacheRead = e.cacheReadTokens ?? 0;
  const cacheWrite = e.cacheWriteTokens ?? 0;
  const estimated = e.usageEstimated === true;
  const cost = costOf(look.pricing(e.providerId, e.model), { input, output, cacheRead, cacheWrite });
  const record: RequestRecord = { id, e, attempts, outcome, cost, errorMessage: e.errorMessage === undefined ? undefined : look.redact(e.errorMessage) };

  // Generation speed: output tokens over the time after the first byte (streams only).
  const genMs = e.ttfbMs !== undefined ? e.latencyMs - e.ttfbMs : 0;
  const tps = ok && e.stream === true && output > 0 && genMs > 0 ? Math.round((output * 1000) / genMs) : -1;
  const tpsBin = tps >= 0 ? binOf(tps) : 0;
  const req = labels.request(e.providerId ?? '', e.model ?? '', e.class ?? '');
  const ttfb = ok && e.ttfbMs !== undefined ? e.ttfbMs : -1;
  const usage: Usage = { input, output, cacheRead, cacheWrite, estimated, cost };
  const samples: Sample[] = [sampleOf(req, ok, kind, ok ? e.latencyMs : -1, ttfb, tps, tpsBin, usage)];
  // Failed attempts count on their provider and key; tokens and cost belong to the attempt that answered.
  for (const a of failed) {
    if (a.outcome === 'failed') samples.push(sampleOf(labels.attempt(a.providerId, a.model, a.keyId ?? ''), false, a.kind, -1, -1, -1, 0, NO_USAGE));
  }
  if (committed !== undefined) {
    const l = labels.attempt(committed.providerId, committed.model, committed.keyId ?? '');
    samples.push(sampleOf(l, ok, ok ? undefined : committed.kind, ok ? e.at - startedAt! : -1, ok ? (e.attemptTtfbMs ?? 0) : -1, ok ? tps : -1, ok ? tpsBin : 0, usage));
  }
  return { record, samples };
}
