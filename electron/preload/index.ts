/**
 * The preload (sandboxed, context-isolated): exposes the IPC bridge as `window.aimux` and nothing
 * else. scripts/build.mjs bundles it to one CommonJS file (a sandboxed preload cannot load
 * modules) and writes the contract's method and event lists in for the two constants below.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiMethod } from '../../shared/api/contract';
import type { ApiEventName } from '../../shared/api/events';
import { IPC_BRIDGE_GLOBAL } from '../../shared/api/ipc-channels';
import { createBridge } from './bridge';

declare const __AIMUX_API_METHODS__: readonly ApiMethod[];
declare const __AIMUX_API_EVENTS__: readonly ApiEventName[];

contextBridge.exposeInMainWorld(IPC_BRIDGE_GLOBAL, createBridge(ipcRenderer, { methods: __AIMUX_API_METHODS__, events: __AIMUX_API_EVENTS__ }));
