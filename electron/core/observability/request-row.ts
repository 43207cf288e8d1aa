/**
 * A finished request in three forms: the record the tracker makes (the core's event plus the
 * attempts), the compact row that is stored (a JSON array: half the bytes and half the
 * serializing time of the object; made once, when the request finishes), and the request-log
 * entry the API serves (`RequestLogEntry`, rebuilt from the row when read).
 */
import type { AttemptView, ErrorKind, RequestLogEntry, RequestOutcome } from '../../../shared/api/dto/observability';
import type { RequestFinishedEvent } from '../metrics/events';

export interface RequestRecord {
  id: string;
  e: RequestFinishedEvent;
  attempts: AttemptView[];
  outcome: RequestOutcome;
  cost: number | null;
  /** The error message with keys removed. */
  errorMessage: string | undefined;
}

type AttemptRow = [number, string, string, string | null, string | null, number | null, AttemptView['outcome'], string | null, string | null, string | null, number, 0 | 1];

export type RequestRow = [
  id: string,
  at: number,
  protocol: string,
  clientModel: string,
  stream: 0 | 1,
  cls: string | null,
  classReason: string | null,
  attempts: AttemptRow[],
  providerId: string | null,
  model: string | null,
  keyId: string | null,
  status: number,
  outcome: RequestOutcome,
  errorCode: string | null,
  errorMessage: string | null,
  ttfbMs: number | null,
  latencyMs: number,
  input: number,
  output: number,
  cacheRead: number,
  cacheWrite: number,
  estimated: 0 | 1,
  costUsd: number | null,
  notes: string[],
  secretScan: RequestLogEntry['secretScan'] | null,
  capture: RequestLogEntry['capture'] | null,
];

/** Positions in a row that the database filters on (history-db.ts reads them with json_extract). */
export const ROW = { clientModel: 3, cls: 5, providerId: 8, model: 9, status: 11, outcome: 12, errorCode: 13, errorMessage: 14, notes: 23 } as const;

export function toRow(r: RequestRecord): RequestRow {
  const e = r.e;
  return [
    r.id,
    e.at - e.latencyMs,
    e.clientProtocol ?? 'anthropic',
    e.clientModel ?? '',
    e.stream === true ? 1 : 0,
    e.class ?? null,
    e.classReason ?? null,
    r.attempts.map((a) => [a.n, a.providerId, a.model, a.keyId ?? null, a.keyHint ?? null, a.status ?? null, a.outcome, a.kind ?? null, a.errorCode ?? null, a.reason ?? null, a.ms, a.late ? 1 : 0]),
    e.providerId ?? null,
    e.model ?? null,
    e.keyId ?? null,
    e.status,
    r.outcome,
    e.errorCode ?? null,
    r.errorMessage ?? null,
    e.ttfbMs ?? null,
    e.latencyMs,
    e.inputTokens ?? 0,
    e.outputTokens ?? 0,
    e.cacheReadTokens ?? 0,
    e.cacheWriteTokens ?? 0,
    e.usageEstimated === true ? 1 : 0,
    r.cost === null ? null : Math.round(r.cost * 1e9) / 1e9,
    e.notes ?? [],
    e.secretScan ? { action: e.secretScan.action, findings: e.secretScan.findings.map((f) => ({ type: f.type, where: f.where })) } : null,
    e.capture ?? null,
  ];
}

/** The log entry (absent fields left out). */
export function fromRow(row: RequestRow): RequestLogEntry {
  const [id, at, protocol, clientModel, stream, cls, classReason, attempts, providerId, model, keyId, status, outcome, errorCode, errorMessage, ttfbMs, latencyMs, input, output, cacheRead, cacheWrite, estimated, costUsd, notes, secretScan, capture] = row;
  const entry: RequestLogEntry = {
    id,
    at,
    clientProtocol: protocol as RequestLogEntry['clientProtocol'],
    clientModel,
    stream: stream === 1,
    attempts: attempts.map(([n, p, m, k, hint, st, out, kind, code, reason, ms, late]) => {
      const a: AttemptView = { n, providerId: p, model: m, outcome: out, ms };
      if (k !== null) a.keyId = k;
      if (hint !== null) a.keyHint = hint;
      if (st !== null) a.status = st;
      if (kind !== null) a.kind = kind as ErrorKind;
      if (code !== null) a.errorCode = code;
      if (reason !== null) a.reason = reason;
      if (late === 1) a.late = true;
      return a;
    }),
    status,
    outcome,
    latencyMs,
    tokens: { input, output, cacheRead, cacheWrite, estimated: estimated === 1 },
    notes,
  };
  if (cls !== null) entry.class = cls;
  if (classReason !== null) entry.classReason = classReason;
  if (providerId !== null) entry.providerId = providerId;
  if (model !== null) entry.model = model;
  if (keyId !== null) entry.keyId = keyId;
  if (errorCode !== null) entry.errorCode = errorCode;
  if (errorMessage !== null) entry.errorMessage = errorMessage;
  if (ttfbMs !== null) entry.ttfbMs = ttfbMs;
  if (costUsd !== null) entry.costUsd = costUsd;
  if (secretScan !== null) entry.secretScan = secretScan;
  if (capture !== null) entry.capture = capture;
  return entry;
}

export const entryOf = (r: RequestRecord): RequestLogEntry => fromRow(toRow(r));

/** Queues a finished request for the database: its `at`, id and JSON row. */
export function enqueueRow(q: { push(at: number, id: string, row: string): void }, r: RequestRecord): void {
  const row = toRow(r);
  q.push(row[1], row[0], JSON.stringify(row));
}
