/**
 * What the dashboard, the CLI and the tray call: one method per operation in the contract, plus a
 * subscription to live events. Two transports implement it (http-client.ts here; IPC in the desktop
 * preload), and `createLocalClient` in the core calls the handlers in-process.
 */
import type { ApiInput, ApiMethod, ApiOutput, ApiParsedInput } from './contract';
import type { ApiEventMap, ApiEventName } from './events';

/** Operations without required input may be called with no argument. */
type Args<K extends ApiMethod> = {} extends ApiInput<K> ? [input?: ApiInput<K>] : [input: ApiInput<K>];

export type ApiCalls = { [K in ApiMethod]: (...args: Args<K>) => Promise<ApiOutput<K>> };

export interface ApiClient extends ApiCalls {
  /** Subscribes to a live event; returns the unsubscribe function. */
  on<E extends ApiEventName>(event: E, listener: (data: ApiEventMap[E]) => void): () => void;
}

/** Who made a change, for the audit log. */
export type Actor = 'api' | 'cli' | 'ui';

export interface CallContext {
  actor: Actor;
}

/** The server side: one function per operation, given validated input. */
export type ApiHandlers = { [K in ApiMethod]: (input: ApiParsedInput<K>, ctx: CallContext) => Promise<ApiOutput<K>> };
