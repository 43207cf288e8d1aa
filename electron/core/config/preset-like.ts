/**
 * What config resolution reads from a provider preset (providers/presets/ holds the data). Kept as
 * a narrow interface so resolution can be tested with any preset list.
 */
import type { AuthStyle, ProviderProtocol } from '../../../shared/config/defaults';
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

/** Until the preset data is wired in, no preset is known. */
export const findPresetLike: PresetLookup = () => undefined;
