/**
 * The log as a virtualized list (only the visible rows are in the DOM, so 1,000 rows stay cheap).
 * Rows have one fixed height; when new rows arrive at the top while the reader has scrolled down,
 * the scroll position moves with them so what they read stays put.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef } from 'react';
import type { RequestLogEntry } from '../../../shared/api/dto/observability';
import { fmtCount, fmtMs, fmtTime, fmtUsd } from '../../widgets/format';

export const ROW_HEIGHT = 36;

function Row({ r, onOpen }: { r: RequestLogEntry; onOpen: () => void }) {
  const failedOver = r.attempts.length > 1;
  return (
    <button type="button" className={`log-row outcome-${r.outcome}`} onClick={onOpen} data-testid="log-row" data-status={r.status}>
      <span className="mono">{fmtTime(r.at)}</span>
      <span className={`status status-${Math.floor(r.status / 100)}xx`}>{r.status}</span>
      <span className="truncate">{r.clientModel}</span>
      <span className="truncate mono">
        {r.providerId ? `${r.providerId}/${r.model ?? ''}` : '–'}
        {failedOver ? <span className="muted"> ({r.attempts.length} attempts)</span> : null}
      </span>
      <span className="muted">{r.class ?? ''}</span>
      <span className="num">{fmtMs(r.latencyMs)}</span>
      <span className="num">{fmtCount(r.tokens.input + r.tokens.output)}</span>
      <span className="num">{fmtUsd(r.costUsd)}</span>
    </button>
  );
}

export function RequestLog({ entries, onOpen }: { entries: RequestLogEntry[]; onOpen: (r: RequestLogEntry) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => entries[i]!.id,
    initialRect: { width: 900, height: 480 },
  });
  const firstId = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const el = scroller.current;
    const prev = firstId.current;
    firstId.current = entries[0]?.id;
    if (!el || !prev || el.scrollTop === 0) return;
    const added = entries.findIndex((e) => e.id === prev);
    if (added > 0) el.scrollTop += added * ROW_HEIGHT;
  }, [entries]);
  return (
    <div className="log">
      <div className="log-head" aria-hidden="true">
        <span>Time</span>
        <span>Status</span>
        <span>Client model</span>
        <span>Target</span>
        <span>Class</span>
        <span className="num">Latency</span>
        <span className="num">Tokens</span>
        <span className="num">Cost</span>
      </div>
      <div ref={scroller} className="log-scroll" tabIndex={-1}>
        <ul className="log-body" aria-label="Requests, newest first" style={{ height: v.getTotalSize() }}>
          {v.getVirtualItems().map((item) => {
            const r = entries[item.index]!;
            return (
              <li key={item.key} className="log-item" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                <Row r={r} onOpen={() => onOpen(r)} />
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
