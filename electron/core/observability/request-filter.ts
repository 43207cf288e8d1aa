/**
 * The request-log query (provider, class, status, outcome, free text, time range, paging), shared
 * by the database and by the in-memory log that stands in while the database is unavailable.
 * Newest first; the cursor is `<at>:<id>` of the last entry of the previous page.
 */
import type { RequestLogEntry, RequestPage, RequestQuery } from '../../../shared/api/dto/observability';
import { ApiError } from '../../../shared/api/errors';

export interface RequestFilter extends Omit<RequestQuery, 'cursor' | 'limit'> {
  cursor?: { at: number; id: string };
}

export function parseCursor(cursor: string | undefined): RequestFilter['cursor'] {
  if (cursor === undefined) return undefined;
  const m = /^(\d+):(.+)$/.exec(cursor);
  if (!m) throw new ApiError('BAD_REQUEST', 'cursor: not a cursor from a previous page', { field: 'cursor' });
  return { at: Number(m[1]), id: m[2]! };
}

/** What free text matches: models, provider, class, error code and message, notes (lower case). */
export function searchText(e: RequestLogEntry): string {
  return [e.clientModel, e.providerId, e.model, e.class, e.errorCode, e.errorMessage, ...e.notes].filter((x) => x).join(' ').toLowerCase();
}

const newerFirst = (a: RequestLogEntry, b: RequestLogEntry) => b.at - a.at || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

export function filterInMemory(entries: readonly RequestLogEntry[], f: RequestFilter, limit: number): RequestPage {
  const q = f.q?.toLowerCase();
  const hits = entries
    .filter(
      (e) =>
        (f.provider === undefined || (e.providerId ?? '') === f.provider) &&
        (f.class === undefined || (e.class ?? '') === f.class) &&
        (f.status === undefined || e.status === f.status) &&
        (f.outcome === undefined || e.outcome === f.outcome) &&
        (f.from === undefined || e.at >= f.from) &&
        (f.to === undefined || e.at <= f.to) &&
        (q === undefined || q === '' || searchText(e).includes(q)),
    )
    .sort(newerFirst);
  const c = f.cursor;
  const after = c === undefined ? hits : hits.filter((e) => e.at < c.at || (e.at === c.at && e.id < c.id));
  const entries_ = after.slice(0, limit);
  const out: RequestPage = { entries: entries_, total: hits.length };
  const last = entries_.at(-1);
  if (after.length > limit && last) out.nextCursor = `${last.at}:${last.id}`;
  return out;
}

/**
 * One page from two disjoint sources answered with the same filter, cursor and limit: the database,
 * and the requests still queued for it (not yet written, e.g. while another process holds the lock).
 * Each source's page holds its newest `limit` after the cursor, so the merged page's do too.
 */
export function mergePages(a: RequestPage, b: RequestPage, limit: number): RequestPage {
  const all = [...a.entries, ...b.entries].sort(newerFirst);
  const entries = all.slice(0, limit);
  const out: RequestPage = { entries, total: (a.total ?? 0) + (b.total ?? 0) };
  const last = entries.at(-1);
  if (last && (all.length > limit || a.nextCursor !== undefined || b.nextCursor !== undefined)) out.nextCursor = `${last.at}:${last.id}`;
  return out;
}
