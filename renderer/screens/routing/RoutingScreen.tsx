/**
 * Routing, applied live: every change is checked with the config's schema first (problems shown
 * inline, nothing sent), then written whole with setRouting; new requests use it at once.
 */
import { useState } from 'react';
import type { Problem } from '../../../shared/config/problems';
import { problemsFromIssues } from '../../../shared/config/problems';
import { routingSchema } from '../../../shared/config/schema';
import type { RoutingDoc } from '../../../shared/config/schema';
import { isApiError } from '../../../shared/api/errors';
import { useApi } from '../../api/api-context';
import { useApiData, useApiEvent } from '../../api/use-api-data';
import { ErrorNote } from '../../widgets/ErrorNote';
import { errorMessage, problemAt } from '../../widgets/errors';
import { ModelMapEditor } from './ModelMapEditor';
import { CLASS_LABELS, REQUEST_CLASSES, readList, setClassList } from './routing-doc';
import { RoutingSettings } from './RoutingSettings';
import { TargetList } from './TargetList';

export function RoutingScreen() {
  const client = useApi();
  const view = useApiData((c) => c.getRouting(), []);
  const [draft, setDraft] = useState<RoutingDoc | undefined>(undefined);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'invalid'>('idle');
  useApiEvent('config', () => {
    if (!draft && state !== 'saving') void view.reload();
  });

  const commit = async (next: RoutingDoc) => {
    setDraft(next);
    const r = routingSchema.safeParse(next);
    if (!r.success) {
      setProblems(problemsFromIssues(r.error.issues, ['routing']));
      setState('invalid');
      return;
    }
    setState('saving');
    try {
      view.setData(await client.setRouting({ routing: r.data }));
      setDraft(undefined);
      setProblems([]);
      setState('saved');
    } catch (err) {
      setProblems([{ path: isApiError(err) && err.field ? err.field : '$', message: errorMessage(err) }]);
      setState('invalid');
    }
  };

  if (!view.data) return <section className="screen">{view.error ? <ErrorNote error={view.error} /> : <div className="screen-loading" aria-busy="true" />}</section>;
  const doc = draft ?? view.data.doc;
  const known = view.data.targets;
  const errorAt = (path: string) => problemAt(problems, path);
  const general = problems.filter((p) => p.path === '$' || p.path === 'routing').map((p) => p.message);
  return (
    <section className="screen" aria-labelledby="routing-title">
      <div className="screen-head">
        <h1 id="routing-title">Routing</h1>
        <span className="save-state" role="status" aria-live="polite">
          {state === 'saving' ? 'Saving…' : state === 'saved' ? 'Saved: new requests use it now' : state === 'invalid' ? 'Not saved: fix the marked fields' : ''}
        </span>
      </div>
      <ErrorNote message={general[0]} />
      {draft ? (
        <p>
          <button type="button" className="btn btn-small" onClick={() => (setDraft(undefined), setProblems([]), setState('idle'))}>
            Discard unsaved changes
          </button>
        </p>
      ) : null}
      <div className="route-classes">
        {REQUEST_CLASSES.map((cls) => {
          const own = readList(doc[cls]);
          const effective = own ?? readList(doc.default)!;
          const base = `routing.${cls}`;
          return (
            <div key={cls} className="panel route-class" data-testid={`route-${cls}`}>
              <div className="panel-head">
                <h2 className="panel-title">{CLASS_LABELS[cls]}</h2>
                {cls !== 'default' ? (
                  own ? (
                    <button type="button" className="btn btn-ghost btn-small" onClick={() => void commit(setClassList(doc, cls, undefined))}>
                      Use the default list
                    </button>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => void commit(setClassList(doc, cls, effective))}>
                      Give it its own list
                    </button>
                  )
                ) : null}
              </div>
              {own || cls === 'default' ? (
                <TargetList name={CLASS_LABELS[cls].split(' (')[0]!} list={effective} known={known} errorAt={(i) => errorAt(`${base}[${i}]`) ?? errorAt(`${base}.targets[${i}]`)} onChange={(l) => void commit(setClassList(doc, cls, l))} />
              ) : (
                <p className="muted">Uses the default list: {effective.targets.join(' → ')}</p>
              )}
              <ErrorNote message={problems.find((p) => p.path === base)?.message} />
            </div>
          );
        })}
      </div>
      <div className="panel">
        <h2 className="panel-title">Model rules (modelMap)</h2>
        <ModelMapEditor entries={doc.modelMap ?? []} errorAt={errorAt} onChange={(m) => void commit({ ...doc, modelMap: m })} />
      </div>
      <RoutingSettings doc={doc} defaults={view.data.defaults} errorAt={errorAt} onChange={(d) => void commit(d)} />
    </section>
  );
}
