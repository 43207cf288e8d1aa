/**
 * What config resolution reads from a provider preset (providers/presets/ holds the data). Kept as
 * a narrow interface so resolution can be tested with any preset list.
 */
import { PROVIDER_PROTOCOLS } from '../../../shared/config/defaults';
import type { AuthStyle, ProviderProtocol } from '../../../shared/config/defaults';
import { findPreset } from '../providers/presets/index';
import type { ModelInfo, ProviderCapabilities, ProviderQuirks } from './types';

export interface PresetLike {
  id: string;
  name: string;
  protocol: ProviderProtocol;
  /** May hold `{placeholders}` the user fills in (Azure's resource and deployment). */
  baseUrl: string;
  auth: AuthStyle | 'none';
  query?: Readonly<Record<string, string>>;
  headers?: Readonly<Record<string, string>>;
  models: ReadonlyArray<{ id: string } & ModelInfo>;
  capabilities?: Partial<ProviderCapabilities>;
  quirks?: Partial<ProviderQuirks>;
}

export type PresetLookup = (id: string) => PresetLike | undefined;

/** The built-in presets (providers/presets/). */
export const findPresetLike: PresetLookup = (id) => {
  const p = findPreset(id);
  // A protocol this core cannot speak yet is not offered as a preset.
  if (!p || !(PROVIDER_PROTOCOLS as readonly string[]).includes(p.protocol)) return undefined;
  return p as PresetLike;
};
