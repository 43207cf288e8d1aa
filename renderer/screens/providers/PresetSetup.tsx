/**
 * From a preset to a working provider: id, the preset's parameters (Azure, custom URLs), a key,
 * then Test and Save. Test adds the provider (a real request needs it configured: the test goes
 * through the same path as traffic) and runs the request; Save keeps it; closing the dialog without
 * saving removes what Test added (AddProviderDialog). Another key pasted after a test replaces the
 * tested one.
 */
import { useRef, useState } from 'react';
import type { PresetView, ProviderTestResult } from '../../../shared/api/dto/providers';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { ErrorNote } from '../../widgets/ErrorNote';
import { fieldError, generalError } from '../../widgets/errors';
import { Field } from '../../widgets/Field';
import { TestResult } from './ProviderTest';

const KEY_FIELDS = ['key', 'apiKeys'];

export function PresetSetup(props: { preset: PresetView; takenIds: string[]; onCreated: (id: string) => void; onDone: (id: string) => void; onCancel: () => void; onBack: () => void }) {
  const { preset } = props;
  const client = useApi();
  const [id, setId] = useState(() => (props.takenIds.includes(preset.id) ? `${preset.id}-2` : preset.id));
  const [params, setParams] = useState<Record<string, string>>({});
  const [key, setKey] = useState('');
  /** Presets without a model list (the generic OpenAI- and Anthropic-compatible entries) ask for one. */
  const [models, setModels] = useState('');
  const needsModels = preset.models.length === 0;
  const modelList = models.split(/[\s,]+/).filter(Boolean);
  const [result, setResult] = useState<ProviderTestResult | undefined>(undefined);
  const created = useRef<{ id: string; key: string; keyId: string | undefined } | undefined>(undefined);
  const needsKey = preset.auth !== 'none';
  const pattern = preset.keyPattern ? new RegExp(preset.keyPattern.source, preset.keyPattern.flags) : undefined;
  const keyLooksWrong = key.trim() !== '' && !key.startsWith('env:') && pattern !== undefined && !pattern.test(key.trim());

  const input = () => ({
    preset: preset.id,
    id,
    ...(Object.keys(params).length ? { params } : {}),
    ...(needsModels && modelList.length ? { models: modelList } : {}),
    ...(key.trim() ? { apiKeys: [key.trim()] } : {}),
  });

  /** Adds the provider disabled, or swaps its key if the user pasted another one since. */
  const ensureCreated = async () => {
    const c = created.current;
    if (!c) {
      const v = await client.addProvider(input());
      created.current = { id: v.id, key: key.trim(), keyId: v.keys[0]?.id };
      props.onCreated(v.id);
      return;
    }
    if (c.key === key.trim()) return;
    if (c.keyId) await client.removeKey({ providerId: c.id, keyId: c.keyId });
    const added = key.trim() ? await client.addKey({ providerId: c.id, key: key.trim() }) : undefined;
    created.current = { ...c, key: key.trim(), keyId: added?.key.id };
  };

  const test = useAction(async () => {
    setResult(undefined);
    await ensureCreated();
    setResult(await client.testProvider({ id: created.current!.id }));
  });
  const save = useAction(async () => {
    if (created.current) {
      await ensureCreated();
      props.onDone(created.current.id);
    } else {
      const v = await client.addProvider(input());
      props.onDone(v.id);
    }
  });
  const error = save.error ?? test.error;
  const busy = test.pending || save.pending;

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <p className="muted">
        {preset.name}: {preset.protocol} at <span className="mono">{preset.baseUrl}</span>. {preset.notes ?? ''}
      </p>
      <Field label="Provider id" hint="Used in routes as id/model." error={fieldError(error, 'id')}>
        {(p) => <input {...p} value={id} disabled={created.current !== undefined} onChange={(e) => setId(e.target.value)} />}
      </Field>
      {(preset.params ?? []).map((param) => (
        <Field key={param.name} label={param.label} error={fieldError(error, `params.${param.name}`, 'params')}>
          {(p) => <input {...p} placeholder={param.example} value={params[param.name] ?? ''} onChange={(e) => setParams({ ...params, [param.name]: e.target.value })} />}
        </Field>
      ))}
      {needsModels ? (
        <Field label="Models" hint="Comma-separated model ids this server serves." error={fieldError(error, 'models')}>
          {(p) => <input {...p} value={models} disabled={created.current !== undefined} placeholder="e.g. qwen3-coder" onChange={(e) => setModels(e.target.value)} />}
        </Field>
      ) : null}
      {needsKey ? (
        <Field
          label="API key"
          hint={keyLooksWrong ? `This does not look like a ${preset.name} key; check it was copied whole.` : 'Stored in the OS keychain; aimux shows only its first and last characters.'}
          error={fieldError(error, ...KEY_FIELDS)}
        >
          {(p) => <input {...p} type="password" autoComplete="off" spellCheck={false} value={key} placeholder="Paste the key, or env:NAME" onChange={(e) => setKey(e.target.value)} />}
        </Field>
      ) : null}
      <div className="test-slot" aria-live="polite">
        <TestResult result={result} />
      </div>
      <ErrorNote message={generalError(error, 'id', 'params', 'models', ...KEY_FIELDS)} />
      <div className="dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={props.onBack} disabled={busy || created.current !== undefined}>
          Back
        </button>
        <button type="button" className="btn" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="btn" onClick={() => void test.run()} disabled={busy || !id}>
          {test.pending ? 'Testing…' : 'Test'}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy || !id}>
          Save
        </button>
      </div>
    </form>
  );
}
