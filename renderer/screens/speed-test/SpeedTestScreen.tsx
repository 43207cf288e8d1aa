/** Run the provider speed test (progress from the event stream) and show ranked results. */
import { useState } from 'react';
import type { SpeedTestProgress, SpeedTestResult } from '../../../shared/api/dto/observability';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { useApiData, useApiEvent } from '../../api/use-api-data';
import { EmptyState } from '../../widgets/EmptyState';
import { ErrorNote } from '../../widgets/ErrorNote';
import { fmtMs, fmtPercent } from '../../widgets/format';

function Results({ result }: { result: SpeedTestResult }) {
  return (
    <table className="table" data-testid="speed-results">
      <caption className="muted">
        {new Date(result.at).toLocaleString()} · {result.n} runs per model
      </caption>
      <thead>
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Target</th>
          <th scope="col" className="num">TTFT p50</th>
          <th scope="col" className="num">TTFT p95</th>
          <th scope="col" className="num">Output tok/s</th>
          <th scope="col" className="num">Success</th>
        </tr>
      </thead>
      <tbody>
        {[...result.rows].sort((a, b) => a.rank - b.rank).map((r) => (
          <tr key={`${r.providerId}/${r.model}`}>
            <td>{r.rank}</td>
            <td className="mono">
              {r.providerId}/{r.model}
              {r.errors.length ? <div className="text-error small">{r.errors[0]}</div> : null}
            </td>
            <td className="num">{fmtMs(r.ttfb.p50)}</td>
            <td className="num">{fmtMs(r.ttfb.p95)}</td>
            <td className="num">{r.outputTokensPerSec === null ? '–' : Math.round(r.outputTokensPerSec)}</td>
            <td className="num">{fmtPercent(r.successRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SpeedTestScreen() {
  const client = useApi();
  const providers = useApiData((c) => c.listProviders(), []);
  const history = useApiData((c) => c.listSpeedTests({ limit: 10 }), []);
  const [selected, setSelected] = useState<string[] | undefined>(undefined);
  const [n, setN] = useState(3);
  const [progress, setProgress] = useState<SpeedTestProgress | undefined>(undefined);
  useApiEvent('speedtest', setProgress);
  const run = useAction(async (ids: string[]) => {
    setProgress(undefined);
    const r = await client.runSpeedTest({ providers: ids, n });
    history.setData((prev) => [r, ...(prev ?? [])]);
  });
  const enabled = (providers.data ?? []).filter((p) => p.enabled);
  const chosen = selected ?? enabled.map((p) => p.id);
  const latest = history.data?.[0];
  return (
    <section className="screen" aria-labelledby="speed-title">
      <h1 id="speed-title">Speed test</h1>
      <p className="muted">Short streamed requests through the real path, per provider and model: time to first token, output speed, success rate.</p>
      <form
        className="panel form"
        onSubmit={(e) => {
          e.preventDefault();
          void run.run(chosen);
        }}
      >
        <fieldset className="checks">
          <legend>Providers</legend>
          {enabled.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => setSelected(e.target.checked ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))} /> {p.name}
            </label>
          ))}
        </fieldset>
        <label className="inline-field">
          <span>Runs per model</span>
          <input type="number" min={1} max={50} value={n} onChange={(e) => setN(Math.max(1, Math.min(50, Number(e.target.value) || 1)))} />
        </label>
        <div className="run-row">
          <button type="submit" className="btn btn-primary" disabled={run.pending || chosen.length === 0}>
            {run.pending ? 'Running…' : 'Run speed test'}
          </button>
          <div className="progress-slot" aria-live="polite">
            {run.pending && progress ? (
              <>
                <progress max={progress.total} value={progress.done} aria-label="Speed test progress" />
                <span className="small muted">
                  {progress.done} / {progress.total} · {progress.providerId}/{progress.model}
                </span>
              </>
            ) : null}
          </div>
        </div>
        <ErrorNote error={run.error} />
      </form>
      <ErrorNote error={history.error} />
      {latest ? <Results result={latest} /> : history.data ? <EmptyState title="No speed test yet">Run one to rank your providers by time to first token and output speed.</EmptyState> : null}
    </section>
  );
}
