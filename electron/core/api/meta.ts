/** Status, health, pause and presets. (The admin token's rotation lives with the service, which holds it.) */
import type { ApiHandlers } from '../../../shared/api/client';
import type { PresetView } from '../../../shared/api/dto/providers';
import { searchPresets } from '../providers/presets/index';
import type { ProviderPreset } from '../providers/presets/index';
import type { ApiContext } from './context';

type Handlers = Pick<ApiHandlers, 'getStatus' | 'getHealth' | 'setPaused' | 'listPresets'>;

export function presetView(p: ProviderPreset): PresetView {
  return structuredClone(p) as unknown as PresetView;
}

export function metaHandlers(ctx: ApiContext): Handlers {
  return {
    async getStatus() {
      await ctx.refreshStatus();
      return ctx.status();
    },
    async getHealth() {
      return ctx.core.health();
    },
    async setPaused({ paused }) {
      if (ctx.core.paused !== paused) {
        ctx.core.setPaused(paused);
        ctx.logger.info(paused ? 'proxy paused' : 'proxy resumed');
        ctx.emit('status', ctx.status());
      }
      return ctx.status();
    },
    async listPresets({ query }) {
      return searchPresets(query ?? '').map(presetView);
    },
  };
}
