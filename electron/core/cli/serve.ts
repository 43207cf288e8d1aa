/**
 * `aimux serve`: runs the proxy headless (servers, WSL, CI) until SIGINT/SIGTERM.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createCore } from '../index';
import type { Logger } from '../proxy/runtime';
import { AIMUX_VERSION } from '../version';
import { UsageError } from './usage-error';
import { loadUserConfig, resolveDataDir } from './user-config';


function stderrLogger(quiet: boolean): Logger {
  return {
    info: (m) => {
      if (!quiet) process.stdout.write(`${m}\n`);
    },
    warn: (m) => process.stderr.write(`warning: ${m}\n`),
    error: (m, err) => process.stderr.write(`error: ${m}${err instanceof Error ? `: ${err.message}` : ''}\n`),
  };
}

export async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const logger = stderrLogger(values.quiet ?? false);
  const dataDir = resolveDataDir(values['data-dir']);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const config = await loadUserConfig(dataDir, values.config);

  let port = config.server.port;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number from 0 to 65535, got "${values.port}"`);
  }
  const host = values.host ?? config.server.host;
  const core = createCore({ config, logger });
  if (!(values.quiet ?? false)) {
    core.on('request.finished', (e) => {
      const target = e.providerId ? `${e.providerId}/${e.model}` : '-';
      logger.info(`${new Date(e.at).toISOString()} ${e.status} ${e.class} → ${target} attempts=${e.attempts} ${e.latencyMs}ms in=${e.inputTokens} out=${e.outputTokens}`);
    });
  }
  let url: string;
  try {
    url = await core.listen(host, port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is already in use (choose another with --port)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on host "${host}"`);
    throw err;
  }
  // One write, so a reader that sees the URL also sees the rest of the banner.
  process.stdout.write(
    `aimux ${AIMUX_VERSION} listening on ${url}\nconfig: ${config.source}\ndata dir: ${dataDir}\n` +
      `Claude Code: ANTHROPIC_BASE_URL=${url} claude    OpenAI clients: base URL ${url}/v1\n`,
  );

  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write(`${signal} again: exiting now\n`);
        process.exit(130);
      }
      stopping = true;
      process.stdout.write(`${signal}: stopping (waiting up to ${config.server.shutdownGraceMs} ms for in-flight requests)\n`);
      core.close(config.server.shutdownGraceMs).then(
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

