/** Every attempt of one request, in order: target, key hint, status, what went wrong, time. */
import type { AttemptView } from '../../../shared/api/dto/observability';
import { fmtMs } from '../../widgets/format';

export function AttemptChain({ attempts }: { attempts: AttemptView[] }) {
  if (attempts.length === 0) return <p className="muted">No upstream attempt (answered by aimux itself).</p>;
  return (
    <ol className="attempts" aria-label="Attempts">
      {attempts.map((a) => (
        <li key={a.n} className={`attempt attempt-${a.outcome}`} data-testid="attempt">
          <span className="attempt-n">{a.n}</span>
          <span className="mono">
            {a.providerId}/{a.model}
          </span>
          {a.keyHint ? <span className="mono muted">{a.keyHint}</span> : null}
          <span className={`badge badge-${a.outcome === 'ok' ? 'ok' : a.outcome === 'skipped' ? 'cooling' : 'rejected'}`}>
            {a.outcome === 'skipped' ? `skipped${a.reason ? `: ${a.reason}` : ''}` : a.status ?? a.outcome}
          </span>
          {a.kind ? <span className="small">{a.kind.replace('_', ' ')}{a.late ? ' (after the first byte)' : ''}</span> : null}
          <span className="small muted">{fmtMs(a.ms)}</span>
        </li>
      ))}
    </ol>
  );
}
