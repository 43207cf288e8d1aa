/** Add a provider: pick a preset (or custom), then set it up. Closing unsaved removes a tested draft. */
import { useRef, useState } from 'react';
import type { PresetView } from '../../../shared/api/dto/providers';
import { useApi } from '../../api/api-context';
import { Modal } from '../../widgets/Modal';
import { PresetPicker } from './PresetPicker';
import { PresetSetup } from './PresetSetup';
import { ProviderForm } from './ProviderForm';

type Step = { kind: 'pick' } | { kind: 'preset'; preset: PresetView } | { kind: 'custom' };

export function AddProviderDialog({ open, takenIds, onClose, onAdded }: { open: boolean; takenIds: string[]; onClose: () => void; onAdded: (id: string) => void }) {
  const client = useApi();
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const draft = useRef<string | undefined>(undefined);
  const close = () => {
    const id = draft.current;
    draft.current = undefined;
    if (id) void client.removeProvider({ id, removeFromRoutes: true }).then(() => onAdded(id), () => undefined);
    setStep({ kind: 'pick' });
    onClose();
  };
  const done = (id: string) => {
    draft.current = undefined;
    setStep({ kind: 'pick' });
    onAdded(id);
    onClose();
  };
  const title = step.kind === 'preset' ? `Add ${step.preset.name}` : step.kind === 'custom' ? 'Add a custom provider' : 'Add a provider';
  return (
    <Modal open={open} onOpenChange={(o) => (o ? undefined : close())} title={title} wide>
      {step.kind === 'pick' ? (
        <PresetPicker onPick={(preset) => setStep({ kind: 'preset', preset })} onCustom={() => setStep({ kind: 'custom' })} />
      ) : step.kind === 'preset' ? (
        <PresetSetup
          preset={step.preset}
          takenIds={takenIds}
          onCreated={(id) => (draft.current = id)}
          onDone={done}
          onCancel={close}
          onBack={() => setStep({ kind: 'pick' })}
        />
      ) : (
        <ProviderForm onDone={done} onCancel={close} />
      )}
    </Modal>
  );
}
