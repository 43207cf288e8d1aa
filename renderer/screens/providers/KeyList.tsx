/** A provider's keys by hint and state (never a value), with add and remove. */
import { useState } from 'react';
import type { KeyView } from '../../../shared/api/dto/providers';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { ErrorNote } from '../../widgets/ErrorNote';
import { fieldError, generalError } from '../../widgets/errors';
import { fmtRelative } from '../../widgets/format';

function keyState(k: KeyView): string {
  if (k.state === 'cooling') return k.until ? `cooling, usable ${fmtRelative(k.until)}` : 'cooling';
  return k.state === 'rejected' ? 'rejected' : 'ok';
}

export function KeyList({ providerId, keys, onChange }: { providerId: string; keys: KeyView[]; onChange: () => void }) {
  const client = useApi();
  const [value, setValue] = useState('');
  const [warnings, setWarnings] = useState<string[]>([]);
  const add = useAction(async () => {
    const r = await client.addKey({ providerId, key: value.trim() });
    setValue('');
    setWarnings(r.warnings);
    onChange();
  });
  const remove = useAction(async (keyId: string) => {
    await client.removeKey({ providerId, keyId });
    onChange();
  });
  return (
    <div className="keys">
      {keys.length === 0 ? <p className="muted small">No key yet: requests go out without one.</p> : null}
      <ul className="key-list" aria-label={`Keys of ${providerId}`}>
        {keys.map((k) => (
          <li key={k.id} className="key-row">
            <span className="mono" data-testid="key-hint">
              {k.hint}
            </span>
            <span className={`badge badge-${k.state}`}>{keyState(k)}</span>
            <span className="muted small">{k.source === 'env' ? k.ref : k.source}</span>
            <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove key ${k.hint}`} disabled={remove.pending} onClick={() => void remove.run(k.id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <ErrorNote error={remove.error} />
      <form
        className="key-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) void add.run();
        }}
      >
        <label className="sr-only" htmlFor={`key-${providerId}`}>
          New key for {providerId}
        </label>
        <input
          id={`key-${providerId}`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="Paste a key or env:NAME"
          value={value}
          aria-invalid={Boolean(fieldError(add.error, 'key'))}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="btn btn-small" disabled={add.pending || !value.trim()}>
          Add key
        </button>
      </form>
      <ErrorNote message={fieldError(add.error, 'key') ?? generalError(add.error)} />
      {warnings.map((w) => (
        <p key={w} className="text-warn small" role="status">
          {w}
        </p>
      ))}
    </div>
  );
}
