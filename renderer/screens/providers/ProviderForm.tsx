/**
 * A custom provider (any OpenAI- or Anthropic-compatible URL), or the edit form of an existing
 * one. Checked as you type with the config's own schema; the server's answer is placed at the
 * field it names.
 */
import { useMemo, useState } from 'react';
import type { ProviderView } from '../../../shared/api/dto/providers';
import { AUTH_STYLES } from '../../../shared/config/defaults';
import { problemsFromIssues } from '../../../shared/config/problems';
import { providerSchema } from '../../../shared/config/schema';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { ErrorNote } from '../../widgets/ErrorNote';
import { fieldError, generalError, problemAt } from '../../widgets/errors';
import { Field } from '../../widgets/Field';

interface Draft {
  id: string;
  name: string;
  protocol: 'anthropic' | 'openai';
  baseUrl: string;
  auth: string;
  models: string;
  key: string;
}

const EDITABLE = ['name', 'protocol', 'baseUrl', 'auth', 'models'];
const FIELDS = ['id', ...EDITABLE, ...EDITABLE.map((f) => `patch.${f}`), 'apiKeys', 'key'];

function fromView(p: ProviderView | undefined): Draft {
  return {
    id: p?.id ?? '',
    name: p?.doc.name ?? '',
    protocol: p?.protocol === 'anthropic' ? 'anthropic' : 'openai',
    baseUrl: p?.doc.baseUrl ?? (p?.preset ? '' : (p?.baseUrl ?? '')),
    auth: p?.doc.auth ?? '',
    models: (p?.doc.models ?? (p?.preset ? [] : (p?.models ?? []))).join(', '),
    key: '',
  };
}

/** The provider document the draft describes (empty fields left out: the preset or default applies). */
function toDoc(d: Draft, editing: ProviderView | undefined) {
  const models = d.models.split(/[\s,]+/).filter(Boolean);
  return {
    id: d.id.trim(),
    ...(d.name.trim() ? { name: d.name.trim() } : {}),
    ...(editing?.preset ? {} : { protocol: d.protocol }),
    ...(d.baseUrl.trim() ? { baseUrl: d.baseUrl.trim() } : {}),
    ...(d.auth ? { auth: d.auth as (typeof AUTH_STYLES)[number] } : {}),
    ...(models.length ? { models } : {}),
  };
}

export function ProviderForm({ editing, onDone, onCancel }: { editing?: ProviderView; onDone: (id: string) => void; onCancel: () => void }) {
  const client = useApi();
  const [d, setD] = useState<Draft>(() => fromView(editing));
  const [touched, setTouched] = useState(false);
  const doc = toDoc(d, editing);
  const problems = useMemo(() => {
    const r = providerSchema.safeParse(doc);
    const list = r.success ? [] : problemsFromIssues(r.error.issues);
    if (!editing?.preset && !doc.baseUrl) list.push({ path: 'baseUrl', message: 'a custom provider needs its base URL' });
    return list;
  }, [JSON.stringify(doc)]);
  const save = useAction(async () => {
    if (editing) {
      const patch: Record<string, unknown> = {};
      for (const k of ['name', 'protocol', 'baseUrl', 'auth', 'models'] as const) {
        const v = (doc as Record<string, unknown>)[k];
        const old = (editing.doc as Record<string, unknown>)[k];
        if (JSON.stringify(v) !== JSON.stringify(old)) patch[k] = v ?? null;
      }
      const v = await client.updateProvider({ id: editing.id, patch });
      onDone(v.id);
    } else {
      const v = await client.addProvider({ ...doc, ...(d.key.trim() ? { apiKeys: [d.key.trim()] } : {}) });
      onDone(v.id);
    }
  });
  const err = (field: string) => (touched ? problemAt(problems, field) : undefined) ?? fieldError(save.error, field, `patch.${field}`);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });

  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (problems.length === 0) void save.run();
      }}
    >
      {!editing ? <Field label="Provider id" hint="Letters, digits, . _ -; used in routes as id/model." error={err('id')}>{(p) => <input {...p} value={d.id} onChange={set('id')} />}</Field> : null}
      <Field label="Display name" error={err('name')}>{(p) => <input {...p} value={d.name} placeholder={editing?.name} onChange={set('name')} />}</Field>
      {!editing?.preset ? (
        <Field label="Protocol" error={err('protocol')}>
          {(p) => (
            <select {...p} value={d.protocol} onChange={set('protocol')}>
              <option value="openai">OpenAI Chat Completions (base URL ends in /v1)</option>
              <option value="anthropic">Anthropic Messages</option>
            </select>
          )}
        </Field>
      ) : null}
      <Field label="Base URL" hint={editing?.preset ? `Empty: the preset's ${editing.baseUrl}` : 'e.g. https://api.example.com/v1'} error={err('baseUrl')}>
        {(p) => <input {...p} value={d.baseUrl} inputMode="url" onChange={set('baseUrl')} />}
      </Field>
      <Field label="Auth header" error={err('auth')}>
        {(p) => (
          <select {...p} value={d.auth} onChange={set('auth')}>
            <option value="">Default for the protocol</option>
            {AUTH_STYLES.map((a) => (
              <option key={a} value={a}>
                {a === 'bearer' ? 'Authorization: Bearer' : a}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Models" hint="Comma-separated model ids." error={err('models')}>{(p) => <input {...p} value={d.models} placeholder={editing?.models.join(', ')} onChange={set('models')} />}</Field>
      {!editing ? (
        <Field label="API key" hint="Optional; stored in the OS keychain." error={err('apiKeys') ?? fieldError(save.error, 'key')}>
          {(p) => <input {...p} type="password" autoComplete="off" value={d.key} onChange={set('key')} />}
        </Field>
      ) : null}
      <ErrorNote message={generalError(save.error, ...FIELDS)} />
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.pending}>
          {editing ? 'Save changes' : 'Add provider'}
        </button>
      </div>
    </form>
  );
}
