/// <reference types="vite/client" />
import type { IpcBridge } from '../shared/api/ipc-client';

declare global {
  interface Window {
    /** Exposed by the desktop app's preload; absent in a browser. */
    aimux?: IpcBridge;
  }
}
