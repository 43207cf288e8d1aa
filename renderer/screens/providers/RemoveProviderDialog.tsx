/** Remove with confirmation; a provider still used by routes can be taken out of them too. */
import { useState } from 'react';
import type { ProviderView } from '../../../shared/api/dto/providers';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { ErrorNote } from '../../widgets/ErrorNote';
import { ConfirmDialog } from '../../widgets/Modal';

export function RemoveProviderDialog({ provider, onClose, onRemoved }: { provider: ProviderView | undefined; onClose: () => void; onRemoved: () => void }) {
  const client = useApi();
  const [fromRoutes, setFromRoutes] = useState(false);
  const remove = useAction(async (p: ProviderView) => {
    await client.removeProvider({ id: p.id, removeFromRoutes: fromRoutes });
    onRemoved();
    onClose();
  });
  const used = provider?.usedBy ?? [];
  return (
    <ConfirmDialog
      open={provider !== undefined}
      onOpenChange={(o) => {
        if (!o) {
          remove.clear();
          setFromRoutes(false);
          onClose();
        }
      }}
      title={`Remove ${provider?.name ?? ''}?`}
      confirmLabel="Remove"
      danger
      pending={remove.pending}
      onConfirm={() => provider && void remove.run(provider)}
    >
      <p>Its keys are deleted from the keychain. Requests in flight finish first.</p>
      {used.length > 0 ? (
        <div>
          <p>
            Routes use it: <span className="mono">{used.join(', ')}</span>.
          </p>
          <label className="check">
            <input type="checkbox" checked={fromRoutes} onChange={(e) => setFromRoutes(e.target.checked)} /> Also remove its targets from those routes
          </label>
        </div>
      ) : null}
      <ErrorNote error={remove.error} />
    </ConfirmDialog>
  );
}
