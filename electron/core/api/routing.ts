/** Routing: read and replace the routing section (lists, strategies, modelMap, thresholds). */
import type { ApiHandlers } from '../../../shared/api/client';
import type { ApiContext } from './context';
import { routingView } from './views';

export function routingHandlers(ctx: ApiContext): Pick<ApiHandlers, 'getRouting' | 'setRouting'> {
  return {
    async getRouting() {
      return routingView(ctx.core.config());
    },
    async setRouting({ routing }, call) {
      await ctx.store.update((d) => ({ ...d, routing }), call.actor);
      return routingView(ctx.core.config());
    },
  };
}
