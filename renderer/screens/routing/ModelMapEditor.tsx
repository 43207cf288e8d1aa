/**
 * modelMap: `match` (a model-name glob) → a class or targets, first match wins. Text fields commit
 * when they lose focus or on Enter; order is changed with the up/down buttons.
 */
import { useEffect, useState } from 'react';
import type { ModelMapEntryDoc } from '../../../shared/config/schema';
import { moveItem, parseRouteText, routeText } from './routing-doc';

function EntryRow(props: { entry: ModelMapEntryDoc; index: number; count: number; error: (field: string) => string | undefined; onChange: (e: ModelMapEntryDoc | undefined) => void; onMove: (to: number) => void }) {
  const { entry, index: i } = props;
  const [match, setMatch] = useState(entry.match);
  const [route, setRoute] = useState(routeText(entry.route));
  useEffect(() => {
    setMatch(entry.match);
    setRoute(routeText(entry.route));
  }, [entry]);
  const commit = () => {
    if (match !== entry.match || route !== routeText(entry.route)) props.onChange({ match, route: parseRouteText(route) });
  };
  const matchErr = props.error('match');
  const routeErr = props.error('route');
  return (
    <li className="map-row">
      <div className="map-fields">
        <label>
          <span className="sr-only">Model pattern {i + 1}</span>
          <input value={match} aria-invalid={Boolean(matchErr)} placeholder="claude-*haiku*" onChange={(e) => setMatch(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
        </label>
        <span aria-hidden="true">→</span>
        <label>
          <span className="sr-only">Route for pattern {i + 1}</span>
          <input value={route} aria-invalid={Boolean(routeErr)} placeholder="background, or provider/model, …" onChange={(e) => setRoute(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
        </label>
        <button type="button" className="btn btn-ghost btn-small" aria-label={`Move pattern ${i + 1} up`} disabled={i === 0} onClick={() => props.onMove(i - 1)}>
          ↑
        </button>
        <button type="button" className="btn btn-ghost btn-small" aria-label={`Move pattern ${i + 1} down`} disabled={i === props.count - 1} onClick={() => props.onMove(i + 1)}>
          ↓
        </button>
        <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove pattern ${i + 1}`} onClick={() => props.onChange(undefined)}>
          Remove
        </button>
      </div>
      {matchErr || routeErr ? <span className="field-error">{matchErr ?? routeErr}</span> : null}
    </li>
  );
}

export function ModelMapEditor({ entries, errorAt, onChange }: { entries: ModelMapEntryDoc[]; errorAt: (path: string) => string | undefined; onChange: (e: ModelMapEntryDoc[]) => void }) {
  return (
    <div>
      {entries.length === 0 ? <p className="muted">No rules: every request is classified by its content (thinking, images, size) and uses that class's list.</p> : null}
      <ol className="map-list">
        {entries.map((e, i) => (
          <EntryRow
            key={i}
            entry={e}
            index={i}
            count={entries.length}
            error={(f) => errorAt(`routing.modelMap[${i}].${f}`) ?? (f === 'match' ? errorAt(`routing.modelMap[${i}]`) : undefined)}
            onChange={(next) => onChange(next ? entries.map((x, j) => (j === i ? next : x)) : entries.filter((_, j) => j !== i))}
            onMove={(to) => onChange(moveItem(entries, i, to))}
          />
        ))}
      </ol>
      <button type="button" className="btn btn-small" onClick={() => onChange([...entries, { match: '*', route: 'default' }])}>
        Add a rule
      </button>
    </div>
  );
}
