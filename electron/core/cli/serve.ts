/**
 * `aimux serve`: runs the proxy headless (servers, WSL, CI) until SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/schema';
import { isProxyError } from '../errors';
import { isLoopbackHost } from '../security/bind-policy';
import { createKeyringSecretStore } from '../secrets/keyring-store';
import { ADMIN_TOKEN_FILE, tokenFile } from '../security/token-file';
import { createAimuxService } from '../service/create-service';
import { findRunning } from '../service/runtime-file';
import { AIMUX_VERSION } from '../version';
import { createServiceLogger, LOG_LEVELS } from '../logging/pino-logger';
import type { LogLevel } from '../logging/pino-logger';
import { logRequest } from '../logging/request-line';
import { resolveDataDir } from './common';
import { UsageError } from './usage-error';
import { createUiMount, findUiDir } from '../server/static-ui';


export async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'log-level': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const level = values['log-level'] ?? (values.quiet ? 'warn' : 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  const logger = createServiceLogger({ level: level as LogLevel });
  const dataDir = resolveDataDir(values['data-dir']);
  const configPath = values.config !== undefined ? resolve(values.config) : undefined;
  if (configPath !== undefined && !existsSync(configPath)) throw new ConfigError(configPath, ['file not found']);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number from 0 to 65535, got "${values.port}"`);
  }
  const running = await findRunning(dataDir);
  if (running) {
    throw new UsageError(`aimux already runs for ${dataDir} at ${running.url} (pid ${running.pid}, ${running.mode}); use it, or stop it first`);
  }
  const service = await createAimuxService({
    dataDir,
    ...(configPath ? { configPath } : {}),
    mode: 'headless',
    secretStore: createKeyringSecretStore({ probeInChild: true }),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(values['data-dir'] !== undefined ? { dataDirFlag: `--data-dir ${values['data-dir']}` } : {}),
    logger,
  }, { mounts: [createUiMount(findUiDir())] });
  const knowKeys = () => logger.setSecrets(service.core.config().providers.flatMap((p) => p.apiKeys.map((k) => k.value)));
  knowKeys();
  service.on('config', knowKeys);
  if (logger.isLevelEnabled('info')) service.core.on('request.finished', (e) => logRequest(logger, e));
  let status;
  try {
    status = await service.start();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = service.status();
    if (code === 'EADDRINUSE') throw new UsageError(`port ${where.port} on ${where.host} is already in use (choose another with --port)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on host "${where.host}"`);
    if (isProxyError(err) && err.code === 'CONFIG_INVALID') throw new UsageError(err.message);
    throw err;
  }
  const url = status.url!;
  const token = await tokenFile(dataDir, ADMIN_TOKEN_FILE).ensure();
  const config = service.core.config();
  const notes: string[] = [];
  if (config.migratedFrom !== undefined) notes.push(`note: ${config.source} is in config format version ${config.migratedFrom}; it is read as version 2 and saved in the new form on the next change`);
  if (!isLoopbackHost(status.host)) notes.push(`note: bound to ${status.host} port ${status.port}, reachable from other machines; every client must present the proxy token`);
  if (!status.secretStore.available) notes.push(`note: keys cannot be added through aimux here: ${status.secretStore.reason}`);
  // One write, so a reader that sees the URL also sees the rest of the banner.
  process.stdout.write(
    `aimux ${AIMUX_VERSION} listening on ${url}\nconfig: ${config.source}\ndata dir: ${dataDir}\n` +
      `dashboard: ${url}/ui/#token=${token}\n` +
      (status.proxyTokenRequired
        ? `proxy token: required (print it with: aimux token proxy show)\nClaude Code: ANTHROPIC_BASE_URL=${url} ANTHROPIC_AUTH_TOKEN=<proxy token> claude    OpenAI clients: base URL ${url}/v1, API key <proxy token>\n`
        : `Claude Code: ANTHROPIC_BASE_URL=${url} claude    OpenAI clients: base URL ${url}/v1\n`) +
      notes.map((n) => `${n}\n`).join(''),
  );
  const graceMs = config.server.shutdownGraceMs;

  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write(`${signal} again: exiting now\n`);
        process.exit(130);
      }
      stopping = true;
      process.stdout.write(`${signal}: stopping (waiting up to ${graceMs} ms for in-flight requests)\n`);
      service.stop(graceMs).then(
        ({ forced }) => {
          if (forced > 0) process.stderr.write(`closed ${forced} request(s) still running after the grace period\n`);
          process.stdout.write('stopped\n');
          done(0);
        },
        (err: unknown) => {
          logger.error('shutdown failed', err);
          done(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}

