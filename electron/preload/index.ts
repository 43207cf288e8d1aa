/**
 * The preload (sandboxed, context-isolated): exposes the IPC bridge as `window.aimux` and nothing
 * else. Bundled to one CommonJS file by scripts/build.mjs (a sandboxed preload cannot load modules).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_BRIDGE_GLOBAL } from '../../shared/api/ipc-client';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(IPC_BRIDGE_GLOBAL, createBridge(ipcRenderer));
