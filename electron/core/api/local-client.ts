/**
 * `ApiClient` in-process: the CLI uses it when no aimux is running, so the same operations, with
 * the same validation and the same errors, edit the config file directly.
 */
import type { Actor, ApiClient, ApiHandlers } from '../../../shared/api/client';
import { API_METHODS } from '../../../shared/api/contract';
import { toApiError } from './errors';
import { validateInput } from './validate-input';

/** `on`: the in-process service's live events (progress of a speed test run by the CLI). */
export function createLocalClient(handlers: ApiHandlers, actor: Actor, on?: ApiClient['on']): ApiClient {
  const client: Record<string, unknown> = { on: on ?? (() => () => {}) };
  for (const name of API_METHODS) {
    client[name] = async (input?: unknown) => {
      try {
        const valid = validateInput(name, input);
        return await (handlers[name] as (i: unknown, c: { actor: Actor }) => Promise<unknown>)(valid, { actor });
      } catch (err) {
        throw toApiError(err);
      }
    };
  }
  return client as unknown as ApiClient;
}
