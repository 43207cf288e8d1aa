/** At a glance: where aimux listens and whether it runs, the last minute and today, and the charts. */
import * as Tabs from '@radix-ui/react-tabs';
import { useState } from 'react';
import { useStatus } from '../../app/status-context';
import { CopyButton } from '../../widgets/CopyButton';
import { ErrorNote } from '../../widgets/ErrorNote';
import { fmtCount, fmtMs, fmtPercent, fmtUsd } from '../../widgets/format';
import { StatTile } from '../../widgets/StatTile';
import { OverviewCharts } from './OverviewCharts';
import { useLiveMetrics } from './use-live-metrics';

export function OverviewScreen() {
  const status = useStatus().data;
  const { snapshot: m, error } = useLiveMetrics();
  const [window, setWindow] = useState<'1h' | '24h'>('1h');
  const minute = m?.lastMinute;
  const errorRate = minute && minute.requests > 0 ? minute.errors / minute.requests : minute ? 0 : null;
  return (
    <section className="screen" aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <div className="panel status-panel">
        <div>
          <div className="muted">Listening on</div>
          <div className="status-url mono" data-testid="listen-url">
            {status?.url ?? '–'}
          </div>
        </div>
        {status?.url ? <CopyButton text={status.url} label="Copy the proxy URL" /> : null}
        <div>
          <div className="muted">State</div>
          <div>{status ? (status.state === 'running' ? 'Running' : status.state === 'paused' ? 'Paused: proxy routes answer 503' : `Error: ${status.error ?? ''}`) : '–'}</div>
        </div>
        <div>
          <div className="muted">Config</div>
          <div className="mono truncate" title={status?.configSource}>
            {status?.configSource ?? '–'}
          </div>
        </div>
      </div>
      <ErrorNote error={error} />
      <div className="stats" aria-label="Last minute and today">
        <StatTile label="Requests / min" value={fmtCount(minute?.requests)} />
        <StatTile label="Error rate" value={fmtPercent(errorRate)} sub={minute ? `${minute.errors} errors` : undefined} />
        <StatTile label="Latency p50 / p95" value={`${fmtMs(minute?.latency.p50)} / ${fmtMs(minute?.latency.p95)}`} />
        <StatTile label="TTFT p50 / p95" value={`${fmtMs(minute?.ttfb.p50)} / ${fmtMs(minute?.ttfb.p95)}`} />
        <StatTile label="Tokens today" value={fmtCount(m ? m.today.tokens.input + m.today.tokens.output : null)} sub={m ? `${fmtCount(m.today.tokens.input)} in · ${fmtCount(m.today.tokens.output)} out${m.today.tokens.estimated ? ' (est.)' : ''}` : undefined} />
        <StatTile label="Cost today" value={fmtUsd(m?.today.costUsd)} sub={m ? `${fmtCount(m.today.requests)} requests` : undefined} />
      </div>
      <Tabs.Root value={window} onValueChange={(v) => setWindow(v as '1h' | '24h')} className="tabs">
        <Tabs.List className="tab-list" aria-label="Chart window">
          <Tabs.Trigger className="tab" value="1h">
            Last hour
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="24h">
            Last 24 hours
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="1h" className="tab-panel">
          {window === '1h' ? <OverviewCharts window="1h" /> : null}
        </Tabs.Content>
        <Tabs.Content value="24h" className="tab-panel">
          {window === '24h' ? <OverviewCharts window="24h" /> : null}
        </Tabs.Content>
      </Tabs.Root>
    </section>
  );
}
