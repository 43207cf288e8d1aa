/**
 * The request log for the current filters: one page from the server, then each finished request
 * from the live stream when it matches, newest first, at most MAX_ROWS kept.
 */
import { useCallback } from 'react';
import type { RequestLogEntry, RequestOutcome, RequestPage } from '../../../shared/api/dto/observability';
import { useApiData, useApiEvent } from '../../api/use-api-data';

export const MAX_ROWS = 1000;

export interface LogFilters {
  provider: string;
  class: string;
  outcome: '' | RequestOutcome;
  status: string;
  q: string;
}

export const NO_FILTERS: LogFilters = { provider: '', class: '', outcome: '', status: '', q: '' };

export function matches(f: LogFilters, r: RequestLogEntry): boolean {
  if (f.provider && r.providerId !== f.provider && !r.attempts.some((a) => a.providerId === f.provider)) return false;
  if (f.class && r.class !== f.class) return false;
  if (f.outcome && r.outcome !== f.outcome) return false;
  if (f.status && String(r.status) !== f.status.trim()) return false;
  if (f.q) {
    const hay = `${r.clientModel} ${r.model ?? ''} ${r.providerId ?? ''} ${r.errorMessage ?? ''} ${r.notes.join(' ')}`.toLowerCase();
    if (!hay.includes(f.q.toLowerCase())) return false;
  }
  return true;
}

export function useRequestLog(f: LogFilters) {
  const key = JSON.stringify(f);
  const page = useApiData<RequestPage>(
    (c) =>
      c.queryRequests({
        limit: 500,
        ...(f.provider ? { provider: f.provider } : {}),
        ...(f.class ? { class: f.class } : {}),
        ...(f.outcome ? { outcome: f.outcome } : {}),
        ...(f.status.trim() && Number.isInteger(Number(f.status)) ? { status: Number(f.status) } : {}),
        ...(f.q.trim() ? { q: f.q.trim() } : {}),
      }),
    [key],
  );
  const onRequest = useCallback(
    (r: RequestLogEntry) => {
      if (!matches(f, r)) return;
      page.setData((prev) => {
        const entries = prev?.entries ?? [];
        if (entries.some((e) => e.id === r.id)) return prev!;
        const next = [r, ...entries];
        if (next.length > MAX_ROWS) next.length = MAX_ROWS;
        return { ...prev, entries: next, ...(prev?.total !== undefined ? { total: prev.total + 1 } : {}) };
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, page.setData],
  );
  useApiEvent('request', onRequest);
  return page;
}
