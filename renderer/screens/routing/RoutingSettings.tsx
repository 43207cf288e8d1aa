/** Thresholds and switches of the routing section; numbers commit on blur or Enter. */
import { useEffect, useState } from 'react';
import type { RoutingView } from '../../../shared/api/dto/providers';
import type { RoutingDoc } from '../../../shared/config/schema';
import { Field } from '../../widgets/Field';

function NumberField(props: { label: string; hint: string; value: number | undefined; placeholder: number; error: string | undefined; onCommit: (v: number | undefined) => void }) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  useEffect(() => setText(props.value === undefined ? '' : String(props.value)), [props.value]);
  const commit = () => {
    const v = text.trim() === '' ? undefined : Number(text);
    if (v !== props.value) props.onCommit(v);
  };
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {(p) => <input {...p} inputMode="numeric" value={text} placeholder={String(props.placeholder)} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />}
    </Field>
  );
}

export function RoutingSettings({ doc, defaults, errorAt, onChange }: { doc: RoutingDoc; defaults: RoutingView['defaults']; errorAt: (p: string) => string | undefined; onChange: (d: RoutingDoc) => void }) {
  const set = (k: 'longContextThreshold' | 'maxAttempts', v: number | undefined) => {
    const next: Record<string, unknown> = { ...doc };
    if (v === undefined) delete next[k];
    else next[k] = v;
    onChange(next as RoutingDoc);
  };
  return (
    <div className="panel">
      <h2 className="panel-title">Thresholds</h2>
      <div className="form-grid">
        <NumberField label="Long-context threshold (tokens)" hint="Estimated input tokens above which a request is longContext." value={doc.longContextThreshold} placeholder={defaults.longContextThreshold} error={errorAt('routing.longContextThreshold')} onCommit={(v) => set('longContextThreshold', v)} />
        <NumberField label="Attempts per request" hint="Upstream attempts, keys and targets together." value={doc.maxAttempts} placeholder={defaults.maxAttempts} error={errorAt('routing.maxAttempts')} onCommit={(v) => set('maxAttempts', v)} />
      </div>
      <label className="check">
        <input type="checkbox" checked={doc.sessionAffinity ?? defaults.sessionAffinity} onChange={(e) => onChange({ ...doc, sessionAffinity: e.target.checked })} /> Keep a session on the same target while it is healthy (warm prompt caches)
      </label>
    </div>
  );
}
