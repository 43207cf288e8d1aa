/** One provider: health, models, keys, enable switch, Test, and its menu (edit, remove). */
import * as Menu from '@radix-ui/react-dropdown-menu';
import type { ProviderView } from '../../../shared/api/dto/providers';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { ErrorNote } from '../../widgets/ErrorNote';
import { fmtMs, fmtPercent } from '../../widgets/format';
import { Sparkline } from '../../widgets/Sparkline';
import { KeyList } from './KeyList';
import { ProviderTest } from './ProviderTest';
import type { LiveProviderHealth } from './use-provider-health';

const BREAKER: Record<string, string> = { closed: 'healthy', open: 'breaker open', 'half-open': 'recovering' };

export function ProviderCard(props: { provider: ProviderView; live: LiveProviderHealth | undefined; onChange: () => void; onEdit: () => void; onRemove: () => void }) {
  const { provider: p, live } = props;
  const client = useApi();
  const toggle = useAction(async (enabled: boolean) => {
    await client.setProviderEnabled({ id: p.id, enabled });
    props.onChange();
  });
  const builtIn = p.protocol === 'synthetic';
  const breaker = live?.latest?.breaker ?? p.health.breaker;
  const titleId = `provider-${p.id}-title`;
  return (
    <article className={`card provider-card${p.enabled ? '' : ' is-disabled'}`} aria-labelledby={titleId} data-testid={`provider-${p.id}`}>
      <div className="card-head">
        <div className="card-title-block">
          <h2 className="card-title" id={titleId}>
            {p.name}
          </h2>
          <div className="muted small mono truncate">
            {p.id} · {p.preset ? `preset ${p.preset}` : builtIn ? 'built in' : 'custom'} · {p.protocol}
          </div>
        </div>
        <label className="switch">
          <input type="checkbox" role="switch" checked={p.enabled} disabled={toggle.pending} onChange={(e) => void toggle.run(e.target.checked)} />
          <span>{p.enabled ? 'Enabled' : 'Disabled'}</span>
        </label>
        {!builtIn ? (
          <Menu.Root>
            <Menu.Trigger className="btn btn-ghost btn-small" aria-label={`Actions for ${p.name}`}>
              ⋯
            </Menu.Trigger>
            <Menu.Portal>
              <Menu.Content className="menu" align="end" sideOffset={4}>
                <Menu.Item className="menu-item" onSelect={props.onEdit}>
                  Edit
                </Menu.Item>
                <Menu.Item className="menu-item menu-danger" onSelect={props.onRemove}>
                  Remove…
                </Menu.Item>
              </Menu.Content>
            </Menu.Portal>
          </Menu.Root>
        ) : null}
      </div>
      <ErrorNote error={toggle.error} />
      <div className="health-row">
        <span className={`badge badge-breaker-${breaker}`}>{BREAKER[breaker] ?? breaker}</span>
        <span className="small">errors {fmtPercent(live?.latest?.errorRate)}</span>
        <span className="small">p50 {fmtMs(live?.latest?.latencyP50 ?? p.health.latencyEwmaMs)}</span>
      </div>
      <div className="spark-row">
        <Sparkline values={live?.latency ?? []} label={`Latency of ${p.name} over the last minute`} />
      </div>
      <div className="muted small mono truncate" title={p.baseUrl}>
        {p.baseUrl || 'built-in, no network'}
      </div>
      <ul className="chips" aria-label={`Models of ${p.name}`}>
        {p.models.slice(0, 6).map((m) => (
          <li key={m} className="chip">
            {m}
          </li>
        ))}
        {p.models.length > 6 ? <li className="chip muted">+{p.models.length - 6} more</li> : null}
      </ul>
      {!builtIn ? <KeyList providerId={p.id} keys={p.keys} onChange={props.onChange} /> : null}
      <ProviderTest providerId={p.id} />
    </article>
  );
}
