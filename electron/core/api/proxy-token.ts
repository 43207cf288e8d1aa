/**
 * The proxy token through the API: its state, rotation (the new value is returned once) and
 * removal, which is refused while aimux listens beyond loopback (the token is mandatory there).
 *
 * Audit: each change is an audit event, `proxy-token.rotate` or `proxy-token.remove`, with the
 * caller as actor and never the token (the audit log comes with the observability work).
 */
import type { ApiHandlers } from '../../../shared/api/client';
import type { ProxyTokenStatus } from '../../../shared/api/dto/status';
import { ApiError } from '../../../shared/api/errors';
import type { ProxyTokenHolder } from '../security/proxy-token';
import type { ApiContext } from './context';

type Handlers = Pick<ApiHandlers, 'getProxyToken' | 'rotateProxyToken' | 'removeProxyToken'>;

export interface ProxyTokenDeps {
  holder: ProxyTokenHolder;
  /** True while the service listens on an address other than loopback. */
  beyondLoopback(): boolean;
}

export function proxyTokenHandlers(ctx: ApiContext, deps: ProxyTokenDeps): Handlers {
  const view = (): ProxyTokenStatus => {
    const set = deps.holder.current() !== undefined;
    return { set, required: set || deps.beyondLoopback() };
  };
  return {
    async getProxyToken() {
      return view();
    },
    async rotateProxyToken() {
      const replaced = deps.holder.current() !== undefined;
      const token = await deps.holder.rotate();
      ctx.logger.info(replaced ? 'proxy token rotated; clients need the new one' : 'proxy token created; clients must now present it');
      ctx.emit('status', ctx.status());
      return { token };
    },
    async removeProxyToken() {
      if (deps.beyondLoopback()) {
        const where = ctx.listenedWith()?.host ?? 'a non-loopback address';
        throw new ApiError('CONFLICT', `aimux listens on ${where}, beyond loopback, where the proxy token is mandatory; restart it on 127.0.0.1 to remove the token`);
      }
      if (deps.holder.current() !== undefined) {
        await deps.holder.remove();
        ctx.logger.info('proxy token removed; any local client may use the proxy again');
        ctx.emit('status', ctx.status());
      }
      return view();
    },
  };
}
