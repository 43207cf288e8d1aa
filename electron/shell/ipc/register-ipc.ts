/**
 * The management API over IPC, derived from the contract: one `ipcMain.handle('api:<name>')` per
 * operation, nothing else. Each call goes through the same steps, in this order:
 *
 *   sender not trusted (ipc/sender.ts)            → FORBIDDEN, the handler never runs
 *   more than one argument                        → BAD_REQUEST
 *   input fails the contract's zod schema         → BAD_REQUEST naming the field
 *   handler throws                                → the error as data (ApiResult), never a thrown object
 *   handler returns                               → { ok: true, value }
 *
 * Results cross as data because Electron rebuilds thrown errors as different objects in the renderer.
 */
import { API_METHODS } from '../../../shared/api/contract';
import type { ApiMethod, ApiParsedInput } from '../../../shared/api/contract';
import type { ApiHandlers, CallContext } from '../../../shared/api/client';
import { ApiError } from '../../../shared/api/errors';
import type { ApiResult } from '../../../shared/api/errors';
import { ipcMethodChannel } from '../../../shared/api/ipc-client';
import { toApiError } from '../../core/api/errors';
import { validateInput } from '../../core/api/validate-input';
import type { Logger } from '../../core/deps';
import { checkSender } from './sender';
import type { IpcEventLike, SenderPolicy } from './sender';

/** The part of Electron's `ipcMain` this uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface RegisterIpcOptions {
  sender: SenderPolicy;
  logger: Logger;
  /** Who the audit log names for changes made from the dashboard. */
  ctx?: CallContext;
}

const fail = (e: ApiError): ApiResult<never> => ({ ok: false, error: e.toBody() });

export async function callApi<K extends ApiMethod>(handlers: ApiHandlers, name: K, args: unknown[], ctx: CallContext, logger: Logger): Promise<ApiResult<unknown>> {
  if (args.length > 1) return fail(new ApiError('BAD_REQUEST', `${name} takes at most one argument`));
  try {
    const input = validateInput(name, args[0]) as ApiParsedInput<K>;
    return { ok: true, value: await handlers[name](input, ctx) };
  } catch (err) {
    const e = toApiError(err);
    if (e.code === 'INTERNAL') logger.error(`${name} failed`, err);
    return fail(e);
  }
}

/** Registers every operation of the contract; returns a function that removes them again. */
export function registerIpc(ipcMain: IpcMainLike, handlers: ApiHandlers, opts: RegisterIpcOptions): () => void {
  const ctx = opts.ctx ?? { actor: 'ui' };
  for (const name of API_METHODS) {
    ipcMain.handle(ipcMethodChannel(name), (event, ...args) => {
      const verdict = checkSender(event, opts.sender);
      if (!verdict.trusted) {
        opts.logger.warn(`IPC ${name} refused: ${verdict.reason}`);
        return fail(new ApiError('FORBIDDEN', 'this window may not call the aimux API'));
      }
      return callApi(handlers, name, args, ctx, opts.logger);
    });
  }
  return () => {
    for (const name of API_METHODS) ipcMain.removeHandler(ipcMethodChannel(name));
  };
}
