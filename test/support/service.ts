/** Starts the whole service (core + management API) on 127.0.0.1:0 in a temp data dir, as `aimux serve` does. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from '../../shared/api/client';
import { createHttpClient } from '../../shared/api/http-client';
import type { Clock, Logger, SecretStore } from '../../electron/core/deps';
import { createMemorySecretStore } from '../../electron/core/secrets/memory-store';
import { createAimuxService } from '../../electron/core/service/create-service';
import type { AimuxService, AimuxServiceOptions } from '../../electron/core/service/types';
import type { Mount } from '../../electron/core/server/app';
import { ADMIN_TOKEN_FILE, tokenFile } from '../../electron/core/security/token-file';

export interface TestService {
  service: AimuxService;
  url: string;
  token: string;
  dataDir: string;
  api: ApiClient;
  logs: string[];
  secrets: SecretStore;
  close(): Promise<void>;
}

export function tempDataDir(prefix = 'aimux-svc-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface StartServiceOptions {
  config?: unknown;
  env?: Record<string, string>;
  secrets?: SecretStore;
  dataDir?: string;
  watch?: boolean;
  clock?: Clock;
  observability?: AimuxServiceOptions['observability'];
  /** Replaces the test logger (which collects lines into `logs`). */
  logger?: Logger;
  mounts?: Mount[];
}

export async function startService(opts: StartServiceOptions = {}): Promise<TestService> {
  const dataDir = opts.dataDir ?? tempDataDir();
  if (opts.config !== undefined) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(opts.config, null, 2));
  const logs: string[] = [];
  const logger: Logger = {
    info: (m) => void logs.push(m),
    warn: (m) => void logs.push(`warn: ${m}`),
    error: (m, err) => void logs.push(`error: ${m}${err instanceof Error ? `: ${err.message}` : ''}`),
  };
  const secrets = opts.secrets ?? createMemorySecretStore();
  // Claude Code's settings live in the temp dir too: the API's setup must never touch the real ~/.claude.
  const env = { CLAUDE_CONFIG_DIR: join(dataDir, 'claude'), ...opts.env };
  const service = await createAimuxService(
    {
      dataDir,
      mode: 'headless',
      secretStore: secrets,
      host: '127.0.0.1',
      port: 0,
      logger: opts.logger ?? logger,
      env,
      watch: opts.watch ?? false,
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.observability ? { observability: opts.observability } : {}),
    },
    opts.mounts ? { mounts: opts.mounts } : {},
  );
  const status = await service.start();
  const token = (await tokenFile(dataDir, ADMIN_TOKEN_FILE).read())!;
  const url = status.url!;
  return {
    service,
    url,
    token,
    dataDir,
    logs,
    secrets,
    api: createHttpClient({ baseUrl: url, token: () => token, actor: 'ui' }),
    close: async () => void (await service.stop(1000)),
  };
}
