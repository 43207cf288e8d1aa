/** A tiny latency trend for a provider card: an SVG polyline, fixed size, no axes. */
export function Sparkline({ values, label, width = 120, height = 28 }: { values: ReadonlyArray<number | null>; label: string; width?: number; height?: number }) {
  const nums = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const max = Math.max(1, ...nums);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points: string[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    points.push(`${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  });
  return (
    <svg className="sparkline" height={height} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      {points.length > 1 ? <polyline points={points.join(' ')} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" /> : <line x1="0" x2={width} y1={height - 2} y2={height - 2} stroke="currentColor" strokeOpacity="0.3" />}
    </svg>
  );
}
