/**
 * What the management API's handlers work with: the live config store, the secret store, the
 * running core, the token files, and the service's status and event sink. Built once by the
 * service (service/create-service.ts); handlers hold no state of their own.
 */
import type { ApiEventMap, ApiEventName } from '../../../shared/api/events';
import type { StatusView } from '../../../shared/api/dto/status';
import type { ConfigStore } from '../config/store';
import type { Logger, SecretStore } from '../deps';
import type { CoreHandle } from '../index';
import type { TokenFile } from '../security/token-file';

export interface ApiContext {
  store: ConfigStore;
  secrets: SecretStore;
  core: CoreHandle;
  dataDir: string;
  mode: 'headless' | 'desktop';
  tokens: { admin: TokenFile; proxy: TokenFile };
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  status(): StatusView;
  /** Re-reads what `status()` caches (whether the secret store works, which can change at run time). */
  refreshStatus(): Promise<void>;
  emit<E extends ApiEventName>(event: E, data: ApiEventMap[E]): void;
  /** The proxy's base URL for requests the API makes through the real path (the provider test). */
  proxyUrl(): Promise<string>;
  /** Sent as `x-aimux-internal` on those requests (see CoreRuntime.internalToken). */
  internalToken: string;
  /** The config's server host and port when the listener started (a saved change applies on restart). */
  listenedWith(): { host: string; port: number } | undefined;
}
