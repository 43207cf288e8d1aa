/** The live request log with filters; a row opens its attempt chain. */
import { useState } from 'react';
import type { RequestLogEntry } from '../../../shared/api/dto/observability';
import { href } from '../../routes';
import { EmptyState } from '../../widgets/EmptyState';
import { ErrorNote } from '../../widgets/ErrorNote';
import { fmtCount } from '../../widgets/format';
import { RequestDetail } from './RequestDetail';
import { RequestFilters } from './RequestFilters';
import { RequestLog } from './RequestLog';
import { NO_FILTERS, useRequestLog } from './use-request-log';
import type { LogFilters } from './use-request-log';

export function RequestsScreen() {
  const [filters, setFilters] = useState<LogFilters>(NO_FILTERS);
  const [open, setOpen] = useState<RequestLogEntry | undefined>(undefined);
  const log = useRequestLog(filters);
  const entries = log.data?.entries ?? [];
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  return (
    <section className="screen screen-fill" aria-labelledby="requests-title">
      <div className="screen-head">
        <h1 id="requests-title">Requests</h1>
        <span className="muted" role="status" aria-live="off">
          {log.data ? `${fmtCount(log.data.total ?? entries.length)} ${filtered ? 'matching' : 'in the log'}` : ''}
        </span>
      </div>
      <RequestFilters value={filters} onChange={setFilters} />
      <ErrorNote error={log.error} />
      {log.data && entries.length === 0 ? (
        filtered ? (
          <EmptyState title="No request matches these filters" action={<button type="button" className="btn" onClick={() => setFilters(NO_FILTERS)}>Clear filters</button>} />
        ) : (
          <EmptyState title="No requests yet">
            Requests appear here live as they finish. <a href={href('claude-code')}>Set up Claude Code</a> or point any OpenAI-compatible tool at aimux.
          </EmptyState>
        )
      ) : (
        <RequestLog entries={entries} onOpen={setOpen} />
      )}
      <RequestDetail entry={open} onClose={() => setOpen(undefined)} />
    </section>
  );
}
