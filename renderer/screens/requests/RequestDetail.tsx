/** One request in full: classification, the attempt chain, timings, tokens, notes and the error. */
import type { RequestLogEntry } from '../../../shared/api/dto/observability';
import { fmtCount, fmtMs, fmtUsd } from '../../widgets/format';
import { Modal } from '../../widgets/Modal';
import { AttemptChain } from './AttemptChain';

export function RequestDetail({ entry, onClose }: { entry: RequestLogEntry | undefined; onClose: () => void }) {
  const r = entry;
  return (
    <Modal open={r !== undefined} onOpenChange={(o) => (o ? undefined : onClose())} title={r ? `${r.clientModel} · ${r.status}` : ''} wide>
      {r ? (
        <div className="detail">
          <dl className="facts">
            <dt>When</dt>
            <dd>{new Date(r.at).toLocaleString()}</dd>
            <dt>Client</dt>
            <dd>
              {r.clientProtocol}
              {r.stream ? ', streaming' : ''}
            </dd>
            <dt>Class</dt>
            <dd>
              {r.class ?? '–'}
              {r.classReason ? <span className="muted"> ({r.classReason})</span> : null}
            </dd>
            <dt>Outcome</dt>
            <dd>{r.outcome.replace(/_/g, ' ')}</dd>
            <dt>First byte / total</dt>
            <dd>
              {fmtMs(r.ttfbMs)} / {fmtMs(r.latencyMs)}
            </dd>
            <dt>Tokens</dt>
            <dd>
              {fmtCount(r.tokens.input)} in, {fmtCount(r.tokens.output)} out, {fmtCount(r.tokens.cacheRead)} cache read
              {r.tokens.estimated ? ' (estimated)' : ''}
            </dd>
            <dt>Cost</dt>
            <dd>{fmtUsd(r.costUsd)}</dd>
          </dl>
          {r.errorMessage ? (
            <p className="text-error">
              {r.errorCode ? `${r.errorCode}: ` : ''}
              {r.errorMessage}
            </p>
          ) : null}
          <h3>Attempts</h3>
          <AttemptChain attempts={r.attempts} />
          {r.notes.length ? (
            <>
              <h3>Translation notes</h3>
              <ul>
                {r.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}
