/** The top bar: where aimux listens, whether it runs, and the pause switch. */
import type { StatusView } from '../../shared/api/dto/status';
import { useApi } from '../api/api-context';
import { useAction } from '../api/use-action';
import { ErrorNote } from '../widgets/ErrorNote';
import { useStatus } from './status-context';

const STATE_LABEL: Record<StatusView['state'], string> = { running: 'Running', paused: 'Paused', error: 'Error' };

export function Header() {
  const client = useApi();
  const status = useStatus();
  const s = status.data;
  const toggle = useAction(async (paused: boolean) => status.setData(await client.setPaused({ paused })));
  return (
    <header className="topbar">
      <a className="brand" href="#/">
        aimux
      </a>
      <div className="topbar-status" aria-live="polite">
        {s ? (
          <>
            <span className={`pill pill-${s.state}`} data-testid="proxy-state">
              {STATE_LABEL[s.state]}
            </span>
            <span className="topbar-url mono">{s.url ?? 'not listening'}</span>
            {s.error ? <span className="text-error">{s.error}</span> : null}
          </>
        ) : (
          <span className="muted">Connecting…</span>
        )}
      </div>
      {s ? (
        <div className="topbar-actions">
          <ErrorNote error={toggle.error} />
          <button type="button" className="btn" disabled={toggle.pending} onClick={() => void toggle.run(s.state !== 'paused')}>
            {s.state === 'paused' ? 'Resume proxy' : 'Pause proxy'}
          </button>
        </div>
      ) : null}
    </header>
  );
}
