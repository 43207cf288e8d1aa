/** Every provider as a card, the add flow (#/providers/add), edit and remove. Reloads on config events. */
import { useState } from 'react';
import type { ProviderView } from '../../../shared/api/dto/providers';
import { useApiData, useApiEvent } from '../../api/use-api-data';
import { href, navigate } from '../../routes';
import type { Route } from '../../routes';
import { EmptyState } from '../../widgets/EmptyState';
import { ErrorNote } from '../../widgets/ErrorNote';
import { Modal } from '../../widgets/Modal';
import { AddProviderDialog } from './AddProviderDialog';
import { ProviderCard } from './ProviderCard';
import { ProviderForm } from './ProviderForm';
import { RemoveProviderDialog } from './RemoveProviderDialog';
import { useProviderHealth } from './use-provider-health';

export function ProvidersScreen({ route }: { route: Route }) {
  const providers = useApiData((c) => c.listProviders(), []);
  const health = useProviderHealth();
  const [editing, setEditing] = useState<ProviderView | undefined>(undefined);
  const [removing, setRemoving] = useState<ProviderView | undefined>(undefined);
  useApiEvent('config', () => void providers.reload());
  const list = providers.data ?? [];
  const onlyBuiltIn = providers.data !== undefined && list.every((p) => p.protocol === 'synthetic');
  const reload = () => void providers.reload();
  return (
    <section className="screen" aria-labelledby="providers-title">
      <div className="screen-head">
        <h1 id="providers-title">Providers</h1>
        <a className="btn btn-primary" href={href('providers', 'add')}>
          Add provider
        </a>
      </div>
      <ErrorNote error={providers.error} />
      {onlyBuiltIn ? (
        <EmptyState title="Only the built-in provider so far" action={<a className="btn btn-primary" href={href('providers', 'add')}>Add your first provider</a>}>
          The synthetic provider answers without a network or key, so your tools work already. Add a real provider from a preset: pick it, paste a key, test, save.
        </EmptyState>
      ) : null}
      <div className="cards">
        {list.map((p) => (
          <ProviderCard key={p.id} provider={p} live={health.get(p.id)} onChange={reload} onEdit={() => setEditing(p)} onRemove={() => setRemoving(p)} />
        ))}
      </div>
      <AddProviderDialog open={route.sub === 'add'} takenIds={list.map((p) => p.id)} onClose={() => navigate('providers')} onAdded={reload} />
      <Modal open={editing !== undefined} onOpenChange={(o) => (o ? undefined : setEditing(undefined))} title={`Edit ${editing?.name ?? ''}`} wide>
        {editing ? (
          <ProviderForm
            editing={editing}
            onCancel={() => setEditing(undefined)}
            onDone={() => {
              setEditing(undefined);
              reload();
            }}
          />
        ) : null}
      </Modal>
      <RemoveProviderDialog provider={removing} onClose={() => setRemoving(undefined)} onRemoved={reload} />
    </section>
  );
}
