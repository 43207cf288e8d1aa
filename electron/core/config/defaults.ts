/** The defaults table lives in shared/ (the dashboard and the JSON Schema show it too); the core adds its own constants. */
import { CONFIG_DEFAULTS as SHARED_DEFAULTS } from '../../../shared/config/defaults';

export { defaultAuth, defaultCapabilities, defaultQuirks, SYNTHETIC_MODELS, SYNTHETIC_PROVIDER_ID } from '../../../shared/config/defaults';

export const CONFIG_DEFAULTS = {
  ...SHARED_DEFAULTS,
  /** Non-streaming answers arrive whole, so their first byte can take as long as the generation. */
  nonStreamFirstByteMs: 600_000,
} as const;
