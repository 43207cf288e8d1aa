/** The searchable preset list (a combobox: type to filter, arrows to move, Enter to pick). */
import { Command } from 'cmdk';
import type { PresetView } from '../../../shared/api/dto/providers';
import { useApiData } from '../../api/use-api-data';
import { ErrorNote } from '../../widgets/ErrorNote';

export function PresetPicker({ onPick, onCustom }: { onPick: (p: PresetView) => void; onCustom: () => void }) {
  const presets = useApiData((c) => c.listPresets(), []);
  return (
    <div className="preset-picker">
      <Command label="Provider presets" loop>
        <Command.Input className="input" placeholder="Search providers or models (e.g. deepseek, glm, gpt)" aria-label="Search provider presets" autoFocus />
        <Command.List className="preset-list">
          {presets.loading && !presets.data ? <Command.Loading>Loading presets…</Command.Loading> : null}
          <Command.Empty>No preset matches. Use a custom provider for any OpenAI- or Anthropic-compatible endpoint.</Command.Empty>
          {(presets.data ?? []).map((p) => (
            <Command.Item key={p.id} value={`${p.name} ${p.id} ${p.models.map((m) => m.id).join(' ')}`} onSelect={() => onPick(p)} className="preset-item">
              <span className="preset-name">{p.name}</span>
              <span className="muted small">
                {p.protocol}
                {p.local ? ' · local' : ''} · {p.models.length} models
              </span>
            </Command.Item>
          ))}
          <Command.Item value="custom provider openai anthropic compatible endpoint" onSelect={onCustom} className="preset-item">
            <span className="preset-name">Custom provider…</span>
            <span className="muted small">any OpenAI- or Anthropic-compatible URL</span>
          </Command.Item>
        </Command.List>
      </Command>
      <ErrorNote error={presets.error} />
    </div>
  );
}
