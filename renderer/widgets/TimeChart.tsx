/**
 * A live time-series chart on uPlot (canvas; setData on each update, no re-layout). Its box has a
 * fixed height so streaming data never moves the page; the width follows its container. Colors come
 * from the theme's CSS variables, read again when the theme changes.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useResolvedTheme } from './use-resolved-theme';

export interface ChartSeries {
  label: string;
  /** One value per x; null for a gap. */
  values: ReadonlyArray<number | null>;
  /** A CSS variable name, e.g. `--chart-1`. */
  color: string;
}

export interface TimeChartProps {
  title: string;
  /** Epoch milliseconds. */
  x: readonly number[];
  series: readonly ChartSeries[];
  height?: number;
  format?: (v: number) => string;
  /** Spoken summary, e.g. the latest values. */
  summary: string;
}

function canDraw(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

function toData(x: readonly number[], series: readonly ChartSeries[]): uPlot.AlignedData {
  return [x.map((t) => t / 1000), ...series.map((s) => s.values as (number | null)[])];
}

export function TimeChart({ title, x, series, height = 160, format, summary }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useResolvedTheme();
  const shape = series.map((s) => `${s.label}:${s.color}`).join('|');
  const latest = useRef({ x, series });
  latest.current = { x, series };

  useEffect(() => {
    const el = box.current;
    if (!el || !canDraw()) return;
    const css = getComputedStyle(document.documentElement);
    const color = (v: string) => css.getPropertyValue(v).trim() || '#888';
    const axis: uPlot.Axis = { stroke: color('--muted'), grid: { stroke: color('--grid'), width: 1 }, ticks: { stroke: color('--grid'), width: 1 } };
    const { x: x0, series: s0 } = latest.current;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [axis, { ...axis, size: 56, ...(format ? { values: (_u: uPlot, vals: number[]) => vals.map(format) } : {}) }],
      series: [{}, ...s0.map((s) => ({ label: s.label, stroke: color(s.color), width: 1.5, points: { show: false }, spanGaps: false }))],
    };
    const u = new uPlot(opts, toData(x0, s0), el);
    plot.current = u;
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height })) : undefined;
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Rebuilt when the series set, the height or the theme change; data alone goes through setData.
  }, [shape, height, theme, format]);

  useEffect(() => {
    plot.current?.setData(toData(x, series));
  }, [x, series]);

  return (
    <figure className="chart" style={{ minHeight: height + 40 }}>
      <figcaption className="chart-title">{title}</figcaption>
      <div ref={box} className="chart-canvas" role="img" aria-label={`${title}: ${summary}`} />
    </figure>
  );
}
