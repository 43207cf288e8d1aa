/**
 * The management API's handlers, one slice per domain, assembled into the contract's full set.
 * Slices that come from elsewhere (observability, security, integrations, the desktop shell) are
 * passed in; an operation nobody implements here answers UNSUPPORTED, saying so.
 */
import type { ApiHandlers } from '../../../shared/api/client';
import { API } from '../../../shared/api/contract';
import type { ApiMethod } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { configHandlers } from './config-io';
import type { ApiContext } from './context';
import { integrationHandlers } from './integrations';
import { keyHandlers } from './keys';
import { metaHandlers } from './meta';
import { providerTestHandlers } from './provider-test';
import { providerHandlers } from './providers';
import { routingHandlers } from './routing';

function unsupported(name: ApiMethod): ApiHandlers[ApiMethod] {
  const why = API[name].desktopOnly ? 'only the desktop app has this setting' : 'not available in this build';
  return async () => {
    throw new ApiError('UNSUPPORTED', `${name}: ${why}`);
  };
}

export function createApiHandlers(ctx: ApiContext, extra: Partial<ApiHandlers> = {}): ApiHandlers {
  const own: Partial<ApiHandlers> = {
    ...metaHandlers(ctx),
    ...providerHandlers(ctx),
    ...keyHandlers(ctx),
    ...providerTestHandlers(ctx),
    ...routingHandlers(ctx),
    ...configHandlers(ctx),
    ...integrationHandlers(ctx),
    ...extra,
  };
  const all: Record<string, unknown> = {};
  for (const name of Object.keys(API) as ApiMethod[]) all[name] = own[name] ?? unsupported(name);
  return all as ApiHandlers;
}
