/**
 * The whole aimux behind one object: the proxy core, the config store (file + live reload), the
 * secret store, the management API handlers and their live events. `aimux serve` and the Electron
 * main process are its two callers; each passes what differs (the secret store, the mode).
 */
import type { ApiHandlers } from '../../../shared/api/client';
import type { ApiEventMap, ApiEventName } from '../../../shared/api/events';
import type { StatusView } from '../../../shared/api/dto/status';
import type { CoreHandle } from '../index';
import type { AuditEntry } from '../../../shared/api/dto/observability';
import type { Clock, Logger, SecretStore } from '../deps';

export interface AimuxServiceOptions {
  /** Config, tokens, history and the runtime file live here (the desktop app's userData). */
  dataDir: string;
  /** Default: `<dataDir>/config.json`. */
  configPath?: string;
  mode: 'headless' | 'desktop';
  secretStore: SecretStore;
  /**
   * Override the config's server.host / server.port (the CLI's --host/--port). Only a host given
   * here may be beyond loopback (security/bind-policy.ts), and then only with a proxy token.
   */
  host?: string;
  port?: number;
  logger?: Logger;
  env?: Readonly<Record<string, string | undefined>>;
  /** How the user names this data dir on the command line (`--data-dir X`), for advice in messages. */
  dataDirFlag?: string;
  /** Watch the config file for edits (default true). */
  watch?: boolean;
  /** Time for the proxy and the metrics (tests pass a manual clock). */
  clock?: Clock;
  /** Observability timers: history writes, database retries, live snapshots (tests shorten them). */
  observability?: { flushMs?: number; retryMs?: number; busyMs?: number; snapshotMs?: number };
  /** Desktop-only operations (start at login, updates); the headless service answers UNSUPPORTED. */
  desktop?: Partial<Pick<ApiHandlers, 'getDesktopSettings' | 'updateDesktopSettings' | 'checkForUpdates' | 'restartToUpdate'>>;
}

export interface AimuxService {
  /** The management API, one function per operation (validated input in, data out). */
  readonly api: ApiHandlers;
  /** Live events for the API's event stream and the desktop's IPC. */
  on<E extends ApiEventName>(event: E, listener: (data: ApiEventMap[E]) => void): () => void;
  emit<E extends ApiEventName>(event: E, data: ApiEventMap[E]): void;
  readonly core: CoreHandle;
  /** Starts listening (proxy + API + dashboard on one port). */
  start(): Promise<StatusView>;
  /** Stops accepting, drains in-flight requests within `graceMs`, closes everything. */
  stop(graceMs?: number): Promise<{ forced: number }>;
  status(): StatusView;
  /**
   * Adds an entry to the audit log (who, what; never key material). Key and token operations of the
   * API are recorded already; use it for changes made some other way.
   */
  recordAudit(entry: Pick<AuditEntry, 'actor' | 'action' | 'detail'>): AuditEntry;
}
