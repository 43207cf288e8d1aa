/**
 * How a CLI command reaches aimux: the running proxy's API when one owns the data dir (so its live
 * config, health and keys are the ones changed), otherwise the config file directly through the
 * same operations in-process. The command says which on stderr.
 */
import type { ApiClient } from '../../../shared/api/client';
import { createHttpClient } from '../../../shared/api/http-client';
import { createLocalClient } from '../api/local-client';
import { SILENT_LOGGER } from '../index';
import { createKeyringSecretStore } from '../secrets/keyring-store';
import { ADMIN_TOKEN_FILE, tokenFile } from '../security/token-file';
import { createAimuxService } from '../service/create-service';
import { findRunning } from '../service/runtime-file';
import type { AimuxService } from '../service/types';
import { UsageError } from './usage-error';

export interface Connection {
  client: ApiClient;
  /** `running aimux at http://…` or `config file /…/config.json`. */
  via: string;
  running: boolean;
  close(): Promise<void>;
}

export async function connect(dataDir: string, opts: { quiet?: boolean } = {}): Promise<Connection> {
  const say = (m: string) => {
    if (!opts.quiet) process.stderr.write(`${m}\n`);
  };
  const running = await findRunning(dataDir);
  if (running) {
    const token = await tokenFile(dataDir, ADMIN_TOKEN_FILE).read();
    if (!token) throw new UsageError(`aimux runs at ${running.url} but ${dataDir} has no admin-token file`);
    say(`using the running aimux at ${running.url}`);
    return { client: createHttpClient({ baseUrl: running.url, token, actor: 'cli' }), via: `running aimux at ${running.url}`, running: true, close: async () => {} };
  }
  let service: AimuxService;
  service = await createAimuxService({ dataDir, mode: 'headless', secretStore: createKeyringSecretStore(), watch: false, logger: SILENT_LOGGER });
  const path = service.status().configPath;
  say(`aimux is not running: working on ${path}`);
  return {
    client: createLocalClient(service.api, 'cli', service.on),
    via: `config file ${path}`,
    running: false,
    close: async () => void (await service.stop(0)),
  };
}
