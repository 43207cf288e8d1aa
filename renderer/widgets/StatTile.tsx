import type { ReactNode } from 'react';

/** One figure with its label; fixed size so streaming values never move the layout. */
export function StatTile({ label, value, sub }: { label: string; value: ReactNode; sub?: ReactNode }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      <div className="stat-sub">{sub ?? '\u00a0'}</div>
    </div>
  );
}
