/** Filters for the log: provider, class, outcome, status and free text (debounced). */
import { useEffect, useState } from 'react';
import { REQUEST_CLASSES } from '../../../shared/config/defaults';
import { useApiData } from '../../api/use-api-data';
import type { LogFilters } from './use-request-log';

export function RequestFilters({ value, onChange }: { value: LogFilters; onChange: (f: LogFilters) => void }) {
  const providers = useApiData((c) => c.listProviders(), []);
  const [q, setQ] = useState(value.q);
  useEffect(() => {
    if (q === value.q) return;
    const t = setTimeout(() => onChange({ ...value, q }), 250);
    return () => clearTimeout(t);
  }, [q]);
  const set = (k: keyof LogFilters) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  return (
    <div className="filters" role="search" aria-label="Filter requests">
      <label>
        <span>Provider</span>
        <select value={value.provider} onChange={set('provider')}>
          <option value="">All</option>
          {(providers.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Class</span>
        <select value={value.class} onChange={set('class')}>
          <option value="">All</option>
          {REQUEST_CLASSES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Outcome</span>
        <select value={value.outcome} onChange={set('outcome')}>
          <option value="">All</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
          <option value="mid_stream_error">failed mid-stream</option>
          <option value="client_abort">client left</option>
        </select>
      </label>
      <label>
        <span>Status</span>
        <input className="narrow" inputMode="numeric" placeholder="e.g. 429" value={value.status} onChange={set('status')} />
      </label>
      <label className="grow">
        <span>Search</span>
        <input type="search" placeholder="model, error, note…" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
    </div>
  );
}
