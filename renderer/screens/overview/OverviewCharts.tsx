/** The overview's four charts for one window: requests, latency, errors by kind, tokens. */
import { useMemo } from 'react';
import type { ErrorKind, TimeSeries } from '../../../shared/api/dto/observability';
import { EmptyState } from '../../widgets/EmptyState';
import { ErrorNote } from '../../widgets/ErrorNote';
import { fmtCount, fmtMs } from '../../widgets/format';
import { TimeChart } from '../../widgets/TimeChart';
import type { ChartSeries } from '../../widgets/TimeChart';
import { href } from '../../routes';
import { useLiveSeries } from './use-live-series';

/** Count axes: whole numbers only (no "1, 1, 0" from rounded fractions). */
const fmtWhole = (v: number) => (Number.isInteger(v) ? fmtCount(v) : '');

const KIND_COLORS = ['--chart-3', '--chart-4', '--chart-5', '--chart-6', '--chart-2'];

function charts(s: TimeSeries) {
  const pts = s.series[0]?.points ?? [];
  const x = pts.map((p) => p.t);
  const kinds = [...new Set(pts.flatMap((p) => Object.keys(p.errorsByKind)))].sort() as ErrorKind[];
  const last = pts[pts.length - 1];
  const requests: ChartSeries[] = [
    { label: 'Requests', values: pts.map((p) => p.requests), color: '--chart-1' },
    { label: 'Errors', values: pts.map((p) => p.errors), color: '--chart-3' },
  ];
  const latency: ChartSeries[] = [
    { label: 'p50', values: pts.map((p) => p.latency.p50), color: '--chart-1' },
    { label: 'p95', values: pts.map((p) => p.latency.p95), color: '--chart-2' },
    { label: 'TTFT p50', values: pts.map((p) => p.ttfb.p50), color: '--chart-4' },
  ];
  const errors: ChartSeries[] = kinds.length
    ? kinds.map((k, i) => ({ label: k.replace('_', ' '), values: pts.map((p) => p.errorsByKind[k] ?? 0), color: KIND_COLORS[i % KIND_COLORS.length]! }))
    : [{ label: 'errors', values: pts.map((p) => p.errors), color: '--chart-3' }];
  const tokens: ChartSeries[] = [
    { label: 'Input', values: pts.map((p) => p.inputTokens), color: '--chart-1' },
    { label: 'Output', values: pts.map((p) => p.outputTokens), color: '--chart-2' },
  ];
  return { x, requests, latency, errors, tokens, last, empty: pts.every((p) => p.requests === 0) };
}

export function OverviewCharts({ window }: { window: '1h' | '24h' }) {
  const { data, error } = useLiveSeries(window);
  const c = useMemo(() => (data ? charts(data) : undefined), [data]);
  if (error && !data) return <ErrorNote error={error} />;
  if (!c) return <div className="charts charts-loading" aria-busy="true" />;
  if (c.empty)
    return (
      <EmptyState title="No traffic in this window yet">
        Charts fill in as requests go through aimux. <a href={href('claude-code')}>Point Claude Code at aimux</a> or send a request from any OpenAI-compatible tool.
      </EmptyState>
    );
  const l = c.last;
  return (
    <div className="charts">
      <TimeChart title="Requests and errors" x={c.x} series={c.requests} format={fmtWhole} summary={`latest bucket ${l?.requests ?? 0} requests, ${l?.errors ?? 0} errors`} />
      <TimeChart title="Latency" x={c.x} series={c.latency} format={(v) => fmtMs(v)} summary={`latest p50 ${fmtMs(l?.latency.p50)}, p95 ${fmtMs(l?.latency.p95)}`} />
      <TimeChart title="Errors by kind" x={c.x} series={c.errors} format={fmtWhole} summary={`latest bucket ${l?.errors ?? 0} errors`} />
      <TimeChart title="Tokens" x={c.x} series={c.tokens} format={fmtWhole} summary={`latest bucket ${fmtCount(l?.inputTokens)} input, ${fmtCount(l?.outputTokens)} output`} />
    </div>
  );
}
