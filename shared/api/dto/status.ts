/** The running aimux as the API shows it: where it listens, its state, where its data lives. */

export type ProxyState = 'running' | 'paused' | 'error';

export interface SecretStoreStatus {
  /** `os-keychain` (headless: macOS Keychain, Windows Credential Manager, Linux Secret Service), `safe-storage` (desktop). */
  kind: 'os-keychain' | 'safe-storage' | 'memory' | 'none';
  available: boolean;
  /** Why not, and what to do instead (e.g. use env: references). */
  reason?: string;
}

export interface StatusView {
  version: string;
  mode: 'headless' | 'desktop';
  state: ProxyState;
  /** For `error`: what went wrong (e.g. the port is taken). */
  error?: string;
  /** The proxy's base URL, e.g. http://127.0.0.1:4141; null while not listening. */
  url: string | null;
  host: string;
  port: number;
  pid: number;
  startedAt: number;
  /** The config file path, or the built-in default's description. */
  configSource: string;
  configPath: string;
  /** Set when the file on disk is in an older format (written in the new form on the next save). */
  configMigratedFrom?: number;
  dataDir: string;
  secretStore: SecretStoreStatus;
  /** True when clients must present the proxy token. */
  proxyTokenRequired: boolean;
  /** Providers other than the built-in synthetic one. */
  userProviders: number;
}

export interface SettingsView {
  server: {
    host: string;
    port: number;
    maxBodyBytes: number;
    shutdownGraceMs: number;
    pingIntervalMs: number;
    /** Web page origins allowed to call the proxy routes from a browser. */
    allowedOrigins: readonly string[];
    /** Client connection limits (apply on restart). */
    limits: { maxHeaderBytes: number; headersTimeoutMs: number; requestTimeoutMs: number; idleTimeoutMs: number; maxConnections: number; maxRequestsPerConnection: number };
  };
  /** True when a saved change (host, port) applies only after a restart. */
  restartRequired: boolean;
}

export interface ConfigExport {
  /** The config document without keys: literal and keychain keys are left out, `env:` references kept. */
  config: unknown;
  omittedKeys: number;
}

export interface ConfigImportResult {
  providers: number;
  /** Literal keys moved into the secret store. */
  keysMoved: number;
  warnings: string[];
}

export interface ConfigValidation {
  ok: boolean;
  problems: string[];
}

export interface TokenResult {
  /** Shown once; store it where the client needs it. */
  token: string;
}

export interface ProxyTokenStatus {
  set: boolean;
  /** Required on every proxy route (always true when bound beyond loopback). */
  required: boolean;
}
