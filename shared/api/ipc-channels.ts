/**
 * The desktop IPC's names: where the preload exposes the bridge and the channel of each operation
 * and event. Imports types only, so the preload can use it without loading the contract's schemas.
 */
import type { ApiMethod } from './contract';
import type { ApiEventName } from './events';

/** The name the preload exposes the bridge under: `window.aimux`. */
export const IPC_BRIDGE_GLOBAL = 'aimux';
/** IPC channel names. */
export const ipcMethodChannel = (name: ApiMethod): string => `api:${name}`;
export const ipcEventChannel = (name: ApiEventName): string => `evt:${name}`;
